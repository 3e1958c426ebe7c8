/**
 * The live-actor quota per tenant, enforced by each tenant's own ActorSystem, and
 * the memory guard watching every tenant's system: a tenant at its quota is
 * refused while another still activates, and shedding reaches every tenant.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryGuard, PassivatedEvent, Props, type HeapReading } from '../../../gateway/actors/index.js';
import { DEFAULT_QUOTA, TenantSpaces, UNLIMITED_QUOTA, type TenantSpace } from '../../../gateway/tenancy/index.js';
import { ResourceExhaustedError } from '../../../protocol/errors.js';
import { waitFor } from '../../helpers/wait.js';

const counter = Props.fromProducer(() => {
  let n = 0;
  return { receive(ctx) { if (ctx.message === 'inc') ctx.respond(++n); } };
});
const hostCounter = (space: TenantSpace): void => space.system.kinds.register('counter', counter, { idleTimeoutMs: 0 });
const inc = (space: TenantSpace, i: number): Promise<unknown> => space.system.root.requestFuture(space.system.pid(`counter/${i}`), 'inc', 2000);

test('tenancy - a tenant at its actor quota is refused RESOURCE_EXHAUSTED while another tenant still activates', async () => {
  const spaces = new TenantSpaces(hostCounter, (tenant) => (tenant === 'small' ? { ...UNLIMITED_QUOTA, actors: 4 } : UNLIMITED_QUOTA));
  const small = spaces.get('small');
  const big = spaces.get('big');
  assert.equal(small.system.liveServices, 1, 'the tenant\'s name registry is a live service, outside the quota');
  for (let i = 0; i < 4; i++) assert.equal(await inc(small, i), 1);
  await assert.rejects(inc(small, 99), (e: ResourceExhaustedError) =>
    e.code === 'RESOURCE_EXHAUSTED' && e.reason === 'actors' && /tenant small has reached its limit of 4 live actors/.test(e.message));
  assert.equal(small.system.registry.getLocal('counter/99'), undefined, 'nothing activated');
  assert.throws(() => small.system.root.spawn(counter), ResourceExhaustedError);
  assert.equal(small.quota.refused.actors, 2);
  for (let i = 0; i < 50; i++) assert.equal(await inc(big, i), 1);
  assert.equal(big.quota.refused.actors, 0);
  assert.equal(await inc(small, 0), 2, 'the tenant\'s live actors are still served');
  await spaces.shutdown();
});

test('tenancy - the default quota allows a million live actors per tenant', () => {
  assert.equal(DEFAULT_QUOTA.actors, 1_000_000);
  const spaces = new TenantSpaces(() => {}, DEFAULT_QUOTA);
  assert.equal(spaces.get('t').system.maxActors, 1_000_000);
  assert.equal(UNLIMITED_QUOTA.actors, Infinity);
});

test('tenancy - the memory guard watches every tenant\'s system and sheds the least recently used across them', async () => {
  const heap: HeapReading = { used: 10, limit: 100 };
  let gcs = 0;
  const guard = new MemoryGuard({ probe: () => heap, collections: () => gcs, warn: () => {} });
  const spaces = new TenantSpaces(hostCounter, UNLIMITED_QUOTA, { memoryGuard: guard });
  const a = spaces.get('a');
  const b = spaces.get('b');
  const passivated: string[] = [];
  for (const s of [a, b]) s.system.eventStream.subscribe<PassivatedEvent>((e) => passivated.push(`${s.tenant}:${e.identity}`), PassivatedEvent);
  for (let i = 0; i < 50; i++) await inc(a, i);
  await a.system.kinds.sweep(); // a's activations: unused since the last sweep
  for (let i = 0; i < 50; i++) await inc(b, i); // b's: used since
  heap.used = 75; // (75 − 55) / 75 of 100 → 27, all of them a's (least recently used)
  assert.equal(await guard.check(), 27);
  await waitFor(() => passivated.length === 27, 2000, 'passivations');
  assert.ok(passivated.every((p) => p.startsWith('a:')));
  gcs++;
  heap.used = 99; // (99 − 55) / 99 of 73 → 33: a's remaining 23 first, then 10 of b's
  assert.equal(await guard.check(), 33);
  await waitFor(() => passivated.length === 60, 2000, 'passivations');
  assert.equal(passivated.filter((p) => p.startsWith('b:')).length, 10);
  await spaces.shutdown();
  gcs++;
  assert.equal(await guard.check(), 0, 'a shut-down space is no longer watched');
});

test('tenancy - shutdown stops every tenant\'s actors and reports the total', async () => {
  const spaces = new TenantSpaces(hostCounter);
  for (const t of ['x', 'y']) for (let i = 0; i < 10; i++) await inc(spaces.get(t), i);
  const report = await spaces.shutdown(2000);
  assert.deepEqual(report, { stopped: 22, remaining: 0 }); // 10 counters + the name registry, per tenant
});
