import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RingQueue } from '../../../gateway/actors/ring-queue.js';

test('ring-queue - FIFO order survives growth and wrap-around', () => {
  const q = new RingQueue<number>(4);
  let next = 0, expect = 0;
  for (let round = 0; round < 50; round++) {
    for (let i = 0; i < round % 7 + 1; i++) q.push(next++);
    for (let i = 0; i < round % 5; i++) if (!q.isEmpty()) assert.equal(q.shift(), expect++);
  }
  while (!q.isEmpty()) assert.equal(q.shift(), expect++);
  assert.equal(expect, next);
  assert.equal(q.shift(), undefined);
});

test('ring-queue - push2 keeps pairs adjacent across growth', () => {
  const q = new RingQueue<number>(4);
  q.push(-1); q.shift();
  for (let i = 0; i < 100; i++) q.push2(i, i * 10);
  assert.equal(q.length, 200);
  for (let i = 0; i < 100; i++) { assert.equal(q.shift(), i); assert.equal(q.shift(), i * 10); }
});

test('ring-queue - unshift puts items in front', () => {
  const q = new RingQueue<string>(4);
  q.push('b'); q.push('c');
  q.unshift('a');
  for (let i = 0; i < 10; i++) q.push('x');
  assert.deepEqual([q.shift(), q.shift(), q.shift()], ['a', 'b', 'c']);
});
