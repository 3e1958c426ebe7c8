/**
 * ws: the WebSocket transport of a `rosetta dev --auth` gateway process, each figure
 * next to a raw `ws` server (another process, bench/lib/raw-echo-server.ts)
 * measured in the same run. Load comes from this process and, for connects, from a
 * minimal raw-TCP generator process (bench/lib/connect-storm.ts); on a small machine
 * the load generator competes for the same cores, so server CPU per operation
 * (from /proc) is reported next to the achieved rates.
 *  - batched / unbatched: one connection streams envelopes to the `sink` actor (100
 *    per frame / 1 per frame), then asks `sink` on the same connection for its count
 *    (ordered behind the data). Raw: the same frames to a counting `/sink`.
 *  - request latency with 100 connections: open loop at a fixed aggregate rate (sent
 *    on schedule whatever the replies do); and closed loop (every connection asks
 *    again as soon as answered), which measures saturation queueing.
 *  - idle connection cost (gateway RSS per open, welcomed connection).
 *  - authenticated connects: hello with one token (verification cached after the
 *    first) and with a distinct token per connection (full signature check each).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { decodeStringValue, encodeStringValue, encodeWsFrame, decodeWsFrame, WS_SUBPROTOCOL_MSGPACK, type WireEnvelope } from '../protocol/index.js';
import { KeyStore } from '../gateway/auth/index.js';
import { GatewayProcess } from '../test/helpers/gateway-process.js';
import { LineProcess } from '../test/helpers/line-process.js';
import { cpuSeconds } from './lib/process-cpu.js';
import { maskedFrame, RawWsConnection } from './lib/raw-ws-connection.js';
import { report, type BenchArgs } from './lib/report.js';
import { median, percentile } from './lib/stats.js';


function openRaw(url: string, protocols: string[] = []): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const s = new WebSocket(url, protocols, { perMessageDeflate: false });
    s.once('open', () => resolve(s));
    s.once('error', reject);
  });
}

async function openSession(url: string, token: string): Promise<{ socket: WebSocket; session: string }> {
  const socket = await openRaw(url, [WS_SUBPROTOCOL_MSGPACK]);
  const session = await new Promise<string>((resolve, reject) => {
    socket.once('message', (d: Buffer) => { const f = decodeWsFrame(d); if (f.type === 'welcome') resolve(f.sessionId); else reject(new Error('not welcomed')); });
    socket.send(encodeWsFrame({ type: 'hello', token, client: 'bench' }));
  });
  return { socket, session };
}

function sinkEnvelopes(n: number, perFrame: number, start: number): WireEnvelope[][] {
  const out: WireEnvelope[][] = [];
  for (let i = 0; i < n; i += perFrame) {
    const envs: WireEnvelope[] = [];
    for (let j = i; j < Math.min(n, i + perFrame); j++) envs.push({ target: { address: '', id: 'sink', requestId: 0 }, typeName: 'google.protobuf.StringValue', serializerId: 0, payload: encodeStringValue(String(start + j)) });
    out.push(envs);
  }
  return out;
}

/** Pre-masked client frames: writing them costs the load generator next to nothing. */
const sinkFrames = (n: number, perFrame: number, start: number): Buffer[] => sinkEnvelopes(n, perFrame, start).map((envs) => maskedFrame(encodeWsFrame({ type: 'batch', envelopes: envs })));

interface Throughput { rate: number; cpuUsPerEnvelope: number }

/** n envelopes to `sink` on one session, then `report` on the same session: ordered behind them. */
async function gatewayToSink(gw: GatewayProcess, token: string, n: number, perFrame: number, already: number): Promise<Throughput> {
  const data = sinkFrames(n, perFrame, already);
  const c = await RawWsConnection.open(gw.wsUrl, WS_SUBPROTOCOL_MSGPACK);
  const welcome = c.next();
  await c.writeFrames([maskedFrame(encodeWsFrame({ type: 'hello', token, client: 'bench' }))]);
  const w = decodeWsFrame(await welcome);
  if (w.type !== 'welcome') throw new Error('not welcomed');
  const report = maskedFrame(encodeWsFrame({ type: 'batch', envelopes: [{ target: { address: '', id: 'sink', requestId: 0 }, sender: { address: '', id: `${w.sessionId}/bench`, requestId: 1 }, typeName: 'google.protobuf.StringValue', serializerId: 0, payload: encodeStringValue('report') }] }));
  const done = new Promise<string>((resolve) => c.onFrame((p, opcode) => {
    if (opcode !== 0x2) return;
    const f = decodeWsFrame(p);
    if (f.type === 'batch') resolve(decodeStringValue(f.envelopes[0]!.payload));
  }));
  const cpu0 = cpuSeconds(gw.child.pid!);
  const t0 = performance.now();
  await c.writeFrames([...data, report]);
  const counted = await done;
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(gw.child.pid!) - cpu0;
  c.close();
  if (!counted.startsWith(`count=${already + n} `)) throw new Error(`sink counted ${counted}, expected ${already + n}`);
  return { rate: n / seconds, cpuUsPerEnvelope: (cpu * 1e6) / n };
}

