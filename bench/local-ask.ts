/**
 * local-ask: request/response latency through `root.requestFuture` (a future$
 * PID, a deadline timer and a Promise per ask), with 1 and with 100 concurrent
 * askers; nact's `query` is the comparison. Percentiles over every ask of a run,
 * medians over runs.
 */
import { ActorSystem, Props } from '../gateway/actors/index.js';
import { nact } from './lib/nact.js';
import { report, type BenchArgs } from './lib/report.js';
import { median, percentile } from './lib/stats.js';

type Lat = { p50: number; p99: number; p999: number };

async function measure(ask: () => Promise<unknown>, concurrency: number, asksPerWorker: number): Promise<Lat> {
  const samples: number[] = [];
  const worker = async (): Promise<void> => {
    for (let i = 0; i < asksPerWorker; i++) {
      const t0 = performance.now();
      await ask();
      samples.push((performance.now() - t0) * 1000);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), p999: percentile(samples, 99.9) };
}

async function rosetta(concurrency: number, asks: number): Promise<Lat> {
  const system = new ActorSystem();
  const echo = system.root.spawn(Props.fromFunc((ctx) => { if (typeof ctx.message === 'number') ctx.respond(ctx.message); }));
  const lat = await measure(() => system.root.requestFuture(echo, 1, 5000), concurrency, asks);
  await system.shutdown();
  return lat;
}

async function nactRun(concurrency: number, asks: number): Promise<Lat> {
  const system = nact.start();
  const echo = nact.spawnStateless(system, (msg, ctx) => nact.dispatch(ctx.sender, msg));
  const lat = await measure(() => nact.query(echo, 1, 5000), concurrency, asks);
  nact.stop(system);
  return lat;
}

export async function main(args: BenchArgs): Promise<void> {
  const total = args.quick ? 20_000 : 100_000;
  const results: Record<string, { r: Lat[]; a: Lat[] }> = {};
  for (const c of [1, 100]) {
    const per = Math.max(1, Math.floor(total / c));
    await rosetta(c, Math.min(per, 2000)); await nactRun(c, Math.min(per, 2000));
    const r: Lat[] = [], a: Lat[] = [];
    for (let i = 0; i < args.runs; i++) { r.push(await rosetta(c, per)); a.push(await nactRun(c, per)); }
    results[c] = { r, a };
  }
  const rows = [];
  for (const c of [1, 100]) {
    for (const p of ['p50', 'p99', 'p999'] as const) {
      rows.push({
        metric: `ask ${p} @${c} concurrent`, unit: 'µs',
        rosetta: median(results[c]!.r.map((x) => x[p])), nact: median(results[c]!.a.map((x) => x[p])),
        ...(c === 100 && p === 'p99' ? { target: { op: '<=' as const, value: 50 } } : {}),
      });
    }
  }
  report('local-ask', args, rows, { asksPerRun: total });
}
