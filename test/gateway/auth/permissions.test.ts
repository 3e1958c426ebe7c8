import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidPattern, matchesPattern, parsePermissions, permits, parseTtl } from '../../../gateway/auth/index.js';

test('subject patterns - * is one token, > is the rest', () => {
  assert.ok(matchesPattern('orders/*', 'orders/42'));
  assert.ok(!matchesPattern('orders/*', 'orders/42/items'));
  assert.ok(!matchesPattern('orders/*', 'orders'));
  assert.ok(matchesPattern('orders/>', 'orders/42/items'));
  assert.ok(!matchesPattern('orders/>', 'orders'));
  assert.ok(matchesPattern('>', 'anything/at/all'));
  assert.ok(matchesPattern('echo', 'echo'));
  assert.ok(!matchesPattern('echo', 'echo2'));
  assert.ok(isValidPattern('a/*/c/>'));
  assert.ok(!isValidPattern('a/>/c'));
  assert.ok(!isValidPattern('a//b'));
});

test('permissions - deny wins, allow lists restrict, absent rules allow', () => {
  const p = parsePermissions({ send: { allow: ['orders/*', 'echo'], deny: ['orders/secret'] } });
  assert.ok(permits(p, 'send', 'orders/42'));
  assert.ok(permits(p, 'send', 'echo'));
  assert.ok(!permits(p, 'send', 'orders/secret'));
  assert.ok(!permits(p, 'send', 'billing/1'));
  assert.ok(permits(p, 'register', 'anything'));
  assert.ok(!permits(parsePermissions({ register: { deny: ['>'] } }), 'register', 'x'));
});

test('token ttl parsing', () => {
  assert.equal(parseTtl('90s'), 90);
  assert.equal(parseTtl('15m'), 900);
  assert.equal(parseTtl('1h'), 3600);
  assert.equal(parseTtl('7d'), 604800);
  assert.throws(() => parseTtl('soon'));
  assert.throws(() => parseTtl('0'));
});
