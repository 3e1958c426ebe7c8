import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActivatedEvent, ActorSystem, PassivatedEvent, Props, Started, describeProcess } from '../../../gateway/actors/index.js';
import type { ActorCell } from '../../../gateway/actors/actor-cell.js';
import { SCAN_SLICE } from '../../../gateway/actors/chunked-scan.js';
import { InvalidArgumentError } from '../../../protocol/errors.js';
import { waitFor } from '../../helpers/wait.js';

function counterKind(): Props {
  return Props.fromProducer(() => {
    let n = 0;
    return { receive(ctx) {
      if (ctx.message === 'inc') n++;
      if (ctx.message === 'get') ctx.respond(n);
    } };
  });
}

test('virtual - the first message to <kind>/<identity> activates the actor under that id', async () => {
  const system = new ActorSystem();
  const activated: ActivatedEvent[] = [];
  system.eventStream.subscribe<ActivatedEvent>((e) => activated.push(e), ActivatedEvent);
  system.kinds.register('counter', counterKind());
  const pid = system.pid('counter/42');
  system.root.send(pid, 'inc');
  system.root.send(pid, 'inc');
  assert.equal(await system.root.requestFuture(pid, 'get', 1000), 2);
  assert.equal(await system.root.requestFuture(system.pid('counter/7'), 'get', 1000), 0);
  assert.deepEqual(activated.map((e) => [e.kind, e.identity]), [['counter', '42'], ['counter', '7']]);
});

test('virtual - idle actors passivate and re-activate on the next message', async () => {
  const system = new ActorSystem();
  const passivated: string[] = [];
  system.eventStream.subscribe<PassivatedEvent>((e) => passivated.push(e.identity), PassivatedEvent);
  let starts = 0;
  system.kinds.register('session', Props.fromFunc((ctx) => { if (ctx.message instanceof Started) starts++; if (ctx.message === 'ping') ctx.respond('pong'); }), { idleTimeoutMs: 30 });
  const pid = system.pid('session/a');
  assert.equal(await system.root.requestFuture(pid, 'ping', 1000), 'pong');
  await waitFor(() => passivated.length === 1, 1000, 'passivation');
  assert.equal(system.registry.getLocal('session/a'), undefined);
  assert.equal(await system.root.requestFuture(pid, 'ping', 1000), 'pong');
  assert.equal(starts, 2);
});

test('virtual - messages racing with passivation are not lost', async () => {
  const system = new ActorSystem();
  const seen: number[] = [];
  system.kinds.register('sink', Props.fromFunc((ctx) => {
    if (typeof ctx.message === 'number') seen.push(ctx.message);
    if (ctx.message === 'die') ctx.stop(ctx.self);
  }), { idleTimeoutMs: 0 });
  const pid = system.pid('sink/x');
  system.root.send(pid, 'die');
  for (let i = 0; i < 5; i++) system.root.send(pid, i);
  await waitFor(() => seen.length === 5, 1000);
  assert.deepEqual(seen, [0, 1, 2, 3, 4]);
});

test('virtual - unknown kinds are dead letters and bad kind names are refused', async () => {
  const system = new ActorSystem();
  system.kinds.register('known', counterKind());
  system.root.send(system.pid('unknown/1'), 'x');
  assert.equal(system.deadLetters.count, 1);
  assert.throws(() => system.kinds.register('bad/name', counterKind()), InvalidArgumentError);
  assert.throws(() => system.kinds.register('known', counterKind()), InvalidArgumentError);
});

test('virtual - an idle activation holds no timer, middleware, extras or mailbox queue', async () => {
  const system = new ActorSystem();
  let seen = 0;
  system.kinds.register('idle', Props.fromFunc((ctx) => { if (ctx.message === 'hi') seen++; }));
  system.root.send(system.pid('idle/1'), 'hi');
  await waitFor(() => seen === 1, 1000, 'the activation message');
  const cell = system.registry.getLocal('idle/1') as ActorCell;
  assert.equal(cell.x, null, 'no CellExtras');
  assert.equal(cell.userq, null, 'no user queue once drained');
  assert.equal(cell.sysq, null, 'no system queue once drained');
  assert.equal(system.kinds.live, 1);
  assert.equal(system.liveActors, 1);
});

