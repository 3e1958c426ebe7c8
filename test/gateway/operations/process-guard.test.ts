/**
 * The process guard in a child process: exceptions thrown from timers and event
 * handlers, and rejections nobody awaited, are contained and logged rate-limited;
 * the process keeps running its work and exits normally.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const child = fileURLToPath(new URL('../../fixtures/guarded-child.js', import.meta.url));

test('process guard: 200 stray exceptions and 200 unhandled rejections do not end the process; the log is rate-limited', () => {
  const out = execFileSync(process.execPath, [child], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const last = lines.pop()!;
  assert.deepEqual(last, { done: true, uncaughtExceptions: 200, unhandledRejections: 200, work: 1000 });
  const warned = lines.filter((l) => l['level'] === 'warn');
  assert.ok(warned.length >= 2 && warned.length <= 4, `one line per kind per interval, got ${warned.length}`);
  assert.ok(warned.some((l) => /uncaught exception contained/.test(String(l['msg']))));
  assert.ok(warned.some((l) => /unhandled rejection contained/.test(String(l['msg']))));
});
