/**
 * local-pingpong: 4 ping/pong pairs, 1000 messages in flight per pair; counts
 * every delivered message (pings and pongs). Rosetta and nact run alternately in
 * the same process so machine noise hits both.
 */
import { ActorSystem, Props, type PID } from '../gateway/actors/index.js';
import { nact, type NactRef } from './lib/nact.js';
import { report, type BenchArgs } from './lib/report.js';
import { median } from './lib/stats.js';

const PAIRS = 4;
const IN_FLIGHT = 1000;

async function rosetta(roundTrips: number): Promise<number> {
  const system = new ActorSystem();
  const per = roundTrips / PAIRS;
  let done = 0;
  let finish!: () => void;
  const finished = new Promise<void>((r) => { finish = r; });
  const pong = Props.fromFunc((ctx) => { const m = ctx.message; if (typeof m === 'number') ctx.request(ctx.sender!, m); });
  const pings: PID[] = [];
  for (let p = 0; p < PAIRS; p++) {
    const target = system.root.spawn(pong);
    let received = 0;
    pings.push(system.root.spawn(Props.fromFunc((ctx) => {
      const m = ctx.message;
      if (m === 'go') { for (let i = 0; i < IN_FLIGHT; i++) ctx.request(target, i); return; }
      if (typeof m !== 'number') return;
      if (++received === per) { if (++done === PAIRS) finish(); }
      else if (received <= per - IN_FLIGHT) ctx.request(target, m);
    })));
  }
  const t0 = performance.now();
  for (const p of pings) system.root.send(p, 'go');
  await finished;
  const secs = (performance.now() - t0) / 1000;
  await system.shutdown();
  return (roundTrips * 2) / secs;
}

async function nactRun(roundTrips: number): Promise<number> {
  const system = nact.start();
  const per = roundTrips / PAIRS;
  let done = 0;
  let finish!: () => void;
  const finished = new Promise<void>((r) => { finish = r; });
  const pings: NactRef[] = [];
  for (let p = 0; p < PAIRS; p++) {
    const pong = nact.spawnStateless(system, (msg, ctx) => { nact.dispatch(ctx.sender, msg, ctx.self); });
    let received = 0;
    pings.push(nact.spawnStateless(system, (msg, ctx) => {
      if (msg === 'go') { for (let i = 0; i < IN_FLIGHT; i++) nact.dispatch(pong, i, ctx.self); return; }
      if (++received === per) { if (++done === PAIRS) finish(); }
      else if (received <= per - IN_FLIGHT) nact.dispatch(pong, msg, ctx.self);
    }));
  }
  const t0 = performance.now();
  for (const p of pings) nact.dispatch(p, 'go');
  await finished;
  const secs = (performance.now() - t0) / 1000;
  nact.stop(system);
  return (roundTrips * 2) / secs;
}

export async function main(args: BenchArgs): Promise<void> {
  const n = args.quick ? 400_000 : 4_000_000;
  const nNact = n / 10; // nact is an order of magnitude slower: keep its runs short
  await rosetta(n / 4); await nactRun(nNact / 4); // warm-up
  const r: number[] = [], a: number[] = [];
  for (let i = 0; i < args.runs; i++) { r.push(await rosetta(n)); a.push(await nactRun(nNact)); }
  report('local-pingpong', args, [
    { metric: 'throughput', rosetta: median(r), nact: median(a), unit: 'msg/s', target: { op: '>=', value: 20e6 } },
  ], { pairs: PAIRS, inFlight: IN_FLIGHT, roundTripsPerRun: n, samples: { rosetta: r, nact: a } });
}