async function rawToSink(raw: LineProcess, url: string, n: number, perFrame: number): Promise<Throughput> {
  const data = sinkFrames(n, perFrame, 0);
  const c = await RawWsConnection.open(`${url}/sink`);
  const done = c.next();
  const cpu0 = cpuSeconds(raw.child.pid!);
  const t0 = performance.now();
  await c.writeFrames([...data, maskedFrame(Buffer.from('count'), 0x1)]);
  const frames = Number((await done).toString());
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(raw.child.pid!) - cpu0;
  c.close();
  if (frames !== data.length) throw new Error(`raw sink counted ${frames} frames, expected ${data.length}`);
  return { rate: n / seconds, cpuUsPerEnvelope: (cpu * 1e6) / n };
}

type Ask = () => Promise<unknown>;

/**
 * Open loop: the askers share `rate` requests/s for `seconds`, sent on schedule whatever the
 * replies do (a slow server cannot hold back the load), each timed from its send.
 */
async function openLoop(askers: Ask[], rate: number, seconds: number): Promise<number[]> {
  const total = Math.floor(rate * seconds);
  const interval = 1000 / rate;
  const samples: number[] = [];
  const inflight: Promise<void>[] = [];
  const start = performance.now();
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      while (next < total && start + next * interval <= now) {
        const ask = askers[next % askers.length]!;
        const sent = performance.now();
        inflight.push(ask().then(() => { samples.push((performance.now() - sent) * 1000); }));
        next++;
      }
      if (next < total) setTimeout(tick, Math.max(0, start + next * interval - performance.now())); else resolve();
    };
    tick();
  });
  await Promise.all(inflight);
  return samples.sort((a, b) => a - b);
}

/** Closed loop: every connection asks again as soon as it is answered. */
async function closedLoop(askers: Ask[], asksEach: number): Promise<number[]> {
  const samples: number[] = [];
  await Promise.all(askers.map(async (ask) => {
    for (let i = 0; i < asksEach; i++) { const t0 = performance.now(); await ask(); samples.push((performance.now() - t0) * 1000); }
  }));
  return samples.sort((a, b) => a - b);
}

/** Each reply resolves the oldest outstanding ask: one connection answers in order. */
function fifoAsker(c: RawWsConnection, frame: Buffer, replies: (payload: Buffer) => number): Ask {
  const waiting: (() => void)[] = [];
  c.onFrame((p, opcode) => { if (opcode === 0x2 || opcode === 0x1) for (let k = replies(p); k > 0; k--) waiting.shift()?.(); });
  return () => new Promise<void>((r) => { waiting.push(r); c.socket.write(frame); });
}

/** A gateway session asking `echo`: one pre-built request frame naming the session's inbox. */
async function gatewayAsker(url: string, token: string): Promise<Ask> {
  const c = await RawWsConnection.open(url, WS_SUBPROTOCOL_MSGPACK);
  const welcome = c.next();
  c.socket.write(maskedFrame(encodeWsFrame({ type: 'hello', token, client: 'bench' })));
  const w = decodeWsFrame(await welcome);
  if (w.type !== 'welcome') throw new Error('not welcomed');
  const frame = maskedFrame(encodeWsFrame({ type: 'batch', envelopes: [{ target: { address: '', id: 'echo', requestId: 0 }, sender: { address: '', id: `${w.sessionId}/$inbox`, requestId: 1 }, typeName: 'google.protobuf.StringValue', serializerId: 0, payload: encodeStringValue('x') }] }));
  return fifoAsker(c, frame, (p) => { const f = decodeWsFrame(p); return f.type === 'batch' ? f.envelopes.length : 0; });
}

/** A raw echo connection asking with a frame of the same size. */
async function rawEchoAsker(url: string, payload: Uint8Array): Promise<Ask> {
  const c = await RawWsConnection.open(url);
  return fifoAsker(c, maskedFrame(payload), () => 1);
}

