/**
 * The live-actor limit of an ActorSystem: spawned and activated actors count (in
 * O(1)), futures don't; past the limit a spawn throws and an activation is refused
 * RESOURCE_EXHAUSTED (reason `actors`) as a dead letter, activating nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTOR_LIMIT_REASON, ActivatedEvent, ActorSystem, DeadLetterEvent, Props } from '../../../gateway/actors/index.js';
import { ResourceExhaustedError } from '../../../protocol/errors.js';
import type { ActorCell } from '../../../gateway/actors/actor-cell.js';
import { waitFor } from '../../helpers/wait.js';

const idle = Props.fromFunc(() => {});
const echo = Props.fromFunc((ctx) => { if (typeof ctx.message === 'string') ctx.respond(ctx.message); });

test('actor limit - a spawn past maxActors throws ResourceExhaustedError (reason actors); a stopped actor frees its slot', async () => {
  let refusals = 0;
  const system = new ActorSystem({ maxActors: 3, name: 'tenant acme', onActorRefused: () => refusals++ });
  const a = system.root.spawn(idle);
  const parent = system.root.spawn(Props.fromFunc((ctx) => { if (ctx.message === 'child') ctx.respond(ctx.spawn(idle)); }));
  await system.root.requestFuture(parent, 'child', 1000); // children count too
  assert.equal(system.liveActors, 3);
  assert.throws(() => system.root.spawn(idle), (e: ResourceExhaustedError) =>
    e instanceof ResourceExhaustedError && e.code === 'RESOURCE_EXHAUSTED' && e.reason === ACTOR_LIMIT_REASON && /tenant acme .* 3 live actors/.test(e.message));
  assert.equal(refusals, 1);
  assert.equal(system.actorRefusals, 1);
  await system.root.stopFuture(a, 1000);
  assert.equal(system.liveActors, 2);
  system.root.spawn(idle);
  assert.equal(system.liveActors, 3);
});

test('actor limit - services the gateway runs for a system (spawnService) are live but outside the budget; stopping one frees nothing of it', async () => {
  const system = new ActorSystem({ maxActors: 2 });
  const service = system.spawnService(echo, '$service');
  assert.equal(await system.root.requestFuture(service, 'up', 1000), 'up');
  system.root.spawn(idle);
  system.root.spawn(idle);
  assert.equal(system.liveActors, 3);
  assert.equal(system.liveServices, 1);
  assert.throws(() => system.root.spawn(idle), (e: ResourceExhaustedError) => e.reason === ACTOR_LIMIT_REASON);
  await system.root.stopFuture(service, 1000);
  assert.equal(system.liveServices, 0);
  assert.equal(system.liveActors, 2);
  assert.throws(() => system.root.spawn(idle), (e: ResourceExhaustedError) => e.reason === ACTOR_LIMIT_REASON, 'a stopped service gives the budget no slot');
  system.spawnService(echo, '$again');
  assert.throws(() => system.spawnService(echo, '$again'), /\$again/, 'an id already taken is refused');
  assert.equal(system.liveServices, 1, 'and counted once');
});

test('actor limit - futures are not actors: requests still work at the limit', async () => {
  const system = new ActorSystem({ maxActors: 1 });
  const pid = system.root.spawn(echo);
  assert.equal(await system.root.requestFuture(pid, 'ping', 1000), 'ping');
  assert.equal(system.liveActors, 1);
});

test('actor limit - a message that would activate past the limit is answered RESOURCE_EXHAUSTED, is a dead letter, activates nothing', async () => {
  const system = new ActorSystem({ maxActors: 2 });
  system.kinds.register('counter', echo);
  const activated: string[] = [];
  const dead: DeadLetterEvent[] = [];
  system.eventStream.subscribe<ActivatedEvent>((e) => activated.push(e.identity), ActivatedEvent);
  system.eventStream.subscribe<DeadLetterEvent>((e) => dead.push(e), DeadLetterEvent);
  assert.equal(await system.root.requestFuture(system.pid('counter/1'), 'a', 1000), 'a');
  assert.equal(await system.root.requestFuture(system.pid('counter/2'), 'b', 1000), 'b');
  await assert.rejects(system.root.requestFuture(system.pid('counter/3'), 'c', 1000),
    (e: ResourceExhaustedError) => e.code === 'RESOURCE_EXHAUSTED' && e.reason === 'actors');
  system.root.send(system.pid('counter/4'), 'no sender'); // nobody to answer: a dead letter all the same
  assert.deepEqual(activated, ['1', '2']);
  assert.deepEqual(dead.map((d) => [d.pid.id, d.message]), [['counter/3', 'c'], ['counter/4', 'no sender']]);
  assert.equal(system.registry.getLocal('counter/3'), undefined);
  assert.equal(system.kinds.live, 2);
  // live activations are still served, and a freed slot activates again
  assert.equal(await system.root.requestFuture(system.pid('counter/1'), 'again', 1000), 'again');
  await system.root.stopFuture(system.pid('counter/2'), 1000);
  assert.equal(await system.root.requestFuture(system.pid('counter/3'), 'c', 1000), 'c');
});

test('actor limit - a refused activation does not stick to the PID: it activates once a slot is free', async () => {
  const system = new ActorSystem({ maxActors: 1 });
  system.kinds.register('k', echo);
  const blocker = system.root.spawn(idle);
  const pid = system.pid('k/x');
  await assert.rejects(system.root.requestFuture(pid, 'm', 1000), ResourceExhaustedError);
  await system.root.stopFuture(blocker, 1000);
  assert.equal(await system.root.requestFuture(pid, 'm', 1000), 'm');
});

test('actor limit - the live count follows every way an actor ends (stop, poison, stopFuture, passivation)', async () => {
  const system = new ActorSystem();
  system.kinds.register('v', echo, { idleTimeoutMs: 0 });
  const pids = Array.from({ length: 4 }, () => system.root.spawn(idle));
  // processed before any stop: a message still queued at a stop would re-activate its actor
  for (let i = 0; i < 3; i++) await system.root.requestFuture(system.pid('v/' + i), 'hi', 1000);
  assert.equal(system.liveActors, 7);
  system.root.stop(pids[0]!);
  system.root.poison(pids[1]!);
  await system.root.stopFuture(system.pid('v/0'), 1000);
  (system.registry.getLocal('v/1') as ActorCell).passivate(false);
  await waitFor(() => system.liveActors === 3, 1000, 'live count 3');
  assert.equal(system.kinds.live, 1);
});

test('actor limit - at the limit, a message racing a passivation still re-activates its actor (the slot is freed first)', async () => {
  const system = new ActorSystem({ maxActors: 1 });
  const seen: string[] = [];
  let busy!: () => void;
  const started = new Promise<void>((resolve) => { busy = resolve; });
  system.kinds.register('v', Props.fromFunc((ctx) => {
    if (ctx.message === 'hold') { busy(); return new Promise<void>(() => {}); } // never settles: later messages wait
    if (typeof ctx.message === 'string') { seen.push(ctx.message); ctx.respond(ctx.message); }
  }));
  const pid = system.pid('v/only');
  system.root.send(pid, 'hold');
  await started;
  const answer = system.root.requestFuture(pid, 'queued', 1000); // waits behind the busy receive
  system.root.stop(pid); // re-sends 'queued' to a new activation, at the limit of one
  assert.equal(await answer, 'queued');
  assert.deepEqual(seen, ['queued']);
  assert.equal(system.actorRefusals, 0);
});
