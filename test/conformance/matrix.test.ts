/**
 * The full conformance matrix, as `npx rosetta conformance` runs it: every built-in agent (ts,
 * ts-client, browser, go-v2024, go-v2025, jvm and the unmodified protoactor-go peers), every case,
 * every ordered pair. It passes when every failure is one a failure list names (Recommended cases
 * only) and no list names a run that passed — so every Required case passes for every agent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_AGENTS } from '../../conformance/runner/builtin-agents.js';
import { runConformanceCli } from '../helpers/conformance-cli.js';

test('conformance - the full matrix: every Required case passes for every agent', { timeout: 900_000 }, async () => {
  const run = await runConformanceCli([], 840_000);
  const problems = run.stderr.split('\n').filter((l) => /^(UNEXPECTED|ERROR)/.test(l));
  assert.equal(run.code, 0, `the matrix failed:\n${problems.join('\n')}\n${run.stderr.slice(-1500)}`);
  const required = run.rows.filter((r) => r.level === 'Required');
  assert.deepEqual(required.filter((r) => r.outcome !== 'pass' && r.outcome !== 'skip').map((r) => `${r.id}: ${r.message}`), []);
  for (const agent of BUILTIN_AGENTS) {
    assert.ok(required.some((r) => (r.sender === agent || r.receiver === agent) && r.outcome === 'pass'), `${agent} passed nothing`);
  }
});
