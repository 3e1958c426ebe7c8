/**
 * memory-flood: the security report's attack against the memory guard. A child
 * process with a 1 GiB heap (so the run takes a minute, not ten) gets 8,000,000
 * activations of distinct `counter/<i>` in one tenant with no actor quota — about
 * 2.5 GiB of virtual actors if nothing were shed. Reported: whether it survived,
 * its peak heap (% of the limit), and what the guard did. Without the guard the
 * process dies of heap exhaustion a few seconds in.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { report, type BenchArgs } from './lib/report.js';
import { median } from './lib/stats.js';

const child = fileURLToPath(new URL('./lib/flood-child.js', import.meta.url));

interface Outcome { survived: boolean; summary: Record<string, unknown> | undefined }

function run(n: number): Outcome {
  const r = spawnSync(process.execPath, ['--max-old-space-size=1024', child, String(n)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const line = r.stdout.split('\n').find((l) => l.includes('"flooded"'));
  return { survived: r.status === 0 && line !== undefined, summary: line ? (JSON.parse(line) as Record<string, unknown>) : undefined };
}

export async function main(args: BenchArgs): Promise<void> {
  const n = args.quick ? 3_000_000 : 8_000_000;
  const runs = Math.min(args.runs, 3);
  const outcomes: Outcome[] = [];
  for (let i = 0; i < runs; i++) outcomes.push(run(n));
  const peaks = outcomes.map((o) => Number(o.summary?.['peakHeapPercent'] ?? 100));
  report('memory-flood', { ...args, runs }, [
    { metric: 'runs survived', rosetta: outcomes.filter((o) => o.survived).length, unit: `of ${runs}`, target: { op: '>=', value: runs } },
    { metric: 'peak heap', rosetta: median(peaks), unit: '% of limit', target: { op: '<=', value: 95 } },
  ], { activations: n, outcomes }, '-');
  for (const o of outcomes) console.log(JSON.stringify(o.summary ?? { died: true }));
}
