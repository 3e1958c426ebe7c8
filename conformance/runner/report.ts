/**
 * Reports: the results and the latency samples become nodejs-polars DataFrames, and from them
 * a pass/fail matrix (sender × receiver per case), a per-agent summary and p50/p99 per pair —
 * written as Markdown (matrix.md, and a compact summary for the README), JSON, CSV and Parquet.
 *
 * | file | what |
 * |---|---|
 * | results.{json,csv,parquet} | one row per run: case, level, sender, receiver, outcome, expected, message, blame, duration_ms, samples |
 * | latency.{csv,parquet} | one row per latency sample: case, sender, receiver, latency_us |
 * | latency-by-pair.csv | p50 / p99 (µs) of request round trips (RequestReply) and sample count per sender × receiver |
 * | summary.csv | per agent: runs it took part in, by outcome |
 * | matrix.md | the summary, the per-pair percentiles and one sender × receiver grid per case |
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pl from 'nodejs-polars';
import type { ResultRow } from './execute.js';

export interface ReportContext {
  wallMs: number;
  agents: { name: string; detail: string }[];
}

export interface Summary {
  /** Compact Markdown for the README: per-agent counts, case × agent, latency per pair. */
  markdown: string;
  /** The full Markdown report (matrix.md). */
  full: string;
}

/** The case whose samples make the per-pair percentiles. */
export const LATENCY_CASE = 'Required.Messaging.RequestReply';

const SYMBOL: Record<string, string> = { pass: '✓', fail: '✗', skip: '·', crash: '💥', hang: '⏱' };

export function resultsFrame(rows: ResultRow[]): pl.DataFrame {
  return pl.DataFrame({
    id: rows.map((r) => r.id),
    case: rows.map((r) => r.case),
    level: rows.map((r) => r.level),
    sender: rows.map((r) => r.sender),
    receiver: rows.map((r) => r.receiver),
    outcome: rows.map((r) => r.outcome),
    expected: rows.map((r) => r.expected === true),
    message: rows.map((r) => r.message),
    blame: rows.map((r) => r.blame),
    duration_ms: rows.map((r) => r.durationMs),
    samples: rows.map((r) => r.samplesUs.length),
  });
}

export function latencyFrame(rows: ResultRow[]): pl.DataFrame {
  const samples = rows.flatMap((r) => r.samplesUs.map((us) => ({ case: r.case, sender: r.sender, receiver: r.receiver, latency_us: us })));
  return pl.DataFrame({
    case: samples.map((s) => s.case),
    sender: samples.map((s) => s.sender),
    receiver: samples.map((s) => s.receiver),
    latency_us: samples.map((s) => s.latency_us),
  }, { schema: { case: pl.Utf8, sender: pl.Utf8, receiver: pl.Utf8, latency_us: pl.Float64 } });
}

/** p50 / p99 (µs) and the number of samples per sender × receiver. */
export function percentilesByPair(latency: pl.DataFrame): pl.DataFrame {
  if (latency.height === 0) return pl.DataFrame({ sender: [] as string[], receiver: [] as string[], p50_us: [] as number[], p99_us: [] as number[], n: [] as number[] });
  return latency.groupBy(['sender', 'receiver']).agg(
    pl.col('latency_us').quantile(0.5).alias('p50_us'),
    pl.col('latency_us').quantile(0.99).alias('p99_us'),
    pl.col('latency_us').count().alias('n'),
  ).sort(['sender', 'receiver']);
}

/** Per agent: runs it took part in (as sender or receiver, a self-pair once), by outcome. */
export function agentSummary(results: pl.DataFrame): pl.DataFrame {
  const asSender = results.select(pl.col('sender').alias('agent'), 'outcome', 'expected', 'id');
  const asReceiver = results.filter(pl.col('sender').neq(pl.col('receiver'))).select(pl.col('receiver').alias('agent'), 'outcome', 'expected', 'id');
  const both = pl.concat([asSender, asReceiver]);
  return both.groupBy('agent').agg(
    pl.col('outcome').eq(pl.lit('pass')).sum().alias('pass'),
    pl.col('outcome').isIn(['fail', 'crash', 'hang']).and(pl.col('expected')).sum().alias('listed'),
    pl.col('outcome').isIn(['fail', 'crash', 'hang']).and(pl.col('expected').not()).sum().alias('unexpected'),
    pl.col('outcome').eq(pl.lit('skip')).sum().alias('skipped'),
  ).sort('agent');
}

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

const ms = (us: number | null | undefined): string => (us === null || us === undefined ? '' : us >= 100_000 ? `${(us / 1000).toFixed(0)}` : `${(us / 1000).toFixed(2)}`);

