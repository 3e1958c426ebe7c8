/**
 * A CRDT server in its own process for the `crdt` benchmark:
 *  - `gateway`: the real Rosetta gateway (Gateway.start, as `rosetta start` builds it): documents
 *    multiplexed over its WebSocket sessions (`documents` frames), an LMDB store in a temporary
 *    folder, every write fsync'd before its ack;
 *  - `library`: the crdt library alone behind a minimal `ws` transport (test/helpers/crdt-ws-server.ts,
 *    sockets corked per turn) — what the gateway adds shows as the difference;
 *  - `hocuspocus`: @hocuspocus/server 3.4.3 (`Hocuspocus.handleConnection`, no extensions: in memory only).
 * All on 127.0.0.1, permessage-deflate off.
 * stdin commands (JSON lines): {"cmd":"mem"} → {"event":"mem", heapUsed, external, rss, docs} after a full GC.
 * usage: node --expose-gc crdt-server-child.js <gateway|library|hocuspocus> <dir>
 */
import { createInterface } from 'node:readline';
import { Hocuspocus } from '@hocuspocus/server';
import { WebSocketServer } from 'ws';
import { CrdtStore, DocumentRegistry } from '../../crdt/index.js';
import { Gateway } from '../../gateway/gateway.js';
import { consoleLogger } from '../../gateway/log/index.js';
import { CrdtWsServer } from '../../test/helpers/crdt-ws-server.js';

const [which, dir] = process.argv.slice(2) as [string, string];
const out = (o: object) => process.stdout.write(JSON.stringify(o) + '\n');
const gc = (globalThis as { gc?: () => void }).gc;

let docs: () => number;
if (which === 'gateway') {
  const gw = await Gateway.start({
    grpc: { port: 0 }, ws: { port: 0 }, dataDir: dir, fdMonitor: false, memoryGuard: false,
    documents: { limits: { maxUpdateBytes: 8 * 1024 * 1024 } }, logger: { ...consoleLogger, info: () => {} },
  });
  docs = () => gw.documents!.loadedCount;
  out({ event: 'listening', port: Number(gw.addresses.ws.slice(gw.addresses.ws.lastIndexOf(':') + 1)) });
} else if (which === 'library') {
  const store = CrdtStore.open(dir);
  const registry = new DocumentRegistry({ store, tenant: 'bench', limits: { maxUpdateBytes: 8 * 1024 * 1024 } });
  const server = new CrdtWsServer({ registry });
  docs = () => registry.loadedCount;
  out({ event: 'listening', port: await server.ready });
} else {
  const hocuspocus = new Hocuspocus({ quiet: true });
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 });
  wss.on('connection', (ws, req) => hocuspocus.handleConnection(ws, req));
  await new Promise<void>((r) => wss.on('listening', () => r()));
  docs = () => hocuspocus.getDocumentsCount();
  out({ event: 'listening', port: (wss.address() as { port: number }).port });
}

createInterface({ input: process.stdin }).on('line', async (line) => {
  const c = JSON.parse(line) as { cmd: string };
  if (c.cmd === 'mem') {
    for (let i = 0; i < 3; i++) { await new Promise((r) => setTimeout(r, 20)); gc?.(); }
    const m = process.memoryUsage();
    out({ event: 'mem', heapUsed: m.heapUsed, external: m.external, rss: m.rss, docs: docs() });
  }
});
// An orderly exit on SIGINT (so --cpu-prof, when profiling the child, can write its profile).
process.on('SIGINT', () => process.exit(0));
