/**
 * `rosetta` command line. `rosetta dev` starts one gateway process with embedded
 * defaults, hosting the example actors, and prints every listening address. It
 * owns the process's memory guard (idle virtual actors are shed under heap
 * pressure) and, on SIGTERM/SIGINT, closes the transports, then stops every
 * tenant's actors within a deadline (system-shutdown.ts) and exits.
 */
import { parseArgs } from 'node:util';
import { MemoryGuard } from '../actors/index.js';
import { Remote } from '../remote/index.js';
import { WsGateway } from '../ws/index.js';
import { TenantSpaces, type QuotaLimits } from '../tenancy/index.js';
import { quotaFlags } from './quota-flags.js';
import { KeyStore, TokenVerifier, DEFAULT_AUDIENCE, RevocationStore, readTrustFile, type Principal } from '../auth/index.js';
import { tokenCommand, keysCommand, revokeCommand } from './token-command.js';
import { echoProps, hostExampleActors } from '../../examples/dev-actors.js';

const HELP = `rosetta — polyglot actor gateway

usage: rosetta dev [options]
       rosetta token create --tenant <id> --sub <subject> [--allow-send p]... [--allow-node host:port]... [--ttl 1h] [--json]
       rosetta keys rotate | rosetta keys jwks
       rosetta revoke --token <jwt> | --jti <id> [--exp <epoch s>] | --tenant <id> --sub <subject> [--before <epoch s>]

  --host <host>            interface to listen on (default 127.0.0.1)
  --grpc-port <port>       Proto.Actor remoting port, 0 = any free port (default 8090)
  --ws-port <port>         WebSocket (rosetta.v1.msgpack) port, 0 = any free port (default 8080)
  --advertise <host:port>  address put in this node's PIDs (default host:port)
  --dialect <v2024|v2025>  wire dialect of Proto.Actor peers (default v2025)
  --peer <addr=dialect[@tenant]>  per-peer dialect, repeatable (e.g. --peer 127.0.0.1:8091=v2024); with --auth,
                           @tenant lets that tenant dial the node before it connects (otherwise a tenant
                           dials only nodes that connected with its token)
  --auth                   require a JWT on every connection (embedded issuer; prints a dev token)
  --trust <file>           more trusted issuers (JSON: tenants with issuer, audience, jwksFile|jwksUrl)
  --data-dir <dir>         keys, revocations and state (default .rosetta-data)
  --max-connections <n>    per tenant: concurrent gRPC streams + WebSocket sessions (default 10000)
  --max-envelopes-per-sec <n>  per tenant: inbound envelopes/s, bursting one second's worth (default unlimited)
  --max-names <n>          per tenant: registered names (default 100000)
  --max-bytes-in-flight <n>    per tenant: bytes queued toward its connections (default 67108864)
  --max-actors <n>         per tenant: live actors, spawned and virtual (default 1000000)
  --quota <tenant:key=n,…> one tenant's own limits, repeatable; keys: connections, envelopesPerSecond,
                           names, bytesInFlight, actors (e.g. --quota acme:envelopesPerSecond=5000)
  --ping-interval-ms <ms>  WebSocket liveness: ping every interval, drop a client silent for two (default 30000)
  --no-examples            do not host the example actors
  -h, --help               this text
`;

/** Actors get this long to stop on SIGTERM; the transports close first, the whole exit stays under 5 s. */
const ACTOR_SHUTDOWN_MS = 4_000;

/** For benchmarks and tests driving a real `rosetta dev`: `ready` runs once it listens. */
export interface DevHooks {
  ready?(spaces: TenantSpaces): void | Promise<void>;
}

