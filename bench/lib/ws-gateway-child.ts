/**
 * Child process for the idle-connection figure: the WebSocket transport as
 * `rosetta dev --auth` runs it (tenant spaces, the embedded issuer's verifier), in a
 * process started with --expose-gc so memory is read after full collections. Prints
 * `{"event":"listening","url":…}`; each `{"op":"measure"}` line on stdin answers
 * `{"event":"memory","rss":…,"heap":…,"external":…}` (bytes, after GC).
 *
 * With `raw` instead of a data directory it runs a bare `ws` server (the baseline):
 * same upgrade, no hello, no session.
 *
 * usage: node --expose-gc ws-gateway-child.js <data-dir | raw>
 */
import { createInterface } from 'node:readline';
import { WebSocketServer } from 'ws';
import { Gateway } from '../../gateway/gateway.js';
import { silentLogger } from '../../gateway/log/index.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
let url: string;
let sessions: () => number;
if (process.argv[2] === 'raw') {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise((r) => server.once('listening', r));
  url = `ws://127.0.0.1:${(server.address() as { port: number }).port}`;
  server.on('connection', (s) => s.on('message', () => {}));
  sessions = () => server.clients.size;
} else {
  // Through the composition root, as `rosetta dev --auth` builds it (no example actors).
  const gw = await Gateway.start({ grpc: { port: 0 }, ws: { port: 0 }, auth: { enabled: true }, dataDir: process.argv[2]!, logger: silentLogger, fdMonitor: false });
  url = gw.addresses.ws;
  sessions = () => gw.live.size;
}
process.stdout.write(JSON.stringify({ event: 'listening', url }) + '\n');
createInterface({ input: process.stdin }).on('line', async (line) => {
  let op: unknown;
  try { op = (JSON.parse(line) as { op?: unknown }).op; } catch { return; }
  if (op !== 'measure') return;
  for (let i = 0; i < 3; i++) { await new Promise((r) => setTimeout(r, 20)); gc(); }
  const m = process.memoryUsage();
  process.stdout.write(JSON.stringify({ event: 'memory', rss: m.rss, heap: m.heapUsed, external: m.external, sessions: sessions() }) + '\n');
});
