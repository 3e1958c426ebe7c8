import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActorSystem, PID, Props, Started, Terminated, TerminatedReason, type DeadLetterEvent } from '../../../gateway/actors/index.js';
import { waitFor } from '../../helpers/wait.js';

/**
 * A watcher of `target` that records the Terminated it gets and answers 'marker' by recording it
 * too. A user message runs only after every system message queued before it, so once a marker
 * sent after some event is recorded, any Terminated that event caused has been recorded as well:
 * "nothing more came" is asserted on that ordering, never after a pause.
 */
function watcherOf(system: ActorSystem, target: PID | undefined, seen: unknown[], state: { watching: boolean }, unwatch = false): PID {
  return system.root.spawn(Props.fromFunc((ctx) => {
    const m = ctx.message;
    if (m instanceof Started && target !== undefined) {
      ctx.watch(target);
      if (unwatch) ctx.unwatch(target);
      state.watching = true;
    }
    if (m instanceof Terminated || m === 'marker') seen.push(m);
  }));
}

const terminations = (seen: unknown[]) => seen.filter((m): m is Terminated => m instanceof Terminated);

test('watch - delivers Terminated{Stopped} exactly once', async () => {
  const system = new ActorSystem();
  const target = system.root.spawn(Props.fromFunc(() => {}));
  const seen: unknown[] = [];
  const state = { watching: false };
  const watcher = watcherOf(system, target, seen, state);
  // Its Watch is in the target's system queue, ahead of the stops below.
  await waitFor(() => state.watching, 2000, 'the watcher to watch');
  const dead: unknown[] = [];
  system.deadLetters.subscribe((e: DeadLetterEvent) => dead.push(e.message));
  system.root.stop(target);
  system.root.stop(target);
  system.root.poison(target);
  // The repeated stop and the poison pill end as dead letters once the target is gone: every
  // request has been handled, and any Terminated they caused is queued at the watcher.
  await waitFor(() => dead.length === 2, 2000, 'the second stop and the poison pill as dead letters');
  system.root.send(watcher, 'marker');
  await waitFor(() => seen.includes('marker'), 2000, 'the marker');
  const t = terminations(seen);
  assert.equal(t.length, 1);
  assert.equal(t[0]!.who.id, target.id);
  assert.equal(t[0]!.why, TerminatedReason.Stopped);
});

test('watch - a parent that also watches its child gets Terminated once', async () => {
  const system = new ActorSystem();
  const seen: unknown[] = [];
  let child: PID | undefined;
  const parent = system.root.spawn(Props.fromFunc((ctx) => {
    if (ctx.message instanceof Started) { child = ctx.spawnNamed(Props.fromFunc(() => {}), 'c'); ctx.watch(child); }
    if (ctx.message instanceof Terminated || ctx.message === 'marker') seen.push(ctx.message);
  }));
  // Set in the same step that queued the Watch at the child, ahead of the Stop below.
  await waitFor(() => child !== undefined);
  system.root.stop(child!);
  await waitFor(() => seen.length >= 1);
  // The child told its watchers and its parent in one step: a second Terminated would already
  // be queued, and it runs before the marker (a user message).
  system.root.send(parent, 'marker');
  await waitFor(() => seen.includes('marker'), 2000, 'the marker');
  assert.equal(terminations(seen).length, 1);
});

test('watch - watching a missing actor answers Terminated{NotFound}', async () => {
  const system = new ActorSystem();
  const seen: unknown[] = [];
  watcherOf(system, system.pid('nobody-here'), seen, { watching: false });
  await waitFor(() => seen.length === 1);
  assert.equal(terminations(seen)[0]!.why, TerminatedReason.NotFound);
});

test('watch - unwatch stops notifications', async () => {
  const system = new ActorSystem();
  const target = system.root.spawn(Props.fromFunc(() => {}));
  const seen: unknown[] = [];
  const state = { watching: false };
  const watcher = watcherOf(system, target, seen, state, true);
  // Watch, then Unwatch, are in the target's system queue ahead of the Stop below.
  await waitFor(() => state.watching, 2000, 'the watcher to watch and unwatch');
  await system.root.stopFuture(target);
  // stopFuture completes in the step where the target tells its watchers: a Terminated for the
  // watcher would be queued there already, and would run before the marker.
  system.root.send(watcher, 'marker');
  await waitFor(() => seen.includes('marker'), 2000, 'the marker');
  assert.deepEqual(seen, ['marker']);
});
