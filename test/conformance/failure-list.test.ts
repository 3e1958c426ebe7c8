/**
 * Failure lists as the runner reads and judges them (in process): patterns with reasons, a listed
 * failure is expected, a listed run that passes is an error naming the line to remove, and the
 * repository's own lists hold only Recommended cases, each with a reason.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { globToRegExp, judge, parseFailureList, staleMessage } from '../../conformance/runner/failure-list.js';
import type { Outcome, ResultRow } from '../../conformance/runner/execute.js';

const row = (id: string, outcome: Outcome): ResultRow => {
  const m = /^(.*)\[(.*)->(.*)\]$/.exec(id)!;
  return { id, case: m[1]!, level: m[1]!.startsWith('Recommended.') ? 'Recommended' : 'Required', sender: m[2]!, receiver: m[3]!, outcome, message: '', blame: '', durationMs: 1, samplesUs: [] };
};

test('failure list - a pattern matches run ids with * as any text, and every line needs a reason', () => {
  assert.ok(globToRegExp('Recommended.Reconnect[*->jvm]').test('Recommended.Reconnect[go-v2024->jvm]'));
  assert.ok(!globToRegExp('Recommended.Reconnect[*->jvm]').test('Recommended.Reconnect[jvm->go-v2024]'));
  assert.ok(!globToRegExp('Required.Messaging.Send').test('Required.Messaging.SendX[a->b]'), 'a dot is a dot');
  const entries = parseFailureList('jvm', 'failure_list_jvm.txt', '# comment\n\nRecommended.Reconnect[*->jvm]   # reconnect() opens a new stream, no drop\n');
  assert.deepEqual(entries.map((e) => [e.line, e.pattern, e.reason]), [[3, 'Recommended.Reconnect[*->jvm]', 'reconnect() opens a new stream, no drop']]);
  assert.throws(() => parseFailureList('jvm', 'f.txt', 'Recommended.Reconnect[*->jvm]\n'), /f\.txt:1: .* has no reason/);
});

test('failure list - a listed failure is expected, an unlisted one fails the run, a listed pass is stale', () => {
  const entries = parseFailureList('jvm', 'failure_list_jvm.txt', 'Recommended.Reconnect[*->jvm]  # why\nRecommended.Backpressure[jvm->*]  # why\n');
  const rows = [
    row('Recommended.Reconnect[ts->jvm]', 'fail'),
    row('Recommended.Reconnect[jvm->ts]', 'fail'),
    row('Recommended.Backpressure[jvm->ts]', 'pass'),
    row('Recommended.Backpressure[jvm->go-v2025]', 'skip'),
    row('Required.Messaging.Send[jvm->ts]', 'crash'),
  ];
  const v = judge(rows, entries);
  assert.deepEqual(rows.map((r) => r.expected), [true, false, undefined, undefined, false]);
  assert.deepEqual(v.unexpected.map((r) => r.id), ['Recommended.Reconnect[jvm->ts]', 'Required.Messaging.Send[jvm->ts]']);
  assert.deepEqual(v.stale.map((s) => s.row.id), ['Recommended.Backpressure[jvm->ts]']);
  assert.match(staleMessage(v.stale[0]!), /passed but failure_list_jvm\.txt:2 lists it .*remove the line/);
});

test("failure list - a list applies to the runs of its own agent only (as sender or receiver)", () => {
  const entries = parseFailureList('go-v2025', 'failure_list_go-v2025.txt', 'Recommended.Lifecycle.WatchMissing[*]  # why\n');
  const rows = [row('Recommended.Lifecycle.WatchMissing[ts->go-v2025]', 'fail'), row('Recommended.Lifecycle.WatchMissing[ts->jvm]', 'fail')];
  const v = judge(rows, entries);
  assert.deepEqual(v.unexpected.map((r) => r.id), ['Recommended.Lifecycle.WatchMissing[ts->jvm]']);
});

test("failure list - the repository's lists name only Recommended cases, each with a reason", () => {
  const dir = fileURLToPath(new URL('../../../conformance/', import.meta.url));
  const files = readdirSync(dir).filter((f) => /^failure_list_.+\.txt$/.test(f));
  assert.ok(files.length > 0);
  for (const f of files) {
    const agent = f.slice('failure_list_'.length, -'.txt'.length);
    for (const e of parseFailureList(agent, f, readFileSync(join(dir, f), 'utf8'))) {
      assert.ok(e.pattern.startsWith('Recommended.'), `${f}:${e.line} lists '${e.pattern}': only Recommended cases may be listed (a Required case must pass)`);
    }
  }
});
