/**
 * many-connections: request latency while a gateway holds 10,000 idle WebSocket
 * sessions and pings every one of them each interval (2 s here, so a measurement
 * spans several sweeps). The sweep pings a slice per tick (ws/liveness-sweep.ts)
 * rather than all at once, which used to stall the event loop for 170–300 ms and set
 * the p99.9. Same gateway, same load, measured without the idle sessions first.
 * Open loop, 500 requests/s over 20 connections for 12 s. Goal: p99.9 < 20 ms.
 */
import { fileURLToPath } from 'node:url';
import { encodeStringValue, encodeWsFrame, decodeWsFrame, WS_SUBPROTOCOL_MSGPACK } from '../protocol/index.js';
import { GatewayProcess } from '../test/helpers/gateway-process.js';
import { LineProcess } from '../test/helpers/line-process.js';
import { maskedFrame, RawWsConnection } from './lib/raw-ws-connection.js';
import { report, type BenchArgs } from './lib/report.js';
import { median, percentile } from './lib/stats.js';

const holders = fileURLToPath(new URL('./lib/idle-holders.js', import.meta.url));

type Ask = () => Promise<void>;

async function asker(url: string): Promise<Ask> {
  const c = await RawWsConnection.open(url, WS_SUBPROTOCOL_MSGPACK);
  const welcome = c.next();
  c.socket.write(maskedFrame(encodeWsFrame({ type: 'hello', token: '', client: 'bench' })));
  const w = decodeWsFrame(await welcome);
  if (w.type !== 'welcome') throw new Error('not welcomed');
  const frame = maskedFrame(encodeWsFrame({ type: 'batch', envelopes: [{ target: { address: '', id: 'echo', requestId: 0 }, sender: { address: '', id: `${w.sessionId}/$inbox`, requestId: 1 }, typeName: 'google.protobuf.StringValue', serializerId: 0, payload: encodeStringValue('x') }] }));
  const waiting: (() => void)[] = [];
  c.onFrame((p, opcode) => { if (opcode === 0x2) { const f = decodeWsFrame(p); if (f.type === 'batch') for (let k = f.envelopes.length; k > 0; k--) waiting.shift()?.(); } });
  return () => new Promise<void>((r) => { waiting.push(r); c.socket.write(frame); });
}

/** Open loop: `rate` requests/s shared by the askers for `seconds`, each timed from its send (µs). */
async function openLoop(askers: Ask[], rate: number, seconds: number): Promise<number[]> {
  const total = Math.floor(rate * seconds), interval = 1000 / rate, samples: number[] = [], inflight: Promise<void>[] = [];
  const start = performance.now();
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      while (next < total && start + next * interval <= performance.now()) {
        const sent = performance.now();
        inflight.push(askers[next % askers.length]!().then(() => { samples.push((performance.now() - sent) * 1000); }));
        next++;
      }
      if (next < total) setTimeout(tick, Math.max(0, start + next * interval - performance.now())); else resolve();
    };
    tick();
  });
  await Promise.all(inflight);
  return samples.sort((a, b) => a - b);
}

export async function main(args: BenchArgs): Promise<void> {
  const idle = args.quick ? 2_000 : 10_000;
  const seconds = args.quick ? 4 : 12;
  const runs = Math.min(args.runs, 3);
  const gw = await GatewayProcess.start(['--ping-interval-ms', '2000', '--max-connections', String(idle + 100)]);
  try {
    const askers = await Promise.all(Array.from({ length: 20 }, () => asker(gw.wsUrl)));
    await openLoop(askers, 500, 2); // warm-up
    const quiet: number[][] = [], crowded: number[][] = [];
    for (let i = 0; i < runs; i++) quiet.push(await openLoop(askers, 500, seconds));
    const hold = new LineProcess(process.execPath, [holders, gw.wsUrl, String(idle)]);
    try {
      await hold.next((e) => e['event'] === 'holding', 120_000, 'idle sessions open');
      for (let i = 0; i < runs; i++) crowded.push(await openLoop(askers, 500, seconds));
    } finally { hold.child.stdin!.end(); await hold.exited; }
    const p = (xs: number[][], q: number) => median(xs.map((s) => percentile(s, q * 100))) / 1000;
    report('many-connections', { ...args, runs }, [
      { metric: 'request p50', rosetta: p(crowded, 0.5), nact: p(quiet, 0.5), unit: 'ms' },
      { metric: 'request p99', rosetta: p(crowded, 0.99), nact: p(quiet, 0.99), unit: 'ms' },
      { metric: 'request p99.9', rosetta: p(crowded, 0.999), nact: p(quiet, 0.999), unit: 'ms', target: { op: '<=', value: 20 } },
      { metric: 'request max', rosetta: p(crowded, 1), nact: p(quiet, 1), unit: 'ms' },
    ], { idleSessions: idle, pingIntervalMs: 2000, sweepsPerRun: seconds / 2, rate: 500, askers: 20 }, 'no idle sessions');
  } finally {
    await gw.stop();
  }
}