/**
 * Memory per open, welcomed, idle session, in a child running the WebSocket transport with
 * --expose-gc: JS heap + external after full GCs, and RSS, each before and after `n` sessions
 * (after a warm-up round, so code and pools are in place).
 */
async function idleBytes(server: string, token: string, n: number): Promise<{ heap: number; rss: number }> {
  const child = new LineProcess(process.execPath, ['--expose-gc', fileURLToPath(new URL('./lib/ws-gateway-child.js', import.meta.url)), server]);
  const open = server === 'raw' ? (url: string) => openRaw(url) : (url: string) => openSession(url, token).then((x) => x.socket);
  try {
    const url = (await child.next((e) => e['event'] === 'listening'))['url'] as string;
    const measure = async () => { child.send({ op: 'measure' }); return child.next((e) => e['event'] === 'memory'); };
    const warm = await Promise.all(Array.from({ length: 200 }, () => open(url)));
    warm.forEach((s) => s.terminate());
    await new Promise((r) => setTimeout(r, 300));
    const before = await measure();
    const sockets: WebSocket[] = [];
    for (let i = 0; i < n; i += 50) sockets.push(...await Promise.all(Array.from({ length: Math.min(50, n - i) }, () => open(url))));
    const after = await measure();
    if (after['sessions'] !== n) throw new Error(`${after['sessions']} sessions open, expected ${n}`);
    sockets.forEach((s) => s.terminate());
    const js = (e: Record<string, unknown>) => (e['heap'] as number) + (e['external'] as number);
    return { heap: (js(after) - js(before)) / n, rss: ((after['rss'] as number) - (before['rss'] as number)) / n };
  } finally {
    await child.stop();
  }
}

interface Storm { rate: number; cpuUsPerConnect: number }

async function storm(serverPid: number, url: string, subprotocol: string, tokens: string[], n: number): Promise<Storm> {
  const file = join(mkdtempSync(join(tmpdir(), 'rosetta-storm-')), 'tokens.json');
  writeFileSync(file, JSON.stringify(tokens));
  const { hostname, port } = new URL(url);
  const cpu0 = cpuSeconds(serverPid);
  const p = new LineProcess(process.execPath, [fileURLToPath(new URL('./lib/connect-storm.js', import.meta.url)), hostname, port, subprotocol, String(n), '50', file]);
  const done = await p.next((e) => e['event'] === 'done', 120_000, 'connect storm');
  await p.exited;
  const cpu = cpuSeconds(serverPid) - cpu0;
  if ((done['failures'] as number) > 0) throw new Error(`${done['failures']} connects failed`);
  return { rate: (done['connects'] as number) / (done['seconds'] as number), cpuUsPerConnect: (cpu * 1e6) / n };
}

