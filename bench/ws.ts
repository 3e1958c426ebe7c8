/**
 * ws: the WebSocket transport of a `rosetta dev` gateway process, each figure next
 * to a raw `ws` echo server (another process) measured in the same run:
 *  - batched: one connection streams envelopes (batches of 100 per frame) to the
 *    `sink` actor; env/s until the sink has counted them. Raw: the same frames
 *    bounced by the echo server, counted back.
 *  - unbatched: the same with one envelope per frame.
 *  - request/response latency with 100 connections each asking `echo` in a loop.
 *  - idle connection cost (gateway RSS per open, welcomed connection) and
 *    authenticated connects/s (hello with a token → welcome).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { RosettaClient } from '../adapters/ts/index.js';
import { encodeWsFrame, decodeWsFrame, WS_SUBPROTOCOL_MSGPACK, type WireEnvelope } from '../protocol/index.js';
import { GatewayProcess } from '../test/helpers/gateway-process.js';
import { LineProcess } from '../test/helpers/line-process.js';
import { report, type BenchArgs } from './lib/report.js';
import { median, percentile } from './lib/stats.js';

const WS = WebSocket as unknown as NonNullable<Parameters<typeof RosettaClient.connect>[0]['WebSocket']>;
const stringValue = (s: string): Uint8Array => new Uint8Array([0x0a, s.length, ...Buffer.from(s)]);

function openRaw(url: string, protocols: string[] = []): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const s = new WebSocket(url, protocols, { perMessageDeflate: false });
    s.once('open', () => resolve(s));
    s.once('error', reject);
  });
}

async function openSession(url: string, token: string): Promise<WebSocket> {
  const s = await openRaw(url, [WS_SUBPROTOCOL_MSGPACK]);
  await new Promise<void>((resolve, reject) => {
    s.once('message', (d: Buffer) => (decodeWsFrame(d).type === 'welcome' ? resolve() : reject(new Error('not welcomed'))));
    s.send(encodeWsFrame({ type: 'hello', token, client: 'bench' }));
  });
  return s;
}

function frames(n: number, perFrame: number, start: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < n; i += perFrame) {
    const envs: WireEnvelope[] = [];
    for (let j = i; j < Math.min(n, i + perFrame); j++) envs.push({ target: { address: '', id: 'sink', requestId: 0 }, typeName: 'google.protobuf.StringValue', serializerId: 0, payload: stringValue(String(start + j)) });
    out.push(encodeWsFrame({ type: 'batch', envelopes: envs }));
  }
  return out;
}

async function toSink(gw: GatewayProcess, token: string, n: number, perFrame: number, already: number): Promise<number> {
  const data = frames(n, perFrame, already);
  const s = await openSession(gw.wsUrl, token);
  const client = await RosettaClient.connect({ url: gw.wsUrl, token, WebSocket: WS });
  const t0 = performance.now();
  for (const f of data) s.send(f);
  for (;;) {
    const r = await client.request<string>({ id: 'sink' }, 'report', { timeoutMs: 30_000 });
    if (r.startsWith(`count=${already + n} `)) break;
    await new Promise((res) => setTimeout(res, 5));
  }
  const rate = n / ((performance.now() - t0) / 1000);
  s.close(); client.close();
  return rate;
}

async function rawEcho(url: string, n: number, perFrame: number): Promise<number> {
  const data = frames(n, perFrame, 0);
  const s = await openRaw(url);
  let back = 0;
  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    s.on('message', () => { if (++back === data.length) resolve(); });
    for (const f of data) s.send(f);
  });
  const rate = n / ((performance.now() - t0) / 1000);
  s.close();
  return rate;
}

async function latency(gw: GatewayProcess, token: string, conns: number, asks: number): Promise<{ p50: number; p99: number }> {
  const clients = await Promise.all(Array.from({ length: conns }, () => RosettaClient.connect({ url: gw.wsUrl, token, WebSocket: WS })));
  const samples: number[] = [];
  await Promise.all(clients.map(async (c) => {
    for (let i = 0; i < asks; i++) { const t0 = performance.now(); await c.request({ id: 'echo' }, 'x'); samples.push((performance.now() - t0) * 1000); }
  }));
  clients.forEach((c) => c.close());
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

async function rawLatency(url: string, conns: number, asks: number): Promise<{ p50: number; p99: number }> {
  const sockets = await Promise.all(Array.from({ length: conns }, () => openRaw(url)));
  const frame = frames(1, 1, 0)[0]!;
  const samples: number[] = [];
  await Promise.all(sockets.map(async (s) => {
    for (let i = 0; i < asks; i++) {
      const t0 = performance.now();
      await new Promise<void>((r) => { s.once('message', () => r()); s.send(frame); });
      samples.push((performance.now() - t0) * 1000);
    }
  }));
  sockets.forEach((s) => s.close());
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

function rssKb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
}

async function idleBytes(gw: GatewayProcess, token: string, n: number): Promise<number> {
  const before = rssKb(gw.child.pid!);
  const sockets: WebSocket[] = [];
  for (let i = 0; i < n; i += 50) sockets.push(...await Promise.all(Array.from({ length: Math.min(50, n - i) }, () => openSession(gw.wsUrl, token))));
  await new Promise((r) => setTimeout(r, 500));
  const after = rssKb(gw.child.pid!);
  sockets.forEach((s) => s.terminate());
  return ((after - before) * 1024) / n;
}

async function connectsPerSec(gw: GatewayProcess, token: string, n: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i += 25) {
    const batch = await Promise.all(Array.from({ length: Math.min(25, n - i) }, () => openSession(gw.wsUrl, token)));
    batch.forEach((s) => s.terminate());
  }
  return n / ((performance.now() - t0) / 1000);
}

export async function main(args: BenchArgs): Promise<void> {
  const runs = Math.min(args.runs, 5);
  const n = args.quick ? 100_000 : 1_000_000;
  const gw = await GatewayProcess.start(['--auth', '--data-dir', mkdtempSync(join(tmpdir(), 'rosetta-bench-'))]);
  const token = gw.events.find((e) => e['event'] === 'listening')!['devToken'] as string;
  const raw = new LineProcess(process.execPath, [fileURLToPath(new URL('./lib/raw-echo-server.js', import.meta.url))]);
  const rawUrl = `ws://127.0.0.1:${(await raw.next((e) => e['event'] === 'listening'))['port']}`;
  try {
    const r = { b: [] as number[], rb: [] as number[], u: [] as number[], ru: [] as number[], p50: [] as number[], p99: [] as number[], rp50: [] as number[], rp99: [] as number[] };
    let sunk = 0;
    await toSink(gw, token, n / 10, 100, sunk); sunk += n / 10;
    for (let i = 0; i < runs; i++) {
      r.b.push(await toSink(gw, token, n, 100, sunk)); sunk += n;
      r.rb.push(await rawEcho(rawUrl, n, 100));
      r.u.push(await toSink(gw, token, n / 10, 1, sunk)); sunk += n / 10;
      r.ru.push(await rawEcho(rawUrl, n / 10, 1));
      const l = await latency(gw, token, 100, args.quick ? 20 : 100);
      const rl = await rawLatency(rawUrl, 100, args.quick ? 20 : 100);
      r.p50.push(l.p50); r.p99.push(l.p99); r.rp50.push(rl.p50); r.rp99.push(rl.p99);
    }
    const idle = await idleBytes(gw, token, args.quick ? 200 : 1000);
    const cps = await connectsPerSec(gw, token, args.quick ? 500 : 2000);
    report('ws', { ...args, runs }, [
      { metric: 'batched, 1 connection', rosetta: median(r.b), nact: median(r.rb), unit: 'env/s', target: { op: '>=', value: 1e6 } },
      { metric: 'unbatched, 1 connection', rosetta: median(r.u), nact: median(r.ru), unit: 'env/s', target: { op: '>=', value: 250e3 } },
      { metric: 'request p50, 100 connections', rosetta: median(r.p50), nact: median(r.rp50), unit: 'µs' },
      { metric: 'request p99, 100 connections', rosetta: median(r.p99), nact: median(r.rp99), unit: 'µs', target: { op: '<=', value: 2000 } },
      { metric: 'idle connection (gateway RSS)', rosetta: idle, unit: 'B', target: { op: '<=', value: 8192 } },
      { metric: 'authenticated connects', rosetta: cps, unit: '/s', target: { op: '>=', value: 5000 } },
    ], { envelopesPerRun: n }, 'raw ws');
  } finally {
    await raw.stop();
    await gw.stop();
  }
}
