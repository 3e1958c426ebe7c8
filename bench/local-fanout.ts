/**
 * local-fanout: one sender actor sends one message to each of 10,000 actors per
 * round, then sends itself the next round (throughput 1, so the sinks run between
 * rounds and in-flight stays ~10,000); msg/s delivered. Rosetta and nact
 * alternate in one process.
 */
import { ActorSystem, Props, type PID } from '../gateway/actors/index.js';
import { nact, type NactRef } from './lib/nact.js';
import { report, type BenchArgs } from './lib/report.js';
import { median } from './lib/stats.js';

const ACTORS = 10_000;

async function rosetta(rounds: number): Promise<number> {
  const system = new ActorSystem();
  const total = rounds * ACTORS;
  let received = 0;
  let finish!: () => void;
  const finished = new Promise<void>((r) => { finish = r; });
  const sinkProps = Props.fromFunc(() => { if (++received === total) finish(); });
  const sinks: PID[] = [];
  for (let i = 0; i < ACTORS; i++) sinks.push(system.root.spawn(sinkProps));
  let round = 0;
  const sender = system.root.spawn(Props.fromFunc((ctx) => {
    if (ctx.message !== 'go') return;
    for (let i = 0; i < ACTORS; i++) ctx.send(sinks[i]!, round);
    if (++round < rounds) ctx.send(ctx.self, 'go');
  }).withDispatcher({ throughput: 1 }));
  await new Promise((r) => setImmediate(r));
  const t0 = performance.now();
  system.root.send(sender, 'go');
  await finished;
  const secs = (performance.now() - t0) / 1000;
  await system.shutdown();
  return total / secs;
}

async function nactRun(rounds: number): Promise<number> {
  const system = nact.start();
  const total = rounds * ACTORS;
  let received = 0;
  let finish!: () => void;
  const finished = new Promise<void>((r) => { finish = r; });
  const sinks: NactRef[] = [];
  for (let i = 0; i < ACTORS; i++) sinks.push(nact.spawnStateless(system, () => { if (++received === total) finish(); }, `sink-${i}`));
  let round = 0;
  const sender = nact.spawnStateless(system, (msg, ctx) => {
    if (msg !== 'go') return;
    for (let i = 0; i < ACTORS; i++) nact.dispatch(sinks[i]!, round);
    if (++round < rounds) nact.dispatch(ctx.self, 'go');
  });
  await new Promise((r) => setImmediate(r));
  const t0 = performance.now();
  nact.dispatch(sender, 'go');
  await finished;
  const secs = (performance.now() - t0) / 1000;
  nact.stop(system);
  return total / secs;
}

export async function main(args: BenchArgs): Promise<void> {
  const rounds = args.quick ? 20 : 200;
  const nactRounds = Math.max(2, rounds / 10);
  await rosetta(5); await nactRun(2);
  const r: number[] = [], a: number[] = [];
  for (let i = 0; i < args.runs; i++) { r.push(await rosetta(rounds)); a.push(await nactRun(nactRounds)); }
  report('local-fanout', args, [
    { metric: 'throughput', rosetta: median(r), nact: median(a), unit: 'msg/s', target: { op: '>=', value: 15e6 } },
  ], { actors: ACTORS, messagesPerRun: rounds * ACTORS, samples: { rosetta: r, nact: a } });
}
