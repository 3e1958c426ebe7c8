import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActorSystem, MailboxOverflowEvent, Props, Started, Priority, DeadLetterEvent } from '../../../gateway/actors/index.js';
import { ResourceExhaustedError } from '../../../protocol/errors.js';
import { waitFor } from '../../helpers/wait.js';

test('mailbox - 1,000,000 messages through one pair arrive in order', async () => {
  const system = new ActorSystem();
  const N = 1_000_000;
  let expected = 0, outOfOrder = 0;
  let done!: () => void;
  const finished = new Promise<void>((r) => { done = r; });
  const sink = system.root.spawn(Props.fromFunc((ctx) => {
    const m = ctx.message;
    if (typeof m !== 'number') return;
    if (m !== expected) outOfOrder++;
    expected = m + 1;
    if (m === N - 1) done();
  }));
  const source = system.root.spawn(Props.fromFunc((ctx) => {
    if (ctx.message === 'go') for (let i = 0; i < N; i++) ctx.send(sink, i);
  }));
  system.root.send(source, 'go');
  await finished;
  assert.equal(outOfOrder, 0);
  assert.equal(expected, N);
});

test('mailbox - system messages run before queued user messages', async () => {
  const system = new ActorSystem();
  const log: string[] = [];
  const pid = system.root.spawn(Props.fromFunc((ctx) => {
    const m = ctx.message;
    if (m instanceof Started) log.push('started');
    else if (typeof m === 'string') log.push(m);
  }));
  // Queued before the actor ever runs: Started (system) must still come first.
  system.root.send(pid, 'a');
  system.root.send(pid, 'b');
  await waitFor(() => log.length === 3);
  assert.deepEqual(log, ['started', 'a', 'b']);
});

test('mailbox - dispatcher throughput interleaves two busy actors', async () => {
  const system = new ActorSystem();
  const order: string[] = [];
  let started = 0;
  const mk = (name: string) => system.root.spawn(Props.fromFunc((ctx) => {
    if (ctx.message instanceof Started) started++;
    else if (typeof ctx.message === 'number') order.push(name);
  }).withDispatcher({ throughput: 10 }));
  const a = mk('a'), b = mk('b');
  await waitFor(() => started === 2, 2000, 'both actors started'); // both idle before the load
  for (let i = 0; i < 50; i++) { system.root.send(a, i); system.root.send(b, i); }
  await waitFor(() => order.length === 100);
  // With throughput 10, neither actor runs more than 10 messages in a row.
  let run = 1, maxRun = 1;
  for (let i = 1; i < order.length; i++) { run = order[i] === order[i - 1] ? run + 1 : 1; maxRun = Math.max(maxRun, run); }
  assert.ok(maxRun <= 10, `max consecutive run ${maxRun}`);
});

test('mailbox - bounded mailbox overflow with reject is reported and the requester gets RESOURCE_EXHAUSTED', async () => {
  const system = new ActorSystem();
  const overflows: MailboxOverflowEvent[] = [];
  system.eventStream.subscribe<MailboxOverflowEvent>((e) => overflows.push(e), MailboxOverflowEvent);
  let release!: () => void;
  const gate = new Promise<void>((r) => { release = r; });
  const received: number[] = [];
  let blocked = false;
  const pid = system.root.spawn(Props.fromFunc(async (ctx) => {
    const m = ctx.message;
    if (m === 'block') { blocked = true; await gate; }
    else if (typeof m === 'number') received.push(m);
  }).withMailbox({ capacity: 3, overflow: 'reject' }));
  system.root.send(pid, 'block');
  await waitFor(() => blocked, 2000, "the actor busy on 'block' (out of its mailbox)");
  for (let i = 0; i < 3; i++) system.root.send(pid, i);
  await assert.rejects(system.root.requestFuture(pid, 99, 1000), (e: unknown) => e instanceof ResourceExhaustedError && e.code === 'RESOURCE_EXHAUSTED');
  system.root.send(pid, 100);
  release();
  await waitFor(() => received.length === 3);
  assert.deepEqual(received, [0, 1, 2]);
  assert.equal(overflows.length, 2);
  assert.equal(overflows[0]!.policy, 'reject');
  assert.equal(system.mailboxOverflows, 2);
});

test('mailbox - drop-oldest evicts the oldest message and reports it', async () => {
  const system = new ActorSystem();
  const overflows: unknown[] = [];
  system.eventStream.subscribe<MailboxOverflowEvent>((e) => overflows.push(e.message), MailboxOverflowEvent);
  let release!: () => void;
  const gate = new Promise<void>((r) => { release = r; });
  const received: unknown[] = [];
  let blocked = false;
  const pid = system.root.spawn(Props.fromFunc(async (ctx) => {
    if (ctx.message === 'block') { blocked = true; await gate; } else if (typeof ctx.message === 'number') received.push(ctx.message);
  }).withMailbox({ capacity: 2, overflow: 'drop-oldest' }));
  system.root.send(pid, 'block');
  await waitFor(() => blocked, 2000, "the actor busy on 'block' (out of its mailbox)");
  for (let i = 0; i < 4; i++) system.root.send(pid, i);
  release();
  await waitFor(() => received.length === 2);
  assert.deepEqual(received, [2, 3]);
  assert.deepEqual(overflows, [0, 1]);
});

test('mailbox - priority mailbox serves high first without starving low', async () => {
  const system = new ActorSystem();
  let release!: () => void;
  const gate = new Promise<void>((r) => { release = r; });
  const order: string[] = [];
  let blocked = false;
  const pid = system.root.spawn(Props.fromFunc(async (ctx) => {
    const m = ctx.message as { tag?: string };
    if (m === 'block' as unknown) { blocked = true; await gate; }
    else if (m && m.tag) order.push(m.tag);
  }).withMailbox({ priority: true }));
  system.root.send(pid, 'block');
  await waitFor(() => blocked, 2000, "the actor busy on 'block' (out of its mailbox)");
  for (let i = 0; i < 5; i++) system.root.send(pid, { tag: 'low', priority: Priority.Low });
  for (let i = 0; i < 100; i++) system.root.send(pid, { tag: 'high', priority: Priority.High });
  for (let i = 0; i < 5; i++) system.root.send(pid, { tag: 'normal' });
  release();
  await waitFor(() => order.length === 110);
  assert.equal(order[0], 'high');
  // Low is served before the high flood is exhausted: weighted round robin, no starvation.
  const firstLow = order.indexOf('low');
  const lastHigh = order.lastIndexOf('high');
  assert.ok(firstLow > 0 && firstLow < lastHigh, `first low at ${firstLow}, last high at ${lastHigh}`);
  assert.ok(order.indexOf('normal') < order.indexOf('low'));
});

test('mailbox - messages left in a stopped actor become dead letters, never silent', async () => {
  const system = new ActorSystem();
  const dead: unknown[] = [];
  system.deadLetters.subscribe((e: DeadLetterEvent) => dead.push(e.message));
  const pid = system.root.spawn(Props.fromFunc((ctx) => { if (ctx.message === 'stop-me') ctx.stop(ctx.self); }));
  system.root.send(pid, 'stop-me');
  system.root.send(pid, 'after-1');
  system.root.send(pid, 'after-2');
  await waitFor(() => dead.length === 2);
  assert.deepEqual(dead, ['after-1', 'after-2']);
});
