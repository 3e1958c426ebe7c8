/**
 * idle-actor-memory: heap bytes per idle actor, measured in a fresh child process
 * per run (1,000,000 Rosetta actors; nact with 100,000 since its actors are far
 * larger — per-actor cost is what is compared). Two Rosetta rows: spawned actors,
 * and virtual actors of a trivial kind, each activated by one message (the
 * activation's id string, e.g. `v/123456`, is counted: the actor holds it).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { report, type BenchArgs } from './lib/report.js';
import { median } from './lib/stats.js';

const child = fileURLToPath(new URL('./lib/idle-child.js', import.meta.url));

function run(which: 'rosetta' | 'virtual' | 'nact', n: number): number {
  const out = execFileSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', child, which, String(n)], { encoding: 'utf8' });
  return (JSON.parse(out.trim().split('\n').pop()!) as { bytesPerActor: number }).bytesPerActor;
}

export async function main(args: BenchArgs): Promise<void> {
  const n = args.quick ? 100_000 : 1_000_000;
  const runs = Math.min(args.runs, 5);
  const r: number[] = [], v: number[] = [], a: number[] = [];
  for (let i = 0; i < runs; i++) { r.push(run('rosetta', n)); v.push(run('virtual', n)); a.push(run('nact', Math.min(n, 100_000))); }
  report('idle-actor-memory', { ...args, runs }, [
    { metric: 'heap per idle actor', rosetta: median(r), nact: median(a), unit: 'B', target: { op: '<=', value: 200 } },
    { metric: 'heap per idle virtual actor', rosetta: median(v), nact: median(a), unit: 'B', target: { op: '<=', value: 300 } },
  ], { actors: n, samples: { rosetta: r, virtual: v, nact: a } });
}
