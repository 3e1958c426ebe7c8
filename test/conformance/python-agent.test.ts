/**
 * An external agent certifies through --agent: conformance/testdata/python_agent.py, a Rosetta
 * client written in Python over the gateway's WebSocket (msgpack), speaking the agent protocol
 * from conformance/README.md alone, passes every Required case it takes part in with the
 * TypeScript, Go and JVM agents (and itself).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { runConformanceCli } from '../helpers/conformance-cli.js';

test('conformance - the external Python agent certifies through --agent', async () => {
  const msgpack = spawnSync('python3', ['-c', 'import msgpack'], { stdio: 'ignore' });
  assert.equal(msgpack.status, 0, 'python3 with the msgpack package is needed: pip install msgpack (.ci/run does)');
  const run = await runConformanceCli(['--agents', 'ts,ts-client,go-v2025,jvm', '--agent', 'python=python3 conformance/testdata/python_agent.py'], 300_000);
  assert.equal(run.code, 0, `the Python agent did not certify: ${run.stderr.split('\n').filter((l) => /UNEXPECTED|ERROR/.test(l)).join('\n')}`);
  const mine = run.rows.filter((r) => r.sender === 'python' || r.receiver === 'python');
  assert.equal(mine.length, run.rows.length, 'only the pairs the external agent is part of run');
  const required = mine.filter((r) => r.level === 'Required');
  assert.ok(required.filter((r) => r.outcome === 'pass').length >= 150, `${required.filter((r) => r.outcome === 'pass').length} Required runs passed`);
  assert.deepEqual(required.filter((r) => r.outcome !== 'pass' && r.outcome !== 'skip').map((r) => r.id), []);
  for (const peer of ['ts', 'ts-client', 'go-v2025', 'jvm', 'python']) {
    assert.ok(required.some((r) => r.sender === 'python' && r.receiver === peer && r.outcome === 'pass'), `python → ${peer}`);
    assert.ok(required.some((r) => r.sender === peer && r.receiver === 'python' && r.outcome === 'pass'), `${peer} → python`);
  }
});