export async function main(args: BenchArgs): Promise<void> {
  const runs = Math.min(args.runs, 5);
  const n = args.quick ? 100_000 : 1_000_000;
  const dataDir = mkdtempSync(join(tmpdir(), 'rosetta-bench-'));
  const gw = await GatewayProcess.start(['--auth', '--data-dir', dataDir]);
  const token = gw.events.find((e) => e['event'] === 'listening')!['devToken'] as string;
  const raw = new LineProcess(process.execPath, [fileURLToPath(new URL('./lib/raw-echo-server.js', import.meta.url))]);
  const rawUrl = `ws://127.0.0.1:${(await raw.next((e) => e['event'] === 'listening'))['port']}`;
  const keys = await new KeyStore(dataDir).open();
  const connects = args.quick ? 1000 : 5000;
  const distinct = await Promise.all(Array.from({ length: connects }, (_, i) => keys.issue({ tenant: 'dev', subject: `user-${i}`, ttlSeconds: 3600 })));
  const rate = 5000, seconds = args.quick ? 1 : 3;
  try {
    const r = {
      b: [] as Throughput[], rb: [] as Throughput[], u: [] as Throughput[], ru: [] as Throughput[],
      op50: [] as number[], op99: [] as number[], rop50: [] as number[], rop99: [] as number[], cp99: [] as number[], rcp99: [] as number[],
      c1: [] as Storm[], cn: [] as Storm[], rc: [] as Storm[],
    };
    let sunk = 0;
    await gatewayToSink(gw, token, n / 10, 100, sunk); sunk += n / 10; // warm-up
    const askers = await Promise.all(Array.from({ length: 100 }, () => gatewayAsker(gw.wsUrl, token)));
    const echoPayload = encodeWsFrame({ type: 'batch', envelopes: sinkEnvelopes(1, 1, 0)[0]! });
    const rawAskers = await Promise.all(Array.from({ length: 100 }, () => rawEchoAsker(rawUrl, echoPayload)));
    await openLoop(askers, rate, 2); await openLoop(rawAskers, rate, 2); // warm-up: the reply path JIT-compiled
    for (let i = 0; i < runs; i++) {
      r.b.push(await gatewayToSink(gw, token, n, 100, sunk)); sunk += n;
      r.rb.push(await rawToSink(raw, rawUrl, n, 100));
      r.u.push(await gatewayToSink(gw, token, n / 10, 1, sunk)); sunk += n / 10;
      r.ru.push(await rawToSink(raw, rawUrl, n / 10, 1));
      const o = await openLoop(askers, rate, seconds);
      const ro = await openLoop(rawAskers, rate, seconds);
      r.op50.push(percentile(o, 50)); r.op99.push(percentile(o, 99)); r.rop50.push(percentile(ro, 50)); r.rop99.push(percentile(ro, 99));
      r.cp99.push(percentile(await closedLoop(askers, args.quick ? 20 : 100), 99));
      r.rcp99.push(percentile(await closedLoop(rawAskers, args.quick ? 20 : 100), 99));
      r.c1.push(await storm(gw.child.pid!, gw.wsUrl, WS_SUBPROTOCOL_MSGPACK, [token], connects));
      r.cn.push(await storm(gw.child.pid!, gw.wsUrl, WS_SUBPROTOCOL_MSGPACK, distinct, connects));
      r.rc.push(await storm(raw.child.pid!, rawUrl, '-', [token], connects));
    }
    const idle = await idleBytes(dataDir, token, args.quick ? 500 : 2000);
    const rawIdle = await idleBytes('raw', token, args.quick ? 500 : 2000);
    const m = <T>(xs: T[], f: (x: T) => number) => median(xs.map(f));
    report('ws', { ...args, runs }, [
      { metric: 'batched, 1 connection', rosetta: m(r.b, (x) => x.rate), nact: m(r.rb, (x) => x.rate), unit: 'env/s', target: { op: '>=', value: 1e6 } },
      { metric: '  gateway CPU per envelope', rosetta: m(r.b, (x) => x.cpuUsPerEnvelope), nact: m(r.rb, (x) => x.cpuUsPerEnvelope), unit: 'µs' },
      { metric: 'unbatched, 1 connection', rosetta: m(r.u, (x) => x.rate), nact: m(r.ru, (x) => x.rate), unit: 'env/s', target: { op: '>=', value: 250e3 } },
      { metric: '  gateway CPU per envelope', rosetta: m(r.u, (x) => x.cpuUsPerEnvelope), nact: m(r.ru, (x) => x.cpuUsPerEnvelope), unit: 'µs' },
      { metric: `request p50, 100 conns, ${rate}/s`, rosetta: median(r.op50), nact: median(r.rop50), unit: 'µs' },
      { metric: `request p99, 100 conns, ${rate}/s`, rosetta: median(r.op99), nact: median(r.rop99), unit: 'µs', target: { op: '<=', value: 2000 } },
      { metric: 'request p99, 100 conns, closed loop', rosetta: median(r.cp99), nact: median(r.rcp99), unit: 'µs' },
      { metric: 'idle connection, JS heap+external', rosetta: idle.heap, nact: rawIdle.heap, unit: 'B', target: { op: '<=', value: 8192 } },
      { metric: 'idle connection, process RSS', rosetta: idle.rss, nact: rawIdle.rss, unit: 'B', target: { op: '<=', value: 8192 } },
      { metric: 'connects, one token (cached)', rosetta: m(r.c1, (x) => x.rate), nact: m(r.rc, (x) => x.rate), unit: '/s', target: { op: '>=', value: 5000 } },
      { metric: '  per gateway core-second', rosetta: m(r.c1, (x) => 1e6 / x.cpuUsPerConnect), nact: m(r.rc, (x) => 1e6 / x.cpuUsPerConnect), unit: '/s' },
      { metric: 'connects, distinct tokens', rosetta: m(r.cn, (x) => x.rate), nact: m(r.rc, (x) => x.rate), unit: '/s', target: { op: '>=', value: 5000 } },
      { metric: '  per gateway core-second', rosetta: m(r.cn, (x) => 1e6 / x.cpuUsPerConnect), nact: m(r.rc, (x) => 1e6 / x.cpuUsPerConnect), unit: '/s' },
    ], { envelopesPerRun: n, openLoopRate: rate, connectsPerRun: connects }, 'raw ws');
  } finally {
    await raw.stop();
    await gw.stop();
  }
}
