/**
 * crdt: the Rosetta gateway's replicated documents (a real Gateway, documents
 * multiplexed over its WebSocket sessions, LMDB, every write fsync'd before its
 * ack) against @hocuspocus/server 3.4.3 (in memory, no extensions), each in its
 * own child process (lib/crdt-server-child.ts) on 127.0.0.1, driven by the same
 * load from this process, runs alternating:
 *  - fan-out: one writer streams N small text updates into a document that 100
 *    subscriber connections have synced; updates/s = N / time until every
 *    subscriber has received all N (judged by content — the writer's clock in
 *    what arrived — since Rosetta merges the changes of one turn into one
 *    message); the server's CPU per update from /proc;
 *  - 1 MB sync: a document built from 1,000 updates of ~1 KB; time from a new
 *    connection's join (+ empty step 1) until its step 2 has arrived;
 *  - memory per loaded document: JS heap + external (and RSS) growth of the
 *    server after one connection opens D documents with ~300 B each, after GC.
 * The crdt library alone behind a minimal `ws` transport (`library`) runs too:
 * the gateway's own cost is the difference. Plus the KvStore vs Y.Map size after
 * 500K writes over 10 keys (in-process).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { KvStore } from '../crdt/index.js';
import { decodeWsFrame, encodeWsFrame, WS_SUBPROTOCOL_MSGPACK } from '../protocol/index.js';
import { LineProcess } from '../test/helpers/line-process.js';
import { cpuSeconds } from './lib/process-cpu.js';
import { report, type BenchArgs } from './lib/report.js';
import { median } from './lib/stats.js';

type Which = 'gateway' | 'library' | 'hocuspocus';
const child = fileURLToPath(new URL('./lib/crdt-server-child.js', import.meta.url));

// ---- the two wire dialects, as far as the load generator needs them ----------------------
const bytes = (f: (e: encoding.Encoder) => void): Uint8Array => { const e = encoding.createEncoder(); f(e); return encoding.toUint8Array(e); };
const syncMsg = (sub: number, payload: Uint8Array) => bytes((e) => { encoding.writeVarUint(e, 0); encoding.writeVarUint(e, sub); encoding.writeVarUint8Array(e, payload); });
const EMPTY_SV = Uint8Array.of(0);

interface Dialect {
  url(port: number): string;
  /** The WebSocket subprotocol to offer, and the session hello to send first (the gateway's sessions). */
  subprotocol?: string;
  hello?: Uint8Array;
  /** Frames that join `doc` and ask for its state (client step 1 with `sv`). */
  join(doc: string, sv?: Uint8Array): Uint8Array[];
  frame(doc: string, message: Uint8Array): Uint8Array;
  /** What an incoming frame is: 'update' | 'step2' | 'ack' | 'other'; for acks, how many writes it acknowledges. */
  kind(frame: Uint8Array, acked: Map<string, number>, clocks: Map<string, number>): string;
}

const WRITER = 11;

/**
 * Reads a y-protocols message. For an update, the highest clock of the writer's
 * client it carries goes to `clocks` (servers may merge several updates into one
 * message, so receipt is judged by content, not by message count).
 */
function classify(d: decoding.Decoder, ackType: number, doc: string, clocks: Map<string, number>): string {
  const type = decoding.readVarUint(d);
  if (type === ackType) return 'ack';
  if (type !== 0) return 'other';
  const sub = decoding.readVarUint(d);
  if (sub === 2) {
    const to = Y.parseUpdateMeta(decoding.readVarUint8Array(d)).to.get(WRITER);
    if (to !== undefined && to > (clocks.get(doc) ?? 0)) clocks.set(doc, to);
    return 'update';
  }
  return sub === 1 ? 'step2' : 'other';
}