export async function main(command: string, argv: string[], hooks: DevHooks = {}): Promise<number> {
  if (command === 'help' || command === '--help' || command === '-h') { process.stdout.write(HELP); return 0; }
  if (command === 'token') return tokenCommand(argv);
  if (command === 'keys') return keysCommand(argv);
  if (command === 'revoke') return revokeCommand(argv);
  if (command !== 'dev') { process.stderr.write(`rosetta: unknown command '${command}'\n\n${HELP}`); return 2; }
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        'grpc-port': { type: 'string', default: '8090' },
        'ws-port': { type: 'string', default: '8080' },
        advertise: { type: 'string' },
        dialect: { type: 'string', default: 'v2025' },
        peer: { type: 'string', multiple: true, default: [] },
        'no-examples': { type: 'boolean', default: false },
        'max-connections': { type: 'string' },
        'max-envelopes-per-sec': { type: 'string' },
        'max-names': { type: 'string' },
        'max-bytes-in-flight': { type: 'string' },
        'max-actors': { type: 'string' },
        quota: { type: 'string', multiple: true, default: [] },
        auth: { type: 'boolean', default: false },
        'data-dir': { type: 'string', default: '.rosetta-data' },
        trust: { type: 'string' },
        'ping-interval-ms': { type: 'string', default: '30000' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    process.stderr.write(`rosetta: ${(err as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) { process.stdout.write(HELP); return 0; }
  const dialect = values.dialect;
  if (dialect !== 'v2024' && dialect !== 'v2025') { process.stderr.write(`rosetta: --dialect must be v2024 or v2025\n`); return 2; }
  const peers: Record<string, { dialect: 'v2024' | 'v2025'; tenant?: string }> = {};
  for (const p of values.peer) {
    const m = /^([^=]+)=(v2024|v2025)(?:@([A-Za-z0-9_.-]{1,64}))?$/.exec(p);
    if (!m) { process.stderr.write(`rosetta: bad --peer '${p}' (want host:port=v2024|v2025[@tenant])\n`); return 2; }
    peers[m[1]!] = { dialect: m[2] as 'v2024' | 'v2025', ...(m[3] ? { tenant: m[3] } : {}) };
  }
  const port = Number(values['grpc-port']);
  if (!Number.isInteger(port) || port < 0 || port > 65535) { process.stderr.write(`rosetta: bad --grpc-port\n`); return 2; }

  let quotas: (tenant: string) => QuotaLimits;
  try {
    quotas = quotaFlags(values);
  } catch (err) {
    process.stderr.write(`rosetta: ${(err as Error).message}\n`);
    return 2;
  }

  let authenticate: ((token: string | undefined) => Promise<Principal>) | undefined;
  let devToken: string | undefined;
  let revocations: RevocationStore | undefined;
  const httpRoutes: Record<string, () => unknown> = { '/healthz': () => ({ status: 'ok' }) };
  let isRevoked: ((p: Principal) => boolean) | undefined;
  if (values.auth) {
    const store = await new KeyStore(values['data-dir']).open();
    // The embedded issuer names the tenant in `tid`: each tenant gets its own actor space.
    let trust: ReturnType<typeof readTrustFile> = { tenants: [] };
    try {
      if (values.trust) trust = readTrustFile(values.trust);
    } catch (err) {
      process.stderr.write(`rosetta: ${(err as Error).message}\n`);
      return 2;
    }
    const verifier = new TokenVerifier({ ...trust, tenants: [{ id: '*', issuer: store.issuer, audience: DEFAULT_AUDIENCE, jwks: () => store.currentJwks() }, ...trust.tenants] });
    httpRoutes['/.well-known/jwks.json'] = () => store.currentJwks();
    authenticate = (t) => verifier.verify(t);
    revocations = new RevocationStore(values['data-dir'], verifier.revocations);
    isRevoked = (p) => verifier.isRevoked(p);
    devToken = await store.issue({ tenant: 'dev', subject: 'developer', ttlSeconds: 24 * 3600 });
  }
  let actors: string[] = [];
  const memoryGuard = new MemoryGuard().start();
  const spaces = new TenantSpaces((space) => { if (!values['no-examples']) actors = hostExampleActors(space.system); }, quotas, { memoryGuard });
  const remote = new Remote(spaces, { host: values.host, port, advertisedAddress: values.advertise, dialect, peers, authenticate });
  if (!values['no-examples']) remote.register('echo', echoProps);
  const wsPort = Number(values['ws-port']);
  if (!Number.isInteger(wsPort) || wsPort < 0 || wsPort > 65535) { process.stderr.write(`rosetta: bad --ws-port\n`); return 2; }
  const address = await remote.start();
  const pingIntervalMs = Number(values['ping-interval-ms']);
  if (!Number.isInteger(pingIntervalMs) || pingIntervalMs < 10) { process.stderr.write(`rosetta: bad --ping-interval-ms\n`); return 2; }
  const ws = new WsGateway(spaces, { host: values.host, port: wsPort, authenticate, types: remote.types, pingIntervalMs, httpRoutes });
  // Create the newcomer's space now (its examples are hosted by the setup above); other tenants' on first use.
  spaces.get(values.auth ? 'dev' : 'default');
  if (!values['no-examples']) actors = [...actors, 'kind echo (remote spawn)'];
  const wsUrl = await ws.start();
  // `rosetta revoke` in another shell: live connections holding a now-revoked token are closed.
  revocations?.watch(() => {
    const message = 'revoked: token has been revoked';
    const closed = ws.closeWhere(isRevoked!, message) + remote.closeWhere(isRevoked!, message);
    if (closed > 0) process.stderr.write(JSON.stringify({ level: 'warn', msg: 'closed connections with revoked tokens', count: closed }) + '\n');
  });
  process.stdout.write(JSON.stringify({ event: 'listening', grpc: address, ws: wsUrl, dialect, actors, auth: Boolean(values.auth), ...(devToken ? { devToken } : {}) }) + '\n');
  process.stdout.write(`Rosetta dev gateway\n  gRPC (Proto.Actor remoting, ${dialect}): ${address}\n  WebSocket (rosetta.v1.msgpack): ${wsUrl}\n  actors: ${actors.join(', ') || '(none)'}\n`);
  if (devToken) process.stdout.write(`  auth: on — dev tenant token (24 h), pass as 'authorization: Bearer …':\n  ${devToken}\n`);
  else process.stdout.write(`  auth: off (start with --auth to require tokens)\n`);

  const signalled = new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await hooks.ready?.(spaces);
  await signalled;
  const stopping = performance.now();
  memoryGuard.stop();
  revocations?.close();
  await ws.shutdown();
  await remote.shutdown();
  const report = await spaces.shutdown(Math.max(500, ACTOR_SHUTDOWN_MS - (performance.now() - stopping)));
  if (report.remaining > 0) process.stderr.write(JSON.stringify({ level: 'warn', msg: 'actors still running at exit', ...report }) + '\n');
  return 0;
}