test('virtual - the sweep passivates an activation once unused for its idle timeout, not before', async () => {
  let now = 0;
  const system = new ActorSystem({ clock: () => now });
  const passivated: PassivatedEvent[] = [];
  system.eventStream.subscribe<PassivatedEvent>((e) => passivated.push(e), PassivatedEvent);
  system.kinds.register('s', counterKind(), { idleTimeoutMs: 60_000 });
  const period = system.kinds.sweepPeriodMs;
  assert.equal(period, 15_000, 'a quarter of the shortest idle timeout');
  assert.equal(await system.root.requestFuture(system.pid('s/a'), 'get', 1000), 0);
  await system.kinds.sweep(); // clears the used bit: age 0
  now += 45_000;
  assert.equal((await system.kinds.sweep()).passivated, 0, 'unused for 45 s of a 60 s timeout');
  now += 15_000;
  assert.equal((await system.kinds.sweep()).passivated, 1, 'unused for 60 s');
  await waitFor(() => passivated.length === 1, 1000, 'PassivatedEvent');
  assert.deepEqual([passivated[0]!.kind, passivated[0]!.identity, passivated[0]!.pid.id], ['s', 'a', 's/a']);
  assert.equal(system.registry.getLocal('s/a'), undefined);
  assert.equal(system.kinds.live, 0);
  assert.equal(system.liveActors, 0);
});

test('virtual - a message between sweeps gives the activation a second chance', async () => {
  let now = 0;
  const system = new ActorSystem({ clock: () => now });
  system.kinds.register('s', counterKind(), { idleTimeoutMs: 4_000 });
  const pid = system.pid('s/kept');
  system.root.send(pid, 'inc');
  await system.kinds.sweep();
  for (let i = 0; i < 6; i++) {
    now += 1_000;
    system.root.send(pid, 'inc');
    assert.equal(await system.root.requestFuture(pid, 'get', 1000), i + 2, 'processed before the sweep');
    assert.equal((await system.kinds.sweep()).passivated, 0, `sweep ${i}: used since the last one`);
  }
  assert.ok(system.registry.getLocal('s/kept'));
});

test('virtual - a passivation request loses to a message that arrives before it runs', async () => {
  const system = new ActorSystem();
  let starts = 0;
  system.kinds.register('s', Props.fromFunc((ctx) => {
    if (ctx.message instanceof Started) starts++;
    if (ctx.message === 'get') ctx.respond('here');
  }), { idleTimeoutMs: 1_000 });
  const pid = system.pid('s/raced');
  assert.equal(await system.root.requestFuture(pid, 'get', 1000), 'here');
  await system.kinds.sweep(); // not used since: a sweep would now ask it to passivate
  const cell = system.registry.getLocal('s/raced') as ActorCell;
  for (const unusedOnly of [true, false]) {
    cell.passivate(unusedOnly); // what the sweep (true) or the memory guard (false) posts
    assert.equal(await system.root.requestFuture(pid, 'get', 1000), 'here'); // queued before the request runs
  }
  assert.equal(starts, 1, 'never stopped: a message was waiting each time');
  assert.equal(system.registry.getLocal('s/raced'), cell);
  cell.passivate(false);
  await waitFor(() => system.registry.getLocal('s/raced') === undefined, 1000, 'passivation when nothing waits');
  assert.equal(await system.root.requestFuture(pid, 'get', 1000), 'here', 're-activated');
  assert.equal(starts, 2);
});

test('virtual - diagnostics report kind and identity read from the id', async () => {
  const system = new ActorSystem();
  system.kinds.register('counter', counterKind());
  assert.equal(await system.root.requestFuture(system.pid('counter/a/b'), 'get', 1000), 0);
  const d = JSON.parse(describeProcess(system, 'counter/a/b')!) as { virtual: unknown; idleSweeps: number };
  assert.deepEqual(d.virtual, { kind: 'counter', identity: 'a/b' });
  assert.equal(d.idleSweeps, 0);
});

test('virtual - a sweep over many activations yields to the event loop between slices', async () => {
  const system = new ActorSystem();
  const n = 5 * SCAN_SLICE;
  let seen = 0;
  system.kinds.register('many', Props.fromFunc((ctx) => { if (ctx.message === 1) seen++; }));
  for (let i = 0; i < n; i++) system.root.send(system.pid('many/' + i), 1);
  await waitFor(() => seen === n, 10_000, 'activations');
  let turnsDuringSweep = 0;
  let sweeping = true;
  const count = (): void => { if (sweeping) { turnsDuringSweep++; setImmediate(count); } };
  const done = system.kinds.sweep();
  setImmediate(count);
  assert.equal((await done).visited, n);
  sweeping = false;
  assert.ok(turnsDuringSweep >= 3, `other callbacks ran ${turnsDuringSweep} times during the sweep`);
});
