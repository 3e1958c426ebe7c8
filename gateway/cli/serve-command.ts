/**
 * `rosetta start` and `rosetta dev`: flags (and an optional config file) → the
 * composition root → a running gateway until SIGINT/SIGTERM. `dev` is `start` with
 * zero configuration: the example actors, and with `--auth` a printed dev token.
 * The first stdout line is machine-readable:
 *
 *   {"event":"listening","grpc":"127.0.0.1:8090","ws":"ws://127.0.0.1:8080","dialect":"v2025","actors":[…],"auth":false}
 *
 * (the only way to learn the addresses with `--grpc-port 0`), then a banner for people.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Gateway } from '../gateway.js';
import type { GatewayOptions } from '../config.js';
import type { TenantSetup } from '../tenancy/index.js';
import { EXAMPLE_ACTORS, setup as exampleSetup } from '../../examples/dev-actors.js';
import { parseServeFlags } from './gateway-flags.js';

type Setup = (tenant: TenantSetup) => void;

/** For benchmarks and tests driving a real gateway process: `ready` runs once it listens, before it waits for a signal. */
export interface ServeHooks {
  ready?(gateway: Gateway): void | Promise<void>;
}

/** A module exporting `setup(tenant)` (or a default function): the user's actors. */
async function loadActors(path: string): Promise<Setup> {
  const mod = (await import(pathToFileURL(resolve(path)).href)) as { setup?: unknown; default?: unknown };
  const setup = typeof mod.setup === 'function' ? mod.setup : mod.default;
  if (typeof setup !== 'function') throw new Error(`${path} exports no setup(tenant) function`);
  return setup as Setup;
}

/** A JSON config file: GatewayOptions, plus `"actors"` (a module path relative to the file). */
function readConfig(file: string): { options: GatewayOptions; actors: string | undefined } {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as GatewayOptions & { actors?: unknown };
  const { actors, ...options } = raw;
  if (actors !== undefined && typeof actors !== 'string') throw new Error(`${file}: "actors" must be a module path`);
  return { options, actors: actors === undefined ? undefined : resolve(dirname(file), actors) };
}

/** Section-wise merge: `over` wins where it says something. */
function merge(base: GatewayOptions, over: GatewayOptions): GatewayOptions {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    out[k] = v !== null && typeof v === 'object' && !Array.isArray(v) ? { ...(out[k] as object | undefined), ...Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)) } : v;
  }
  return out as GatewayOptions;
}

export async function serveCommand(argv: string[], dev: boolean, help: string, hooks: ServeHooks = {}): Promise<number> {
  let flags, options: GatewayOptions, setups: Setup[] = [], hosted: string[] = [];
  try {
    flags = parseServeFlags(argv, dev);
    if (flags.help) { process.stdout.write(help); return 0; }
    const file = flags.configFile ? readConfig(flags.configFile) : { options: {}, actors: undefined };
    options = merge(file.options, flags.options);
    const actors = flags.actors ?? file.actors;
    if (flags.examples) { setups.push(exampleSetup); hosted = [...EXAMPLE_ACTORS]; }
    if (actors) { setups.push(await loadActors(actors)); hosted.push(`(${actors})`); }
  } catch (err) {
    process.stderr.write(`rosetta: ${(err as Error).message}\n\n${help}`);
    return 2;
  }
  const gw = await Gateway.start(options, { setup: (t) => { for (const s of setups) s(t); } });
  const c = gw.config;
  // The newcomer's space exists from the start (its actors are ready); other tenants' on first use.
  gw.space(c.auth.enabled ? 'dev' : 'default');
  const { grpc, ws } = gw.addresses;
  process.stdout.write(JSON.stringify({ event: 'listening', grpc, ws, dialect: c.grpc.dialect, actors: hosted, auth: c.auth.enabled, ...(gw.devToken ? { devToken: gw.devToken } : {}) }) + '\n');
  process.stdout.write([
    `Rosetta gateway${dev ? ' (dev)' : ''}`,
    `  gRPC (Proto.Actor remoting, ${c.grpc.dialect}): ${grpc}`,
    `  WebSocket (rosetta.v1.msgpack, rosetta.v1.protobuf): ${ws}`,
    `  actors: ${hosted.join(', ') || '(none)'}`,
    gw.devToken ? `  auth: on — dev tenant token (24 h), pass as 'authorization: Bearer …':\n  ${gw.devToken}` : c.auth.enabled ? '  auth: on' : '  auth: off (start with --auth to require tokens)',
  ].join('\n') + '\n');
  const signalled = new Promise<void>((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
  await hooks.ready?.(gw);
  await signalled;
  await gw.stop();
  return 0;
}
