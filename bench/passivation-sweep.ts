/**
 * passivation-sweep: what the shared passivation sweep and the memory guard cost
 * over 1,000,000 idle virtual actors — one sweep pass (aging only), one pass that
 * passivates them all, and one memory-guard round (two passes) shedding 40% — as
 * CPU per event-loop slice (the work done between two turns) and the longest
 * stall of the event loop seen meanwhile (a setImmediate chain measures it).
 */
import { ActorSystem, MemoryGuard, Props, type HeapReading } from '../gateway/actors/index.js';
import { SCAN_SLICE } from '../gateway/actors/chunked-scan.js';
import { report, type BenchArgs } from './lib/report.js';
import { median } from './lib/stats.js';

interface Cost { wallMs: number; cpuMs: number; slices: number; maxStallMs: number }

/** Runs `work` while a setImmediate chain records the longest gap between turns. */
async function measure(slices: number, work: () => Promise<unknown>): Promise<Cost> {
  let last = performance.now();
  let maxStall = 0;
  let running = true;
  const tick = (): void => {
    const t = performance.now();
    maxStall = Math.max(maxStall, t - last);
    last = t;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await work();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  running = false;
  return { wallMs, cpuMs: (c.user + c.system) / 1000, slices, maxStallMs: maxStall };
}

async function once(n: number): Promise<{ aging: Cost; passivating: Cost; guard: Cost }> {
  let now = 0;
  const system = new ActorSystem({ clock: () => now });
  let seen = 0;
  let done!: () => void;
  const all = new Promise<void>((r) => { done = r; });
  system.kinds.register('v', Props.fromFunc((ctx) => { if (ctx.message === 1 && ++seen === n) done(); }), { idleTimeoutMs: 60_000 });
  for (let i = 0; i < n; i++) {
    system.root.send(system.pid('v/' + i), 1);
    if ((i & 65535) === 65535) await new Promise((r) => setImmediate(r));
  }
  await all;
  const slices = Math.ceil(system.registry.size / SCAN_SLICE);
  const aging = await measure(slices, () => system.kinds.sweep());
  // The memory guard: ages known, heap at 82% → shed (82 − 55) / 82 ≈ 33% least recently used.
  now += 30_000;
  await system.kinds.sweep();
  const heap: HeapReading = { used: 82, limit: 100 };
  const guard = new MemoryGuard({ probe: () => heap, collections: () => 0, warn: () => {} });
  guard.register(system);
  const guardCost = await measure(2 * slices, async () => {
    await guard.check();
    while (system.kinds.live > n * 0.68) await new Promise((r) => setImmediate(r)); // the stops themselves
  });
  now += 60_000;
  const remaining = system.kinds.live;
  const passivating = await measure(Math.ceil(system.registry.size / SCAN_SLICE), async () => {
    await system.kinds.sweep();
    while (system.kinds.live > 0) await new Promise((r) => setImmediate(r));
  });
  if (remaining === 0) throw new Error('nothing left to passivate');
  return { aging, passivating, guard: guardCost };
}

export async function main(args: BenchArgs): Promise<void> {
  const n = args.quick ? 100_000 : 1_000_000;
  const runs = Math.min(args.runs, 5);
  const rs: Awaited<ReturnType<typeof once>>[] = [];
  for (let i = 0; i < runs; i++) rs.push(await once(n));
  const m = (f: (r: (typeof rs)[number]) => number): number => median(rs.map(f));
  report('passivation-sweep', { ...args, runs }, [
    { metric: 'aging sweep: CPU per slice', rosetta: m((r) => (r.aging.cpuMs / r.aging.slices) * 1000), unit: 'µs', target: { op: '<=', value: 2000 } },
    { metric: 'aging sweep: longest stall', rosetta: m((r) => r.aging.maxStallMs), unit: 'ms' },
    { metric: 'aging sweep: whole pass (wall)', rosetta: m((r) => r.aging.wallMs), unit: 'ms' },
    { metric: 'guard round + stops: stall', rosetta: m((r) => r.guard.maxStallMs), unit: 'ms' },
    { metric: 'guard round + stops (wall)', rosetta: m((r) => r.guard.wallMs), unit: 'ms' },
    { metric: 'passivate-all + stops: stall', rosetta: m((r) => r.passivating.maxStallMs), unit: 'ms' },
    { metric: 'passivate-all + stops (wall)', rosetta: m((r) => r.passivating.wallMs), unit: 'ms' },
  ], { actors: n, slice: SCAN_SLICE, samples: rs }, '-');
}
