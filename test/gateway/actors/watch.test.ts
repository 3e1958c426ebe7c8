import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActorSystem, PID, Props, Started, Terminated, TerminatedReason } from '../../../gateway/actors/index.js';
import { sleep, waitFor } from '../../helpers/wait.js';

function watcherOf(system: ActorSystem, target: PID, seen: Terminated[]): PID {
  return system.root.spawn(Props.fromFunc((ctx) => {
    if (ctx.message instanceof Started) ctx.watch(target);
    if (ctx.message instanceof Terminated) seen.push(ctx.message);
  }));
}

test('watch - delivers Terminated{Stopped} exactly once', async () => {
  const system = new ActorSystem();
  const target = system.root.spawn(Props.fromFunc(() => {}));
  const seen: Terminated[] = [];
  watcherOf(system, target, seen);
  await sleep(5);
  system.root.stop(target);
  system.root.stop(target);
  system.root.poison(target);
  await waitFor(() => seen.length >= 1);
  await sleep(20);
  assert.equal(seen.length, 1);
  assert.equal(seen[0]!.who.id, target.id);
  assert.equal(seen[0]!.why, TerminatedReason.Stopped);
});

test('watch - a parent that also watches its child gets Terminated once', async () => {
  const system = new ActorSystem();
  const seen: Terminated[] = [];
  let child: PID | undefined;
  system.root.spawn(Props.fromFunc((ctx) => {
    if (ctx.message instanceof Started) { child = ctx.spawnNamed(Props.fromFunc(() => {}), 'c'); ctx.watch(child); }
    if (ctx.message instanceof Terminated) seen.push(ctx.message);
  }));
  await waitFor(() => child !== undefined);
  await sleep(5);
  system.root.stop(child!);
  await waitFor(() => seen.length === 1);
  await sleep(20);
  assert.equal(seen.length, 1);
});

test('watch - watching a missing actor answers Terminated{NotFound}', async () => {
  const system = new ActorSystem();
  const seen: Terminated[] = [];
  watcherOf(system, system.pid('nobody-here'), seen);
  await waitFor(() => seen.length === 1);
  assert.equal(seen[0]!.why, TerminatedReason.NotFound);
});

test('watch - unwatch stops notifications', async () => {
  const system = new ActorSystem();
  const target = system.root.spawn(Props.fromFunc(() => {}));
  const seen: Terminated[] = [];
  system.root.spawn(Props.fromFunc((ctx) => {
    if (ctx.message instanceof Started) { ctx.watch(target); ctx.unwatch(target); }
    if (ctx.message instanceof Terminated) seen.push(ctx.message);
  }));
  await sleep(5);
  await system.root.stopFuture(target);
  await sleep(10);
  assert.equal(seen.length, 0);
});