/** crdt/PROTOCOL.md §2 frames: OPEN, MESSAGE; ACK counts are cumulative per document. */
const muxOpen = (doc: string) => bytes((e) => { encoding.writeVarString(e, doc); encoding.writeVarUint(e, 0); });
const muxMessage = (doc: string, m: Uint8Array) => bytes((e) => { encoding.writeVarString(e, doc); encoding.writeVarUint(e, 1); encoding.writeUint8Array(e, m); });
function muxKind(f: Uint8Array, acked: Map<string, number>, clocks: Map<string, number>): string {
  const d = decoding.createDecoder(f);
  const doc = decoding.readVarString(d);
  const k = decoding.readVarUint(d);
  if (k === 2) { acked.set(doc, decoding.readVarUint(d)); return 'ack'; }
  return k === 1 ? classify(d, -1, doc, clocks) : 'other';
}
/** The gateway's session frames: each mux frame rides in a `documents` frame of rosetta.v1.msgpack. */
const inSession = (mux: Uint8Array) => encodeWsFrame({ type: 'documents', frame: mux });

const dialects: Record<Which, Dialect> = {
  gateway: {
    url: (port) => `ws://127.0.0.1:${port}/`,
    subprotocol: WS_SUBPROTOCOL_MSGPACK,
    hello: encodeWsFrame({ type: 'hello', token: '', client: 'bench' }),
    join: (doc, sv = EMPTY_SV) => [inSession(muxOpen(doc)), dialects.gateway.frame(doc, syncMsg(0, sv))],
    frame: (doc, m) => inSession(muxMessage(doc, m)),
    kind: (f, acked, clocks) => {
      const frame = decodeWsFrame(f);
      return frame.type === 'documents' ? muxKind(frame.frame, acked, clocks) : frame.type === 'welcome' ? 'welcome' : 'other';
    },
  },
  library: {
    url: (port) => `ws://127.0.0.1:${port}/?mux=1`,
    join: (doc, sv = EMPTY_SV) => [muxOpen(doc), dialects.library.frame(doc, syncMsg(0, sv))],
    frame: muxMessage,
    kind: muxKind,
  },
  hocuspocus: {
    url: (port) => `ws://127.0.0.1:${port}/`,
    // Auth(2) / Token(0) / token, then the sync step 1.
    join: (doc, sv = EMPTY_SV) => [bytes((e) => { encoding.writeVarString(e, doc); encoding.writeVarUint(e, 2); encoding.writeVarUint(e, 0); encoding.writeVarString(e, 'token'); }), dialects.hocuspocus.frame(doc, syncMsg(0, sv))],
    frame: (doc, m) => bytes((e) => { encoding.writeVarString(e, doc); encoding.writeUint8Array(e, m); }),
    kind: (f, acked, clocks) => {
      const d = decoding.createDecoder(f);
      const doc = decoding.readVarString(d);
      const k = classify(d, 8 /* SyncStatus: one per write */, doc, clocks);
      if (k === 'ack') acked.set(doc, (acked.get(doc) ?? 0) + 1);
      return k;
    },
  },
};

