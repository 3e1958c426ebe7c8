/**
 * remote-go: Proto.Actor remote request/response, same message shape
 * (google.protobuf.StringValue "ping") and in-flight window, measured in one run:
 *   Go → Go        two protoactor-go processes (the reference), and
 *   Go → TS → Go   a protoactor-go process pinging the `echo` TS actor of a
 *                  `rosetta dev` gateway process.
 * Plus one-way batched throughput of a single Go stream into the gateway
 * (100k..1M sends to the `sink` actor, timed until the sink has counted them all).
 * Needs the Go peers: adapters/go/build.sh.
 */
import { GatewayProcess } from '../test/helpers/gateway-process.js';
import { GoPeer } from '../test/helpers/go-peer.js';
import { report, type BenchArgs } from './lib/report.js';
import { median } from './lib/stats.js';

type BenchEvent = { messagesPerSec: number; p50us: number; p99us: number; failures: number };

async function pingPong(client: GoPeer, address: string, count: number, window: number): Promise<BenchEvent> {
  const e = await client.call({ op: 'bench', address, id: 'echo', count, window }, (x) => x['event'] === 'bench', 120_000);
  return e as unknown as BenchEvent;
}

async function oneWay(client: GoPeer, gw: GatewayProcess, count: number, base: number): Promise<number> {
  const t0 = performance.now();
  await client.call({ op: 'send-many', address: gw.address, id: 'sink', count }, (x) => x['event'] === 'sent', 120_000);
  const want = `count=${base + count} `;
  for (;;) {
    const r = await client.call({ op: 'request', address: gw.address, id: 'sink', text: 'report', timeoutMs: 10_000 }, (x) => x['event'] === 'reply' || x['event'] === 'error');
    if (String(r['text']).startsWith(want)) break;
    await new Promise((res) => setTimeout(res, 20));
  }
  return count / ((performance.now() - t0) / 1000);
}

export async function main(args: BenchArgs): Promise<void> {
  const dialect = 'v2025';
  const count = args.quick ? 20_000 : 200_000;
  const window = 100;
  const runs = Math.min(args.runs, 5);
  const gw = await GatewayProcess.start(['--dialect', dialect]);
  const goServer = await GoPeer.start(dialect);
  const client = await GoPeer.start(dialect);
  try {
    await pingPong(client, goServer.address, count / 10, window); // warm-up both paths
    await pingPong(client, gw.address, count / 10, window);
    const gg: BenchEvent[] = [], gt: BenchEvent[] = [], oneway: number[] = [];
    let sunk = 0;
    for (let i = 0; i < runs; i++) {
      gg.push(await pingPong(client, goServer.address, count, window));
      gt.push(await pingPong(client, gw.address, count, window));
      const n = args.quick ? 100_000 : 1_000_000;
      oneway.push(await oneWay(client, gw, n, sunk));
      sunk += n;
    }
    const m = (xs: BenchEvent[], k: keyof BenchEvent) => median(xs.map((x) => x[k]));
    report('remote-go', { ...args, runs }, [
      { metric: 'Go→TS→Go ping-pong', rosetta: m(gt, 'messagesPerSec'), nact: m(gg, 'messagesPerSec'), unit: 'msg/s' },
      { metric: 'Go→TS→Go request p50', rosetta: m(gt, 'p50us'), nact: m(gg, 'p50us'), unit: 'µs' },
      { metric: 'Go→TS→Go request p99', rosetta: m(gt, 'p99us'), nact: m(gg, 'p99us'), unit: 'µs' },
      { metric: 'Go→TS one stream, batched', rosetta: median(oneway), unit: 'env/s', target: { op: '>=', value: 500e3 } },
    ], { dialect, requestsPerRun: count, window, failures: gt.reduce((a, x) => a + x.failures, 0) + gg.reduce((a, x) => a + x.failures, 0), goal: 'gateway path >= 0.5x Go->Go' }, 'Go→Go');
  } finally {
    await client.exit();
    await goServer.exit();
    await gw.stop();
  }
}
