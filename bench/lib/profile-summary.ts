/**
 * Where a process's time went, from a V8 CPU profile (`node --cpu-prof`): self time by
 * area of the code base (gateway layer, library, Node internals, GC, idle) and the
 * hottest functions. Used for the remote-go profile (ROSETTA_PROFILE_DIR, bench/README.md).
 * usage: node dist/bench/lib/profile-summary.js <file.cpuprofile> [top-n]
 */
import { readFileSync } from 'node:fs';

interface CallFrame { functionName: string; url: string; lineNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; hitCount?: number }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

/** The area a frame belongs to, by its script's path. */
export function areaOf(f: CallFrame): string {
  const u = f.url;
  if (f.functionName === '(garbage collector)') return 'GC';
  if (f.functionName === '(idle)') return 'idle';
  if (f.functionName === '(program)') return 'V8/native (program)';
  const m = /\/(gateway\/[a-z]+|crdt|protocol\/codec|protocol)\//.exec(u);
  if (m && !u.includes('node_modules')) return m[1]!;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u);
  if (pkg) return `npm:${pkg[1]}`;
  if (u.startsWith('node:') || u === '') return 'node internals / native';
  return 'other';
}

export function summarize(p: Profile): { total: number; areas: [string, number][]; functions: [string, number][] } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i]!, (self.get(p.samples[i]!) ?? 0) + (p.timeDeltas[i] ?? 0));
  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const f = byId.get(id)!.callFrame;
    total += us;
    const area = areaOf(f);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const where = f.url ? `${f.url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
    fns.set(key, (fns.get(key) ?? 0) + us);
  }
  const sort = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { total, areas: sort(areas), functions: sort(fns) };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const [file, top = '25'] = process.argv.slice(2);
  if (!file) { console.error('usage: profile-summary <file.cpuprofile> [top-n]'); process.exit(2); }
  const s = summarize(JSON.parse(readFileSync(file, 'utf8')) as Profile);
  const busy = s.total - (s.areas.find(([a]) => a === 'idle')?.[1] ?? 0);
  const pct = (us: number, of: number) => `${((100 * us) / of).toFixed(1).padStart(5)}%`;
  console.log(`total ${(s.total / 1e6).toFixed(2)} s sampled, busy ${(busy / 1e6).toFixed(2)} s`);
  console.log('\nself time by area (share of busy time):');
  for (const [a, us] of s.areas) if (a !== 'idle') console.log(`  ${pct(us, busy)}  ${a}`);
  console.log(`\nhottest functions (self, share of busy time):`);
  for (const [f, us] of s.functions.filter(([f]) => !f.startsWith('(idle)')).slice(0, Number(top))) console.log(`  ${pct(us, busy)}  ${f}`);
}
