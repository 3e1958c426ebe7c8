/**
 * Failure lists, as protobuf's conformance suite keeps them: `failure_list_<agent>.txt`, one
 * pattern per line with the reason after `#`, matched against run ids
 * (`<case>[<sender>-><receiver>]`; `*` matches any run of characters). A run that fails, crashes or
 * hangs is expected when a list of one of its two agents names it. Lists may only shrink: a listed
 * run that passes is an error telling which line to remove.
 *
 * @example
 *   Recommended.Backpressure[*->jvm]   # the JVM client answers requests after the tenant's quota refused its replies
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResultRow } from './execute.js';

export interface FailureEntry {
  agent: string;
  file: string;
  line: number;
  pattern: string;
  reason: string;
  regex: RegExp;
}

export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/** Parses one list; throws on a line without a reason. */
export function parseFailureList(agent: string, file: string, text: string): FailureEntry[] {
  const out: FailureEntry[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const hash = line.indexOf('#');
    const pattern = (hash < 0 ? line : line.slice(0, hash)).trim();
    const reason = hash < 0 ? '' : line.slice(hash + 1).trim();
    if (reason === '') throw new Error(`${file}:${i + 1}: '${pattern}' has no reason (write it after '#')`);
    out.push({ agent, file, line: i + 1, pattern, reason, regex: globToRegExp(pattern) });
  }
  return out;
}

/** The lists of `agents` found in `dirs` (a missing list is an empty one). */
export function loadFailureLists(agents: readonly string[], dirs: readonly string[]): FailureEntry[] {
  const out: FailureEntry[] = [];
  for (const agent of agents) {
    for (const dir of dirs) {
      const file = join(dir, `failure_list_${agent}.txt`);
      if (existsSync(file)) out.push(...parseFailureList(agent, file, readFileSync(file, 'utf8')));
    }
  }
  return out;
}

export interface Verdict {
  /** Failures no list names: the run fails. */
  unexpected: ResultRow[];
  /** Listed runs that passed: each an error, naming the entry to remove. */
  stale: { row: ResultRow; entry: FailureEntry }[];
}

/** Marks listed failures as expected (row.expected) and finds unexpected failures and stale entries. */
export function judge(rows: ResultRow[], entries: readonly FailureEntry[]): Verdict {
  const verdict: Verdict = { unexpected: [], stale: [] };
  for (const row of rows) {
    const listed = entries.filter((e) => (e.agent === row.sender || e.agent === row.receiver) && e.regex.test(row.id));
    if (row.outcome === 'pass') {
      for (const entry of listed) verdict.stale.push({ row, entry });
    } else if (row.outcome !== 'skip') {
      row.expected = listed.length > 0;
      if (!row.expected) verdict.unexpected.push(row);
    }
  }
  return verdict;
}

export function staleMessage(s: { row: ResultRow; entry: FailureEntry }): string {
  return `${s.row.id} passed but ${s.entry.file}:${s.entry.line} lists it ('${s.entry.pattern}'): remove the line, or narrow its pattern`;
}
