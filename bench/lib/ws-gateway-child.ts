/**
 * Child process for the idle-connection figure: the WebSocket transport as
 * `rosetta dev --auth` runs it (tenant spaces, the embedded issuer's verifier), in a
 * process started with --expose-gc so memory is read after full collections. Prints
 * `{"event":"listening","url":…}`; each `{"op":"measure"}` line on stdin answers
 * `{"event":"memory","rss":…,"heap":…,"external":…}` (bytes, after GC).
 *
 * usage: node --expose-gc ws-gateway-child.js <data-dir>
 */
import { createInterface } from 'node:readline';
import { DEFAULT_AUDIENCE, KeyStore, TokenVerifier } from '../../gateway/auth/index.js';
import { TenantSpaces } from '../../gateway/tenancy/index.js';
import { WsGateway } from '../../gateway/ws/index.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const store = await new KeyStore(process.argv[2]!).open();
const verifier = new TokenVerifier({ tenants: [{ id: '*', issuer: store.issuer, audience: DEFAULT_AUDIENCE, jwks: store.jwks() }] });
const spaces = new TenantSpaces();
const ws = new WsGateway(spaces, { host: '127.0.0.1', port: 0, authenticate: (t) => verifier.verify(t) });
const url = await ws.start();
process.stdout.write(JSON.stringify({ event: 'listening', url }) + '\n');
createInterface({ input: process.stdin }).on('line', async (line) => {
  let op: unknown;
  try { op = (JSON.parse(line) as { op?: unknown }).op; } catch { return; }
  if (op !== 'measure') return;
  for (let i = 0; i < 3; i++) { await new Promise((r) => setTimeout(r, 20)); gc(); }
  const m = process.memoryUsage();
  process.stdout.write(JSON.stringify({ event: 'memory', rss: m.rss, heap: m.heapUsed, external: m.external, sessions: ws.sessionCount }) + '\n');
});
