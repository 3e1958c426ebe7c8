/**
 * sigterm-shutdown: a real `rosetta dev` process holding 1,000,000 actors (half
 * plain, half virtual) gets SIGTERM; measured from the signal to the process's exit,
 * as its parent sees it. The shutdown is graceful: every plain actor's Stopped
 * hook runs (counted by the child), and the child reports the live count at exit.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { report, type BenchArgs } from './lib/report.js';
import { median } from './lib/stats.js';

const child = fileURLToPath(new URL('./lib/sigterm-child.js', import.meta.url));

interface Run { exitMs: number; populated: Record<string, unknown>; exiting: Record<string, unknown> | undefined }

async function run(n: number): Promise<Run> {
  const p = spawn(process.execPath, ['--max-old-space-size=8192', child, String(n)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const events: Record<string, unknown>[] = [];
  let populated!: (e: Record<string, unknown>) => void;
  const ready = new Promise<Record<string, unknown>>((r) => { populated = r; });
  createInterface({ input: p.stdout! }).on('line', (line) => {
    let e: Record<string, unknown>;
    try { e = JSON.parse(line) as Record<string, unknown>; } catch { return; }
    events.push(e);
    if (e['event'] === 'populated') populated(e);
  });
  const exited = new Promise<void>((r) => p.once('exit', () => r()));
  const pop = await Promise.race([ready, exited.then(() => { throw new Error('child exited before it was populated'); })]);
  const t0 = performance.now();
  p.kill('SIGTERM');
  await exited;
  const exitMs = performance.now() - t0;
  return { exitMs, populated: pop, exiting: events.find((e) => e['event'] === 'exiting') };
}

export async function main(args: BenchArgs): Promise<void> {
  const n = args.quick ? 100_000 : 1_000_000;
  const runs = Math.min(args.runs, 3);
  const results: Run[] = [];
  for (let i = 0; i < runs; i++) results.push(await run(n));
  report('sigterm-shutdown', { ...args, runs }, [
    { metric: 'SIGTERM to exit', rosetta: median(results.map((r) => r.exitMs)), unit: 'ms', target: { op: '<=', value: 5000 } },
  ], { actors: n, samples: results.map((r) => ({ exitMs: r.exitMs, populated: r.populated, exiting: r.exiting })) }, '-');
  for (const r of results) console.log(JSON.stringify({ exitMs: Math.round(r.exitMs), ...r.exiting }));
}
