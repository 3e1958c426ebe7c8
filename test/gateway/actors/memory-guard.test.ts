/**
 * The memory guard with an injected heap probe, clock and GC count: above the
 * high-water mark the least recently used idle virtual actors go first, shedding
 * goes on (one round per GC) until the low-water mark, nothing in flight is lost,
 * and the warn line is rate-limited.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActorSystem, MemoryGuard, PassivatedEvent, Props, type HeapReading } from '../../../gateway/actors/index.js';
import { waitFor } from '../../helpers/wait.js';

const counter = Props.fromProducer(() => {
  let n = 0;
  return { receive(ctx) { if (ctx.message === 'inc') n++; if (ctx.message === 'get') ctx.respond(n); } };
});

interface Rig {
  system: ActorSystem;
  guard: MemoryGuard;
  heap: HeapReading;
  clock: { now: number; gcs: number };
  passivated: string[];
  warnings: Record<string, unknown>[];
  touch(prefix: string, n: number): Promise<void>;
  age(periods: number): Promise<void>;
}

function rig(): Rig {
  const clock = { now: 0, gcs: 0 };
  const system = new ActorSystem({ clock: () => clock.now });
  system.kinds.register('c', counter, { idleTimeoutMs: 0 }); // never passivated by idleness: only the guard sheds
  const heap: HeapReading = { used: 10, limit: 100 };
  const warnings: Record<string, unknown>[] = [];
  const guard = new MemoryGuard({ probe: () => heap, now: () => clock.now, collections: () => clock.gcs, warn: (_, f) => warnings.push(f) });
  guard.register(system);
  const passivated: string[] = [];
  system.eventStream.subscribe<PassivatedEvent>((e) => passivated.push(e.identity), PassivatedEvent);
  return {
    system, guard, heap, clock, passivated, warnings,
    async touch(prefix, n) {
      await Promise.all(Array.from({ length: n }, (_, i) => system.root.requestFuture(system.pid(`c/${prefix}-${i}`), 'get', 2000)));
    },
    async age(periods) {
      await system.kinds.sweep(); // used bits cleared
      clock.now += periods * system.kinds.sweepPeriodMs;
      await system.kinds.sweep(); // unused ones aged by `periods`
    },
  };
}

test('memory guard - below the high-water mark nothing is passivated', async () => {
  const r = rig();
  await r.touch('a', 50);
  r.heap.used = 69;
  assert.equal(await r.guard.check(), 0);
  assert.equal(r.system.kinds.live, 50);
});

test('memory guard - the least recently used idle activations go first; recently used ones survive', async () => {
  const r = rig();
  await r.touch('old', 100);
  await r.age(3);
  await r.touch('mid', 100);
  await r.age(1); // old: 4 periods unused, mid: 1
  await r.touch('new', 100); // used since the last sweep
  r.heap.used = 79; // past 70%: shed (79 − 55) / 79 of 300 = 92
  assert.equal(await r.guard.check(), 92);
  await waitFor(() => r.passivated.length === 92, 2000, '92 passivations');
  assert.ok(r.passivated.every((id) => id.startsWith('old-')), 'only the oldest');
  assert.equal(r.system.kinds.live, 208);

  r.heap.used = 70; // still above the low-water mark: shedding goes on, but only after a GC shows what was freed
  assert.equal(await r.guard.check(), 0, 'no second round before a collection');
  r.clock.gcs++;
  assert.equal(await r.guard.check(), 45); // (70 − 55) / 70 of 208
  await waitFor(() => r.passivated.length === 137, 2000, '137 passivations');
  const second = r.passivated.slice(92);
  assert.equal(second.filter((id) => id.startsWith('old-')).length, 8, 'the rest of the oldest');
  assert.equal(second.filter((id) => id.startsWith('mid-')).length, 37, 'then the next oldest');
  for (let i = 0; i < 100; i++) assert.ok(r.system.registry.getLocal(`c/new-${i}`), `new-${i} survives`);

  r.clock.gcs++;
  r.heap.used = 54; // under the low-water mark: shedding ends
  assert.equal(await r.guard.check(), 0);
  r.heap.used = 65; // between the marks, not shedding: nothing
  assert.equal(await r.guard.check(), 0);
  assert.deepEqual(r.guard.stats, { rounds: 2, passivated: 137 });
});

test('memory guard - when every activation is fresh (a flood of new identities), the fresh ones go too', async () => {
  const r = rig();
  await r.touch('flood', 200);
  r.heap.used = 79;
  assert.equal(await r.guard.check(), 61); // (79 − 55) / 79 of 200
  await waitFor(() => r.system.kinds.live === 139, 2000, '61 passivations');
});

test('memory guard - nothing in flight is lost: messages racing a round are all delivered, re-activating as needed', async () => {
  const r = rig();
  const received = new Map<string, number[]>();
  r.system.kinds.register('log', Props.fromFunc((ctx) => {
    if (typeof ctx.message === 'number') {
      const id = ctx.self.id;
      received.set(id, [...(received.get(id) ?? []), ctx.message]);
      ctx.respond(ctx.message);
    }
  }), { idleTimeoutMs: 0 });
  const n = 300;
  const sent = new Map<string, number[]>();
  let seq = 0;
  const send = (i: number): Promise<unknown> => {
    const id = `log/${i}`;
    const m = seq++;
    sent.set(id, [...(sent.get(id) ?? []), m]);
    return r.system.root.requestFuture(r.system.pid(id), m, 5000);
  };
  await Promise.all(Array.from({ length: n }, (_, i) => send(i)));
  await r.age(2);
  r.heap.used = 79;
  const replies: Promise<unknown>[] = [];
  let racing = true;
  const race = (): void => {
    if (!racing) return;
    for (let k = 0; k < 20; k++) replies.push(send((seq * 7) % n));
    setImmediate(race);
  };
  setImmediate(race);
  const shed = await r.guard.check();
  racing = false;
  assert.ok(shed > 0);
  await Promise.all(replies); // every request answered: none was dropped by a passivation
  assert.deepEqual(new Map([...received].sort()), new Map([...sent].sort()), 'every message delivered exactly once, in order per actor');
  await waitFor(() => r.passivated.length > 0, 2000, 'passivations');
  for (const id of r.passivated.slice(0, 5)) {
    const i = Number(id);
    assert.equal(await send(i), seq - 1, `log/${i} re-activates on its next message`);
  }
});

test('memory guard - the warn line is rate-limited, counts summed', async () => {
  const r = rig();
  await r.touch('x', 400);
  await r.age(1);
  r.heap.used = 79;
  const first = await r.guard.check();
  assert.equal(r.warnings.length, 1);
  assert.equal(r.warnings[0]!['passivated'], first);
  r.clock.gcs++;
  r.clock.now += 1_000;
  const second = await r.guard.check();
  assert.ok(second > 0);
  assert.equal(r.warnings.length, 1, 'within 10 s: no new line');
  r.clock.gcs++;
  r.clock.now += 10_000;
  const third = await r.guard.check();
  assert.equal(r.warnings.length, 2);
  assert.equal(r.warnings[1]!['passivated'], second + third);
  assert.equal(r.warnings[1]!['heapUsedPercent'], 79);
});

test('memory guard - past the critical mark activations are refused RESOURCE_EXHAUSTED (reason memory) until the heap is back under the high-water mark', async () => {
  const r = rig();
  await r.touch('live', 20);
  const activate = (id: string): Promise<unknown> => r.system.root.requestFuture(r.system.pid(`c/${id}`), 'get', 2000);
  const refused = (e: Error & { code?: string; reason?: string }): boolean => e.code === 'RESOURCE_EXHAUSTED' && e.reason === 'memory';
  r.heap.used = 81;
  const round = r.guard.check();
  await assert.rejects(activate('new-1'), refused, 'refused while the round runs');
  assert.equal(await activate('live-3'), 0, 'live actors are still served');
  assert.ok((await round) > 0);
  assert.equal(r.warnings[0]!['refusingActivations'], true);
  // No GC since the round: the reading does not show what it freed yet, so activations resume.
  assert.equal(await r.guard.check(), 0);
  assert.equal(await activate('new-2'), 0);
  r.clock.gcs++; // a collection: the reading is real again, and still critical
  await r.guard.check();
  await assert.rejects(activate('new-3'), refused);
  r.clock.gcs++;
  r.heap.used = 75; // under critical, above high: still refused
  await r.guard.check();
  await assert.rejects(activate('new-4'), refused);
  r.clock.gcs++;
  r.heap.used = 69;
  await r.guard.check();
  assert.equal(await activate('new-5'), 0);
  assert.equal(r.system.kinds.refusedUnderPressure, 3);
});

test('memory guard - marks are validated', () => {
  assert.throws(() => new MemoryGuard({ highWater: 0.5, lowWater: 0.6 }), RangeError);
  assert.throws(() => new MemoryGuard({ highWater: 0.9 }), RangeError, 'high above critical');
});
