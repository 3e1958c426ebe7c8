import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActivatedEvent, ActorSystem, PassivatedEvent, Props, Started } from '../../../gateway/actors/index.js';
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