export async function writeReports(rows: ResultRow[], out: string, o: ReportContext): Promise<Summary> {
  const results = resultsFrame(rows);
  const latency = latencyFrame(rows);
  // Round trips of one size and kind: the sequential requests of Required.Messaging.RequestReply.
  const byPair = percentilesByPair(latency.filter(pl.col('case').eq(pl.lit(LATENCY_CASE))));
  const summary = rows.length > 0 ? agentSummary(results) : pl.DataFrame({ agent: [] as string[] });

  results.writeJSON(join(out, 'results.json'), { format: 'json' });
  results.writeCSV(join(out, 'results.csv'));
  results.writeParquet(join(out, 'results.parquet'));
  latency.writeCSV(join(out, 'latency.csv'));
  latency.writeParquet(join(out, 'latency.parquet'));
  byPair.writeCSV(join(out, 'latency-by-pair.csv'));
  summary.writeCSV(join(out, 'summary.csv'));

  const agents = o.agents.map((a) => a.name);
  const cases = [...new Set(rows.map((r) => r.case))];
  const cell = (r: ResultRow | undefined): string => (r ? (r.outcome !== 'pass' && r.expected ? '⚠' : SYMBOL[r.outcome]!) : '');
  const byId = new Map(rows.map((r) => [r.id, r]));

  const summaryRows = (summary.toRecords() as Record<string, number | string>[]).map((s) => [
    `\`${s['agent']}\``, String(s['pass']), String(s['listed']), String(s['unexpected']), String(s['skipped']),
    o.agents.find((a) => a.name === s['agent'])?.detail ?? '',
  ]);
  const summaryMd = table(['agent', 'pass', 'listed failures', 'unexpected', 'not applicable', 'adapter'], summaryRows);

  // Case × agent: each agent's runs of the case (as sender or receiver), how many passed.
  const caseAgent = cases.map((c) => [`\`${c}\``, ...agents.map((a) => {
    const mine = rows.filter((r) => r.case === c && (r.sender === a || r.receiver === a) && r.outcome !== 'skip');
    if (mine.length === 0) return '·';
    const passed = mine.filter((r) => r.outcome === 'pass').length;
    const listed = mine.filter((r) => r.outcome !== 'pass' && r.expected).length;
    return passed === mine.length ? `✓ ${passed}` : `${passed}/${mine.length}${listed ? ` ⚠${listed}` : ''}${mine.length - passed - listed ? ' ✗' : ''}`;
  })]);
  const caseAgentMd = table(['case', ...agents.map((a) => `\`${a}\``)], caseAgent);

  const pct = new Map((byPair.toRecords() as { sender: string; receiver: string; p50_us: number; p99_us: number }[]).map((r) => [`${r.sender}>${r.receiver}`, r]));
  const latencyMd = table(['sender ↓ receiver →', ...agents.map((a) => `\`${a}\``)], agents.map((s) => [`\`${s}\``, ...agents.map((r) => {
    const p = pct.get(`${s}>${r}`);
    return p ? `${ms(p.p50_us)} / ${ms(p.p99_us)}` : '';
  })]));

  const count = (k: string) => rows.filter((r) => r.outcome === k).length;
  const headline = `${rows.length} runs of ${cases.length} cases over ${agents.length} agents in ${(o.wallMs / 1000).toFixed(0)} s: ` +
    `${count('pass')} pass, ${rows.filter((r) => r.outcome !== 'pass' && r.outcome !== 'skip' && r.expected).length} listed failures, ` +
    `${rows.filter((r) => r.outcome !== 'pass' && r.outcome !== 'skip' && !r.expected).length} unexpected, ${count('skip')} not applicable.`;
  const legend = 'Legend: ✓ pass (count of runs), ⚠ failure listed in the agent\'s failure list, ✗ unexpected failure, 💥 crash, ⏱ hang, · not applicable.';

  const markdown = [
    headline, '', summaryMd, '', legend, '', caseAgentMd, '',
    `Request round trip per pair, p50 / p99 in ms (the sequential requests of \`${LATENCY_CASE}\`; every timed step is in latency.csv):`, '', latencyMd,
  ].join('\n');

  const grids = cases.map((c) => [`### ${c}`, '', table(['sender ↓ receiver →', ...agents.map((a) => `\`${a}\``)], agents.map((s) => [`\`${s}\``, ...agents.map((r) => cell(byId.get(`${c}[${s}->${r}]`)))])),
    ...rows.filter((r) => r.case === c && r.outcome !== 'pass' && r.outcome !== 'skip').map((r) => `- ${cell(r)} \`${r.id}\`: ${r.message.split('\n')[0]}`)].join('\n'));
  const full = ['# Conformance matrix', '', markdown, '', '## Sender × receiver per case', '', legend, '', ...grids.flatMap((g) => [g, ''])].join('\n');
  writeFileSync(join(out, 'matrix.md'), full);
  return { markdown, full };
}

const START = '<!-- conformance-matrix:start (generated by rosetta conformance --readme) -->';
const END = '<!-- conformance-matrix:end -->';

/** Replaces the text between the conformance markers of `file` (appending them if absent). */
export function updateReadme(file: string, markdown: string): void {
  const text = readFileSync(file, 'utf8');
  const block = `${START}\n${markdown}\n${END}`;
  const i = text.indexOf(START.slice(0, 30));
  const j = text.indexOf(END);
  writeFileSync(file, i >= 0 && j > i ? text.slice(0, i) + block + text.slice(j + END.length) : `${text.trimEnd()}\n\n${block}\n`);
}
