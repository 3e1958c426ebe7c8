import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActorSystem, DeadLetterError, DeadLetterEvent, DeadLetterResponse, Props, Started } from '../../../gateway/actors/index.js';
import { DeadlineExceededError, InvalidArgumentError } from '../../../protocol/errors.js';
import { waitFor } from '../../helpers/wait.js';

const echo = Props.fromFunc((ctx) => { if (typeof ctx.message === 'string') ctx.respond(ctx.message); });

test('future - requestFuture resolves with the reply through a future$ PID', async () => {
  const system = new ActorSystem();
  const pid = system.root.spawn(Props.fromFunc((ctx) => {
    if (ctx.message === 'who') ctx.respond(ctx.sender!.id);
  }));
  const id = await system.root.requestFuture<string>(pid, 'who', 1000);
  assert.match(id, /^future\$/);
  assert.equal(system.registry.getLocal(id), undefined, 'future unregistered after completion');
});

test('future - deadline expiry rejects with DEADLINE_EXCEEDED and unregisters', async () => {
  const system = new ActorSystem();
  const silent = system.root.spawn(Props.fromFunc(() => {}));
  const before = system.registry.size;
  await assert.rejects(system.root.requestFuture(silent, 'hello', 30), (e: unknown) => e instanceof DeadlineExceededError && e.code === 'DEADLINE_EXCEEDED');
  assert.equal(system.registry.size, before);
});

test('future - a request to a stopped actor answers DeadLetterResponse', async () => {
  const system = new ActorSystem();
  const pid = system.root.spawn(echo);
  await system.root.stopFuture(pid);
  await assert.rejects(system.root.requestFuture(pid, 'x', 1000), (e: unknown) => e instanceof DeadLetterError && e.code === 'NOT_FOUND' && e.target?.id === pid.id);
  // An actor sender sees the DeadLetterResponse message itself.
  const got: unknown[] = [];
  system.root.spawn(Props.fromFunc((ctx) => {
    if (ctx.message instanceof Started) ctx.request(pid, 'x');
    else got.push(ctx.message);
  }));
  await waitFor(() => got.length === 1);
  assert.ok(got[0] instanceof DeadLetterResponse);
  assert.equal((got[0] as DeadLetterResponse).target!.id, pid.id);
});

test('future - a typed error reply rejects the future with it', async () => {
  const system = new ActorSystem();
  const pid = system.root.spawn(Props.fromFunc((ctx) => { if (ctx.message === 'bad') ctx.respond(new InvalidArgumentError('nope')); }));
  await assert.rejects(system.root.requestFuture(pid, 'bad', 1000), InvalidArgumentError);
});

test('dead letters - counted and published, and a reply to a dead sender does not loop', async () => {
  const system = new ActorSystem();
  const events: DeadLetterEvent[] = [];
  const sub = system.deadLetters.subscribe((e) => events.push(e));
  system.root.send(system.pid('missing'), 'one');
  system.root.request(system.pid('missing'), 'two', system.pid('also-missing'));
  await waitFor(() => events.length === 3);
  assert.equal(system.deadLetters.count, 3);
  assert.deepEqual(events.map((e) => e.pid.id), ['missing', 'missing', 'also-missing']);
  assert.ok(events[2]!.message instanceof DeadLetterResponse);
  sub.unsubscribe();
  system.root.send(system.pid('missing'), 'three');
  assert.equal(events.length, 3);
});

test('request - forward keeps the original sender; headers reach the actor', async () => {
  const system = new ActorSystem();
  const last = system.root.spawn(Props.fromFunc((ctx) => { if (typeof ctx.message === 'string') ctx.respond(`${ctx.message}|${ctx.headers['traceparent'] ?? '-'}`); }));
  const middle = system.root.spawn(Props.fromFunc((ctx) => { if (typeof ctx.message === 'string') ctx.forward(last); }));
  const tp = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
  assert.equal(await system.root.requestFuture(middle, 'hi', 1000, { traceparent: tp }), `hi|${tp}`);
});

test('future - deadlines: answered requests never expire, unanswered ones expire in order, sharing one timeout', async () => {
  const system = new ActorSystem();
  const pid = system.root.spawn(Props.fromFunc((ctx) => { if (typeof ctx.message === 'number' && ctx.message % 2 === 0) ctx.respond(ctx.message); }));
  const results = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => system.root.requestFuture(pid, i, 40)));
  results.forEach((r, i) => {
    if (i % 2 === 0) assert.deepEqual(r, { status: 'fulfilled', value: i });
    else assert.ok(r.status === 'rejected' && r.reason instanceof DeadlineExceededError, `request ${i}`);
  });
  assert.equal([...system.registry.localIds()].filter((id) => id.startsWith('future$')).length, 0);
});