class Client {
  counts = { update: 0, step2: 0, ack: 0, welcome: 0, other: 0 } as Record<string, number>;
  /** Writes acknowledged per document. */
  readonly acked = new Map<string, number>();
  /** Highest clock of the writer's client received per document. */
  readonly clocks = new Map<string, number>();
  private waiters: { pred: () => boolean; resolve: () => void }[] = [];
  constructor(readonly ws: WebSocket, dialect: Dialect) {
    ws.on('message', (data: Buffer) => {
      this.counts[dialect.kind(data, this.acked, this.clocks)]!++;
      for (const w of [...this.waiters]) if (w.pred()) { this.waiters.splice(this.waiters.indexOf(w), 1); w.resolve(); }
    });
  }
  static async open(url: string, dialect: Dialect): Promise<Client> {
    const c = await new Promise<Client>((resolve, reject) => {
      const ws = new WebSocket(url, dialect.subprotocol ? [dialect.subprotocol] : [], { perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 });
      ws.once('open', () => resolve(new Client(ws, dialect)));
      ws.once('error', reject);
    });
    if (dialect.hello) {
      c.send([dialect.hello]);
      await c.until(() => c.counts['welcome']! >= 1, 30_000, 'welcome');
    }
    return c;
  }
  until(pred: () => boolean, timeoutMs = 120_000, what = 'frames'): Promise<void> {
    if (pred()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timed out waiting for ${what}: ${JSON.stringify(this.counts)}`)), timeoutMs);
      this.waiters.push({ pred, resolve: () => { clearTimeout(t); resolve(); } });
    });
  }
  send(frames: Uint8Array[]): void { for (const f of frames) this.ws.send(f); }
}

/** N sequential small text edits of one client, as v1 updates; `clock` is the client's clock after the last. */
function textUpdates(n: number, chunk: number, clientID: number): Uint8Array[] & { clock: number } {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const out: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => out.push(u));
  const t = doc.getText('t');
  for (let i = 0; i < n; i++) t.insert(t.length, `${i} `.padEnd(chunk, 'x'));
  return Object.assign(out, { clock: Y.getState(doc.store, clientID) });
}

interface RunResult { rate: number; cpuUsPerUpdate: number; syncMs: number; heapPerDoc: number; rssPerDoc: number }

async function oneRun(which: Which, o: { updates: number; subscribers: number; docs: number; syncTrials: number }): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'rosetta-bench-crdt-'));
  const flags = process.env['CRDT_BENCH_CHILD_FLAGS']?.split(' ').filter(Boolean) ?? [];
  const p = new LineProcess(process.execPath, ['--expose-gc', ...flags, child, which, dir]);
  const d = dialects[which];
  const clients: Client[] = [];
  try {
    const port = (await p.next((e) => e['event'] === 'listening', 20_000, 'listening'))['port'] as number;
    const url = d.url(port);
    const mem = async () => { p.send({ cmd: 'mem' }); return p.next((e) => e['event'] === 'mem', 30_000, 'mem'); };

    // Memory per loaded document.
    const before = await mem();
    const loader = await Client.open(url, d); clients.push(loader);
    const small = textUpdates(1, 300, 7)[0]!;
    for (let i = 0; i < o.docs; i++) loader.send([...d.join(`mem/${i}`), d.frame(`mem/${i}`, syncMsg(2, small))]);
    await loader.until(() => loader.acked.size >= o.docs, 120_000, 'doc acks');
    const after = await mem();
    if ((after['docs'] as number) < o.docs) throw new Error(`${which}: ${after['docs']} documents loaded, expected ${o.docs}`);
    const js = (e: Record<string, unknown>) => (e['heapUsed'] as number) + (e['external'] as number);
    const heapPerDoc = (js(after) - js(before)) / o.docs;
    const rssPerDoc = ((after['rss'] as number) - (before['rss'] as number)) / o.docs;

    // Fan-out to subscribers.
    const subs = await Promise.all(Array.from({ length: o.subscribers }, () => Client.open(url, d)));
    clients.push(...subs);
    for (const s of subs) s.send(d.join('fan'));
    await Promise.all(subs.map((s) => s.until(() => s.counts['step2']! >= 1, 30_000, 'subscriber sync')));
    const writer = await Client.open(url, d); clients.push(writer);
    writer.send(d.join('fan'));
    await writer.until(() => writer.counts['step2']! >= 1, 30_000, 'writer sync');
    const edits = textUpdates(o.updates, 24, WRITER);
    const frames = edits.map((u) => d.frame('fan', syncMsg(2, u)));
    const cpu0 = cpuSeconds(p.child.pid!);
    const t0 = performance.now();
    writer.send(frames);
    await Promise.all(subs.map((s) => s.until(() => (s.clocks.get('fan') ?? 0) >= edits.clock, 120_000, 'fan-out')));
    const seconds = (performance.now() - t0) / 1000;
    const cpu = cpuSeconds(p.child.pid!) - cpu0;
    for (const s of subs) s.ws.terminate();

    // Sync a ~1 MB document to new clients.
    const big = textUpdates(1000, 1024, 13).map((u) => d.frame('big', syncMsg(2, u)));
    const owner = await Client.open(url, d); clients.push(owner);
    owner.send(d.join('big'));
    owner.send(big);
    await owner.until(() => (owner.acked.get('big') ?? 0) >= 1000, 120_000, 'big doc acks');
    const trials: number[] = [];
    for (let i = 0; i < o.syncTrials; i++) {
      const c = await Client.open(url, d);
      const t1 = performance.now();
      c.send(d.join('big'));
      await c.until(() => c.counts['step2']! >= 1, 30_000, 'big step 2');
      trials.push(performance.now() - t1);
      c.ws.terminate();
    }
    return { rate: o.updates / seconds, cpuUsPerUpdate: (cpu / o.updates) * 1e6, syncMs: median(trials), heapPerDoc, rssPerDoc };
  } finally {
    for (const c of clients) c.ws.terminate();
    await p.stop(flags.length ? 'SIGINT' : 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

function kvVersusMap(writes: number): { kv: number; map: number } {
  const a = new Y.Doc(), b = new Y.Doc();
  const kv = KvStore.of<number>(a, 'kv'), map = b.getMap<number>('m');
  for (let i = 0; i < writes; i++) { kv.set(`k${i % 10}`, i); map.set(`k${i % 10}`, i); }
  return { kv: Y.encodeStateAsUpdate(a).length, map: Y.encodeStateAsUpdate(b).length };
}

export async function main(args: BenchArgs): Promise<void> {
  const runs = args.quick ? 1 : Math.min(args.runs, 5);
  const o = args.quick ? { updates: 500, subscribers: 100, docs: 200, syncTrials: 3 } : { updates: 3000, subscribers: 100, docs: 1000, syncTrials: 5 };
  const results: Record<Which, RunResult[]> = { gateway: [], library: [], hocuspocus: [] };
  for (let r = 0; r < runs; r++) {
    for (const which of (r % 2 === 0 ? ['gateway', 'hocuspocus', 'library'] : ['hocuspocus', 'library', 'gateway']) as Which[]) {
      const x = await oneRun(which, o);
      results[which].push(x);
      console.error(`run ${r + 1}/${runs} ${which}: ${x.rate.toFixed(0)} updates/s (${x.cpuUsPerUpdate.toFixed(1)} µs CPU each), 1 MB sync ${x.syncMs.toFixed(1)} ms, ${x.heapPerDoc.toFixed(0)} B heap / ${x.rssPerDoc.toFixed(0)} B RSS per doc`);
    }
  }
  const m = (w: Which, k: keyof RunResult) => median(results[w].map((x) => x[k]));
  const h = (k: keyof RunResult) => m('hocuspocus', k);
  report('crdt', { ...args, runs }, [
    { metric: `fan-out to ${o.subscribers} subscribers`, rosetta: m('gateway', 'rate'), nact: h('rate'), unit: 'updates/s', target: { op: '>=', value: h('rate') } },
    { metric: 'server CPU per update', rosetta: m('gateway', 'cpuUsPerUpdate'), nact: h('cpuUsPerUpdate'), unit: 'µs' },
    { metric: 'sync 1 MB doc to new client', rosetta: m('gateway', 'syncMs'), nact: h('syncMs'), unit: 'ms', target: { op: '<=', value: h('syncMs') } },
    { metric: 'heap+external per loaded doc', rosetta: m('gateway', 'heapPerDoc'), nact: h('heapPerDoc'), unit: 'B', target: { op: '<=', value: h('heapPerDoc') } },
    { metric: 'RSS per loaded doc', rosetta: m('gateway', 'rssPerDoc'), nact: h('rssPerDoc'), unit: 'B' },
    { metric: 'fan-out, crdt library alone', rosetta: m('library', 'rate'), nact: h('rate'), unit: 'updates/s' },
    { metric: 'CPU per update, library alone', rosetta: m('library', 'cpuUsPerUpdate'), nact: h('cpuUsPerUpdate'), unit: 'µs' },
    { metric: 'heap+external per doc, library alone', rosetta: m('library', 'heapPerDoc'), nact: h('heapPerDoc'), unit: 'B' },
  ], { workload: o, samples: results }, 'hocuspocus');
  const writes = args.quick ? 50_000 : 500_000;
  const kv = kvVersusMap(writes);
  report(`crdt-kv (${writes} writes over 10 keys, encoded state)`, { ...args, runs: 1 }, [
    { metric: 'KvStore vs Y.Map', rosetta: kv.kv, nact: kv.map, unit: 'B' },
  ], { writes }, 'Y.Map');
}
