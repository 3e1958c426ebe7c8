/**
 * The runner catches what goes wrong with an agent: the deliberately broken agent
 * (conformance/testdata/broken-agent.ts) is reported with the right case names failing, crashing
 * and hanging — each charged to the run that caused it, the agent restarted for the next — and its
 * failure list makes listed failures expected while a listed run that passes fails the run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outcomes, REPO, runConformanceCli } from '../helpers/conformance-cli.js';

const broken = `broken=${process.execPath} ${join(REPO, 'dist/conformance/testdata/broken-agent.js')}`;
const CASES = ['Required.Messaging.Send', 'Required.Messaging.LargePayload', 'Required.Messaging.Unicode', 'Required.Messaging.Headers', 'Required.Errors.Timeout', 'Required.Auth.Missing'];

test('conformance - the broken agent is reported with the right cases failing, crashing and hanging', async () => {
  const run = await runConformanceCli(['--agents', 'ts', '--agent', broken, ...CASES.flatMap((c) => ['--case', c]), '--step-deadline-ms', '4000', '--no-build'], 240_000);
  const o = outcomes(run.rows);
  assert.deepEqual(o, {
    'Required.Messaging.Send[ts->broken]': 'pass',
    'Required.Messaging.Send[broken->ts]': 'pass',
    'Required.Messaging.Send[broken->broken]': 'pass',
    // asked to request 1 MiB, it exits: a crash, charged to the run; the next run restarts it
    'Required.Messaging.LargePayload[ts->broken]': 'pass',
    'Required.Messaging.LargePayload[broken->ts]': 'crash',
    'Required.Messaging.LargePayload[broken->broken]': 'crash',
    // it mangles non-ASCII text it reports
    'Required.Messaging.Unicode[ts->broken]': 'fail',
    'Required.Messaging.Unicode[broken->ts]': 'fail',
    'Required.Messaging.Unicode[broken->broken]': 'fail',
    // it loses headers both ways
    'Required.Messaging.Headers[ts->broken]': 'fail',
    'Required.Messaging.Headers[broken->ts]': 'fail',
    'Required.Messaging.Headers[broken->broken]': 'fail',
    // asked to request with a deadline under a second, it never answers: a hang, killed and restarted
    'Required.Errors.Timeout[ts->broken]': 'pass',
    'Required.Errors.Timeout[broken->ts]': 'hang',
    'Required.Errors.Timeout[broken->broken]': 'hang',
    // restarted after the hang, it works again
    'Required.Auth.Missing[ts->broken]': 'skip',
    'Required.Auth.Missing[broken->ts]': 'pass',
    'Required.Auth.Missing[broken->broken]': 'pass',
  });
  const byId = new Map(run.rows.map((r) => [r.id, r]));
  assert.equal(byId.get('Required.Messaging.LargePayload[broken->ts]')!.blame, 'broken');
  assert.match(byId.get('Required.Messaging.LargePayload[broken->ts]')!.message, /exited with code 70/);
  assert.match(byId.get('Required.Errors.Timeout[broken->ts]')!.message, /no answer to ask within 4000 ms/);
  assert.match(byId.get('Required.Messaging.Unicode[broken->ts]')!.message, /reply .*\?/);
  assert.equal(run.code, 1, 'unlisted failures fail the run');
  assert.match(run.stderr, /UNEXPECTED crash: Required\.Messaging\.LargePayload\[broken->ts\]/);
});

test('conformance - a failure list makes listed failures expected, and a listed run that passes is an error', async () => {
  const lists = mkdtempSync(join(tmpdir(), 'rosetta-failure-lists-'));
  const args = ['--agents', 'ts', '--agent', broken, '--case', 'Required.Messaging.Send', '--case', 'Required.Messaging.Unicode', '--failure-lists', lists, '--no-build'];
  writeFileSync(join(lists, 'failure_list_broken.txt'), 'Required.Messaging.Unicode[*]   # it mangles non-ASCII text\n');
  const listed = await runConformanceCli(args, 120_000);
  assert.equal(listed.code, 0, `every failure is listed: ${listed.stderr.slice(-2000)}`);
  assert.deepEqual(listed.rows.filter((r) => r.outcome === 'fail').map((r) => r.id).sort(), ['Required.Messaging.Unicode[broken->broken]', 'Required.Messaging.Unicode[broken->ts]', 'Required.Messaging.Unicode[ts->broken]']);
  assert.match(listed.stderr, /3 failures are listed in failure lists/);

  writeFileSync(join(lists, 'failure_list_broken.txt'), 'Required.Messaging.Unicode[*]   # it mangles non-ASCII text\nRequired.Messaging.Send[broken->ts]   # no longer true\n');
  const stale = await runConformanceCli(args, 120_000);
  assert.equal(stale.code, 1, 'a listed run that passes fails the run');
  assert.match(stale.stderr, /ERROR Required\.Messaging\.Send\[broken->ts\] passed but .*failure_list_broken\.txt:2 lists it \('Required\.Messaging\.Send\[broken->ts\]'\): remove the line/);
});
