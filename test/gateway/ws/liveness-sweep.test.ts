import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LivenessSweep } from '../../../gateway/ws/liveness-sweep.js';

function members(n: number) {
  return Array.from({ length: n }, () => ({ pings: 0, ping() { this.pings++; } }));
}

for (const n of [1, 7, 200, 10_000]) {
  test(`liveness sweep: ${n} connection(s) are each pinged exactly once per interval, a slice per tick`, () => {
    const sweep = new LivenessSweep<{ pings: number; ping(): void }>(30_000); // 200 ticks of 150 ms
    const ms = members(n);
    for (const m of ms) sweep.add(m);
    let most = 0;
    for (let t = 0; t < 200; t++) most = Math.max(most, sweep.tick());
    assert.deepEqual(new Set(ms.map((m) => m.pings)), new Set([1]));
    assert.ok(most <= Math.ceil(n / 200), `at most ${Math.ceil(n / 200)} per tick, saw ${most}`);
  });
}

test('liveness sweep: members added or removed mid-interval are pinged at most once per interval', () => {
  const sweep = new LivenessSweep<{ pings: number; ping(): void }>(1_000); // 20 ticks
  const ms = members(40);
  for (const m of ms.slice(0, 20)) sweep.add(m);
  for (let t = 0; t < 10; t++) sweep.tick();
  for (const m of ms.slice(20)) sweep.add(m);
  sweep.delete(ms[19]!);
  for (let t = 0; t < 10; t++) sweep.tick();
  assert.ok(ms.every((m) => m.pings <= 1), 'nobody pinged twice in one interval');
});
