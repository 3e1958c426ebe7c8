/**
 * Benchmark output: a human table, then (with --json) one JSON object as the last
 * line of stdout. Targets are printed next to the figures — reported, never
 * asserted (speed targets live here, not in unit tests).
 */
export interface BenchArgs {
  runs: number;
  json: boolean;
  quick: boolean;
}

export function parseArgs(argv: readonly string[]): BenchArgs {
  const runsIdx = argv.indexOf('--runs');
  return {
    runs: runsIdx >= 0 ? Math.max(1, Number(argv[runsIdx + 1]) || 1) : 7,
    json: argv.includes('--json'),
    quick: argv.includes('--quick'),
  };
}

export interface Row {
  metric: string;
  rosetta: number;
  nact?: number;
  unit: string;
  /** Target: `>=` or `<=` a value. */
  target?: { op: '>=' | '<='; value: number };
}

const fmt = (n: number | undefined): string => {
  if (n === undefined || Number.isNaN(n)) return '-';
  if (Math.abs(n) >= 1e6) return (n / 1e6).toFixed(2) + 'M';
  if (Math.abs(n) >= 1e4) return (n / 1e3).toFixed(1) + 'K';
  return n.toFixed(Math.abs(n) < 10 ? 2 : 1);
};

export function report(name: string, args: BenchArgs, rows: Row[], extra: Record<string, unknown> = {}, against = 'nact'): void {
  console.log(`\n${name} — medians of ${args.runs} runs, one Node ${process.version} thread`);
  console.log(['metric'.padEnd(34), 'rosetta'.padStart(10), against.padStart(10), 'ratio'.padStart(8), '  target'].join(''));
  const out: Record<string, unknown> = { bench: name, runs: args.runs, node: process.version, ...extra };
  for (const r of rows) {
    const lowerIsBetter = r.target?.op === '<=' || r.unit === 'µs' || r.unit === 'B';
    const ratio = r.nact === undefined ? undefined : lowerIsBetter ? r.nact / r.rosetta : r.rosetta / r.nact;
    const met = r.target === undefined ? '' : (r.target.op === '>=' ? r.rosetta >= r.target.value : r.rosetta <= r.target.value) ? 'met' : 'MISSED';
    const target = r.target ? `  ${r.target.op} ${fmt(r.target.value)} ${r.unit}: ${met}` : '';
    console.log([`${r.metric} (${r.unit})`.padEnd(34), fmt(r.rosetta).padStart(10), fmt(r.nact).padStart(10), (ratio === undefined ? '-' : ratio.toFixed(1) + '×').padStart(8), target].join(''));
    out[r.metric] = { rosetta: r.rosetta, [against]: r.nact, unit: r.unit, ratio, target: r.target, met: met || undefined };
  }
  if (args.json) console.log(JSON.stringify(out));
}
