import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TenantQuota, UNLIMITED_QUOTA } from '../../../gateway/tenancy/index.js';
import { quotaFlags } from '../../../gateway/cli/quota-flags.js';

test('envelopes/s: a full bucket admits one second of burst, then refills continuously', () => {
  let t = 0;
  const q = new TenantQuota('t', { ...UNLIMITED_QUOTA, envelopesPerSecond: 1000 }, () => t);
  assert.equal(q.admitEnvelopes(600), 600);
  assert.equal(q.admitEnvelopes(600), 400);
  assert.equal(q.admitEnvelopes(10), 0);
  t += 250;
  assert.equal(q.admitEnvelopes(1000), 250);
  t += 10_000;
  assert.equal(q.admitEnvelopes(5000), 1000, 'never more than one second of burst');
  assert.equal(q.refused.envelopes, 200 + 10 + 750 + 4000);
});

test('connections: slots are taken and given back once; over the limit is RESOURCE_EXHAUSTED', () => {
  const q = new TenantQuota('acme', { ...UNLIMITED_QUOTA, connections: 2 });
  const a = q.acquireConnection();
  q.acquireConnection();
  assert.throws(() => q.acquireConnection(), (e: Error & { code?: string }) => e.code === 'RESOURCE_EXHAUSTED' && /acme.*2 connections/.test(e.message));
  a(); a();
  assert.equal(q.connections, 1);
  q.acquireConnection();
  assert.equal(q.refused.connections, 1);
});

test('bytes in flight: reserved until released; one frame larger than the budget still passes alone', () => {
  const q = new TenantQuota('t', { ...UNLIMITED_QUOTA, bytesInFlight: 100 });
  assert.equal(q.reserveBytes(500), true);
  assert.equal(q.reserveBytes(1), false);
  q.releaseBytes(500);
  assert.equal(q.reserveBytes(60), true);
  assert.equal(q.reserveBytes(40), true);
  assert.equal(q.reserveBytes(1), false);
});

test('names: the limit counts names held, RESOURCE_EXHAUSTED past it', () => {
  const q = new TenantQuota('t', { ...UNLIMITED_QUOTA, names: 2 });
  q.checkNames(1);
  assert.throws(() => q.checkNames(2), (e: Error & { code?: string }) => e.code === 'RESOURCE_EXHAUSTED');
});

test('actors: refusals reported by the tenant\'s system are counted', () => {
  const q = new TenantQuota('t', { ...UNLIMITED_QUOTA, actors: 10 });
  q.actorRefused();
  q.actorRefused();
  assert.equal(q.refused.actors, 2);
});

test('quota flags: --max-actors and --quota tenant:actors=n', () => {
  assert.equal(quotaFlags({}).default.actors, 1_000_000);
  const q = quotaFlags({ 'max-actors': '5000', quota: ['acme:actors=20', 'big:actors=unlimited'] });
  const f = (tenant: string) => ({ ...q.default, ...q.perTenant[tenant] });
  assert.equal(f('other').actors, 5000);
  assert.equal(f('acme').actors, 20);
  assert.equal(f('big').actors, Infinity);
  assert.throws(() => quotaFlags({ 'max-actors': 'many' }), /--max-actors must be/);
});

test('quota flags: defaults, per-tenant overrides, clear errors', () => {
  const q = quotaFlags({ 'max-names': '50', quota: ['acme:envelopesPerSecond=10,connections=unlimited'] });
  const f = (tenant: string) => ({ ...q.default, ...q.perTenant[tenant] });
  assert.equal(f('other').names, 50);
  assert.equal(f('acme').names, 50);
  assert.equal(f('acme').envelopesPerSecond, 10);
  assert.equal(f('acme').connections, Infinity);
  assert.throws(() => quotaFlags({ quota: ['acme:speed=1'] }), /keys are connections/);
  assert.throws(() => quotaFlags({ 'max-connections': '-1' }), /--max-connections must be/);
  assert.throws(() => quotaFlags({ quota: ['nocolon'] }), /want tenant:key=n/);
});
