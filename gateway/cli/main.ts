/**
 * `rosetta` command line: parses arguments and calls the composition root
 * (serve-command.ts → Gateway.start) or the token tools. Nothing is assembled here.
 */
import { consoleLogger, RateLimitedLog } from '../log/index.js';
import { installProcessGuard } from '../operations/process-guard.js';
import { serveCommand, type ServeHooks } from './serve-command.js';
import { keysCommand, revokeCommand, tokenCommand } from './token-command.js';

export const HELP = `rosetta — polyglot actor gateway

usage: rosetta dev [options]                 the gateway with the example actors (zero configuration)
       rosetta start [--actors <module>] [--config <file.json>] [options]
       rosetta token create --tenant <id> --sub <subject> [--allow-send p]... [--allow-node host:port]... [--ttl 1h] [--json]
       rosetta keys rotate | rosetta keys jwks
       rosetta revoke --token <jwt> | --jti <id> [--exp <epoch s>] | --tenant <id> --sub <subject> [--before <epoch s>]
       rosetta conformance [--case <pattern>] [--agent [name=]<cmd>] [--json] …   (from a clone: every language's agent; --help)

  --actors <module>        a module exporting setup(tenant): your actors, kinds and spawnable kinds per tenant
  --config <file.json>     gateway options as JSON (see gateway/config.ts), plus "actors": "<module>"; flags override it
  --no-examples            (dev) do not host the example actors
  --host <host>            interface to listen on (default 127.0.0.1)
  --grpc-port <port>       Proto.Actor remoting port, 0 = any free port (default 8090)
  --ws-port <port>         WebSocket port (rosetta.v1.msgpack / rosetta.v1.protobuf), 0 = any free port (default 8080)
  --advertise <host:port>  address put in this node's PIDs (default host:port)
  --dialect <v2024|v2025>  wire dialect of Proto.Actor peers (default v2025)
  --peer <addr=dialect[@tenant]>  per-peer dialect, repeatable (e.g. --peer 127.0.0.1:8091=v2024); with --auth,
                           @tenant lets that tenant dial the node before it connects (otherwise a tenant
                           dials only nodes that connected with its token)
  --auth                   require a JWT on every connection (embedded issuer; dev prints a dev token)
  --trust <file>           more trusted issuers (JSON: tenants with issuer, audience, jwksFile|jwksUrl)
  --data-dir <dir>         keys, revocations and state (default .rosetta-data)
  --max-connections <n>    per tenant: concurrent gRPC streams + WebSocket sessions (default 10000)
  --max-envelopes-per-sec <n>  per tenant: inbound envelopes/s, bursting one second's worth (default unlimited)
  --max-names <n>          per tenant: registered names (default 100000)
  --max-bytes-in-flight <n>    per tenant: bytes queued toward its connections (default 67108864)
  --max-actors <n>         per tenant: live actors, spawned and virtual (default 1000000)
  --quota <tenant:key=n,…> one tenant's own limits, repeatable; keys: connections, envelopesPerSecond,
                           names, bytesInFlight, actors (e.g. --quota acme:envelopesPerSecond=5000)
  --ping-interval-ms <ms>  WebSocket liveness: ping every interval, drop a client silent for one (default 30000)
  --yjs-path <path>        where stock y-websocket providers connect: ws://<host>:<ws-port><path>/<document> (default /yjs)
  --no-documents           no replicated documents (no $crdt, no y-websocket endpoint, no documents frames)
  -h, --help               this text
`;

export async function main(command: string, argv: string[], hooks: ServeHooks = {}): Promise<number> {
  if (command === 'help' || command === '--help' || command === '-h') { process.stdout.write(HELP); return 0; }
  if (command === 'token') return tokenCommand(argv);
  if (command === 'keys') return keysCommand(argv);
  if (command === 'revoke') return revokeCommand(argv);
  if (command === 'conformance') return conformanceCommand(argv);
  if (command !== 'dev' && command !== 'start') { process.stderr.write(`rosetta: unknown command '${command}'\n\n${HELP}`); return 2; }
  // A gateway process: whatever escapes a handler is logged (rate-limited), never the end of it.
  installProcessGuard(new RateLimitedLog(consoleLogger, 5_000));
  return serveCommand(argv, command === 'dev', HELP, hooks);
}

/**
 * `rosetta conformance`: a thin dispatch to the conformance runner (conformance/main.ts), loaded
 * only for this command — the gateway never imports conformance code otherwise.
 */
async function conformanceCommand(argv: string[]): Promise<number> {
  let run: (argv: string[]) => Promise<number>;
  try {
    const runner = '../../conformance/main.js';
    ({ runConformance: run } = (await import(runner)) as { runConformance: typeof run });
  } catch (err) {
    process.stderr.write(`rosetta conformance: the runner is not here (it ships with a clone of the repository, built by npm run build): ${(err as Error).message}\n`);
    return 2;
  }
  return run(argv);
}
