/**
 * remote-go: Proto.Actor remote request/response, same message shape
 * (google.protobuf.StringValue) and 100 in flight, measured in one run:
 *   Go → Go        two protoactor-go processes (the reference), and
 *   Go → TS → Go   a protoactor-go process asking the `echo` TS actor of a
 *                  `rosetta dev` gateway process,
 * in the two patterns Go users write: 100 goroutines each calling RequestFuture in a
 * loop (the most common), and one actor keeping 100 ctx.Request in flight.
 * Plus one-way batched throughput of a single Go stream into the gateway
 * (100k..1M sends to the `sink` actor, timed until the sink has counted them all).
 * Needs the Go peers: adapters/go/build.sh.
 */
import { GatewayProcess } from '../test/helpers/gateway-process.js';
import { GoPeer } from '../test/helpers/go-peer.js';
import { report, type BenchArgs } from './lib/report.js';
import { median } from './lib/stats.js';

type BenchEvent = { messagesPerSec: number; p50us: number; p99us: number; failures: number };

async function pingPong(client: GoPeer, address: string, count: number, window: number, op: 'bench' | 'bench-actor' = 'bench'): Promise<BenchEvent> {
  const e = await client.call({ op, address, id: 'echo', count, window }, (x) => x['event'] === 'bench', 120_000);
  return e as unknown as BenchEvent;
}

async function oneWay(client: GoPeer, gw: GatewayProcess, count: number, base: number): Promise<number> {
  const t0 = performance.now();
  await client.call({ op: 'send-many', address: gw.address, id: 'sink', count }, (x) => x['event'] === 'sent', 120_000);
  // The report request travels behind the sends on the same Go endpoint stream and the sink answers in
  // mailbox order: its reply means every send was handled.
  const r = await client.call({ op: 'request', address: gw.address, id: 'sink', text: 'report', timeoutMs: 60_000 }, (x) => x['event'] === 'reply' || x['event'] === 'error', 120_000);
  if (!String(r['text']).startsWith(`count=${base + count} `)) throw new Error(`sink reported ${JSON.stringify(r)}, expected count=${base + count}`);
  return count / ((performance.now() - t0) / 1000);
}

export async function main(args: BenchArgs): Promise<void> {
  const dialect = 'v2025';
  const count = args.quick ? 20_000 : 200_000;
  const window = 100;
  const runs = Math.min(args.runs, 5);
  // ROSETTA_PROFILE_DIR=<dir>: the gateway writes a V8 CPU profile there when it stops (bench/lib/profile-summary.ts reads it).
  const profileDir = process.env['ROSETTA_PROFILE_DIR'];
  const gw = await GatewayProcess.start(['--dialect', dialect], profileDir ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] } : {});
  const goServer = await GoPeer.start(dialect);
  const client = await GoPeer.start(dialect);
  try {
    await pingPong(client, goServer.address, count / 10, window); // warm-up both paths
    await pingPong(client, gw.address, count / 10, window);
    await pingPong(client, goServer.address, count / 10, window, 'bench-actor');
    await pingPong(client, gw.address, count / 10, window, 'bench-actor');
    const gg: BenchEvent[] = [], gt: BenchEvent[] = [], ag: BenchEvent[] = [], at: BenchEvent[] = [], oneway: number[] = [];
    let sunk = 0;
    for (let i = 0; i < runs; i++) {
      gg.push(await pingPong(client, goServer.address, count, window));
      gt.push(await pingPong(client, gw.address, count, window));
      ag.push(await pingPong(client, goServer.address, count, window, 'bench-actor'));
      at.push(await pingPong(client, gw.address, count, window, 'bench-actor'));
      const n = args.quick ? 100_000 : 1_000_000;
      oneway.push(await oneWay(client, gw, n, sunk));
      sunk += n;
    }
    const m = (xs: BenchEvent[], k: keyof BenchEvent) => median(xs.map((x) => x[k]));
    report('remote-go', { ...args, runs }, [
      { metric: '100 goroutines × RequestFuture', rosetta: m(gt, 'messagesPerSec'), nact: m(gg, 'messagesPerSec'), unit: 'msg/s' },
      { metric: '  request p50', rosetta: m(gt, 'p50us'), nact: m(gg, 'p50us'), unit: 'µs' },
      { metric: '  request p99', rosetta: m(gt, 'p99us'), nact: m(gg, 'p99us'), unit: 'µs' },
      { metric: 'one actor, 100 ctx.Request in flight', rosetta: m(at, 'messagesPerSec'), nact: m(ag, 'messagesPerSec'), unit: 'msg/s' },
      { metric: '  request p50', rosetta: m(at, 'p50us'), nact: m(ag, 'p50us'), unit: 'µs' },
      { metric: '  request p99', rosetta: m(at, 'p99us'), nact: m(ag, 'p99us'), unit: 'µs' },
      { metric: 'Go→TS one stream, batched', rosetta: median(oneway), unit: 'env/s', target: { op: '>=', value: 500e3 } },
    ], { dialect, requestsPerRun: count, window, failures: [gt, gg, at, ag].flat().reduce((a, x) => a + x.failures, 0), goal: 'gateway path >= 1.0x Go->Go in both patterns' }, 'Go→Go');
  } finally {
    await client.exit();
    await goServer.exit();
    await gw.stop();
  }
}
