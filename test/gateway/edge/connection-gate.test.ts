/** The authenticated-connection gate every transport shares, driven directly with a deferred verifier. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UnauthenticatedError, type RosettaError } from '../../../protocol/index.js';
import { noopMetrics } from '../../../gateway/actors/index.js';
import type { Principal } from '../../../gateway/auth/index.js';
import { ConnectionGate, MAX_PRE_AUTH_FRAMES } from '../../../gateway/edge/connection-gate.js';
import { LiveConnections } from '../../../gateway/edge/live-connections.js';
import { RateLimitedLog, silentLogger } from '../../../gateway/log/index.js';

function harness(verdict: () => Promise<Principal>, admit?: (p: Principal | undefined) => () => void, open: (p: Principal | undefined) => void = () => {}) {
  const live = new LiveConnections();
  const seen: { frames: number[]; refused?: RosettaError; ended?: RosettaError } = { frames: [] };
  const gate = new ConnectionGate<number>({ authenticate: verdict, log: new RateLimitedLog(silentLogger), live, transport: 'test', metrics: noopMetrics, admit }, {
    open, frame: (f) => seen.frames.push(f), refuse: (e) => { seen.refused = e; }, end: (e) => { seen.ended = e; },
  });
  return { gate, seen, live };
}

const principal = (expiresInS = 600): Principal => ({ tenant: 't', subject: 's', permissions: {}, expiresAt: Date.now() / 1000 + expiresInS, issuedAt: undefined, jti: 'j' });
function deferred<T>() { let resolve!: (v: T) => void, reject!: (e: unknown) => void; const promise = new Promise<T>((a, b) => { resolve = a; reject = b; }); return { promise, resolve, reject }; }

test('gate: frames sent while the token is verified are held, then handed over in order; the connection is listed', async () => {
  const d = deferred<Principal>();
  const { gate, seen, live } = harness(() => d.promise);
  gate.authenticate('t');
  for (let i = 0; i < 5; i++) gate.push(i, 10);
  assert.deepEqual(seen.frames, []);
  d.resolve(principal());
  await d.promise; await Promise.resolve();
  gate.push(5, 10);
  assert.deepEqual(seen.frames, [0, 1, 2, 3, 4, 5]);
  assert.equal(live.size, 1);
  gate.closed();
  assert.equal(live.size, 0);
});

test('gate: more than 64 frames before the verdict is refused pre-auth-queue, and nothing is delivered', async () => {
  const d = deferred<Principal>();
  const { gate, seen } = harness(() => d.promise);
  gate.authenticate('t');
  for (let i = 0; i <= MAX_PRE_AUTH_FRAMES; i++) gate.push(i, 1);
  assert.equal(seen.refused?.reason, 'pre-auth-queue');
  d.resolve(principal());
  await d.promise; await Promise.resolve();
  assert.deepEqual(seen.frames, []);
});

test('gate: a refused token is refused with its reason; a full quota (admit throws) is refused too, with no slot to give back', async () => {
  const bad = harness(() => Promise.reject(new UnauthenticatedError('revoked: gone', { reason: 'revoked' })));
  bad.gate.authenticate('t');
  await new Promise((r) => setImmediate(r));
  assert.equal(bad.seen.refused?.reason, 'revoked');
  let released = 0;
  const full = harness(async () => principal(), () => { throw new UnauthenticatedError('quota', { reason: 'connections' }); });
  full.gate.authenticate('t');
  await new Promise((r) => setImmediate(r));
  assert.equal(full.seen.refused?.reason, 'connections');
  full.gate.closed();
  assert.equal(released, 0);
  assert.equal(full.live.size, 0);
});

test('gate: the token expiring ends an open connection (reason expired); revocation ends it through the live list; close gives the slot back once', async () => {
  let released = 0;
  const h = harness(async () => principal(0.05), () => () => { released++; });
  h.gate.authenticate('t');
  await new Promise((r) => setImmediate(r));
  await new Promise<void>((r) => { const t = setInterval(() => { if (h.seen.ended) { clearInterval(t); r(); } }, 5); });
  assert.equal(h.seen.ended?.reason, 'expired');
  const r = harness(async () => principal(), () => () => { released++; });
  r.gate.authenticate('t');
  await new Promise((res) => setImmediate(res));
  assert.equal(r.live.revokeWhere((p) => p.subject === 's', new UnauthenticatedError('revoked', { reason: 'revoked' })), 1);
  assert.equal(r.seen.ended?.reason, 'revoked');
  h.gate.closed(); h.gate.closed(); r.gate.closed();
  assert.equal(released, 2);
});

test('gate: a connection its transport refuses to open (open throws) gives back the slot the gate took', async () => {
  let released = 0;
  const h = harness(async () => principal(), () => () => { released++; }, () => { throw new UnauthenticatedError('no documents', { reason: 'documents-disabled' }); });
  h.gate.authenticate('t');
  await new Promise((r) => setImmediate(r));
  assert.equal(h.seen.refused?.reason, 'documents-disabled');
  assert.equal(released, 1);
  h.gate.closed();
  assert.equal(released, 1, 'and only once');
  assert.equal(h.live.size, 0);
});
