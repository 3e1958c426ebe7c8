import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActorSystem, Props, ReceiveTimeout, Started, Stopped, type Context } from '../../../gateway/actors/index.js';
import { installFakeTimers } from '../../helpers/fake-timers.js';
import { waitFor } from '../../helpers/wait.js';

test('behavior - become, becomeStacked and unbecome switch receive functions', async () => {
  const system = new ActorSystem();
  const angry = (ctx: Context): void => { if (ctx.message === 'hi') ctx.respond('go away'); if (ctx.message === 'calm') ctx.unbecome(); };
  const pid = system.root.spawn(Props.fromFunc((ctx) => {
    if (ctx.message === 'hi') ctx.respond('hello');
    if (ctx.message === 'anger') ctx.becomeStacked(angry);
  }));
  assert.equal(await system.root.requestFuture(pid, 'hi', 500), 'hello');
  system.root.send(pid, 'anger');
  assert.equal(await system.root.requestFuture(pid, 'hi', 500), 'go away');
  system.root.send(pid, 'calm');
  assert.equal(await system.root.requestFuture(pid, 'hi', 500), 'hello');
});

test('behavior - stash and unstashAll replay messages in their original order, before newer ones', async () => {
  const system = new ActorSystem();
  const handled: string[] = [];
  const pid = system.root.spawn(Props.fromFunc((ctx) => {
    const m = ctx.message;
    if (typeof m !== 'string') return;
    if (m === 'open') {
      ctx.become((c) => { if (typeof c.message === 'string') handled.push(c.message); });
      ctx.unstashAll();
    } else ctx.stash();
  }));
  for (const m of ['a', 'b', 'c', 'open', 'd']) system.root.send(pid, m);
  await waitFor(() => handled.length === 4);
  assert.deepEqual(handled, ['a', 'b', 'c', 'd']);
});

test('behavior - stashed messages keep their sender', async () => {
  const system = new ActorSystem();
  let ready = false, stashed = false;
  const pid = system.root.spawn(Props.fromFunc((ctx) => {
    if (ctx.message === 'ready') { ready = true; ctx.unstashAll(); }
    else if (ctx.message === 'q') { if (!ready) { ctx.stash(); stashed = true; } else ctx.respond('answer'); }
  }));
  const answer = system.root.requestFuture(pid, 'q', 1000);
  await waitFor(() => stashed, 2000, "'q' stashed");
  system.root.send(pid, 'ready');
  assert.equal(await answer, 'answer');
});

// Time in the two tests below is virtual (fake-timers.ts): it moves only when the test ticks it,
// so a busy machine cannot make a timer fire early or late relative to the messages.
test('behavior - receive timeout fires after idleness and is reset by messages', async () => {
  const clock = installFakeTimers();
  try {
    const system = new ActorSystem();
    const timeouts: number[] = [];
    const handled: string[] = [];
    let armed = false;
    const pid = system.root.spawn(Props.fromFunc((ctx) => {
      const m = ctx.message;
      if (m instanceof Started) { ctx.setReceiveTimeout(40); armed = true; }
      if (m instanceof ReceiveTimeout) timeouts.push(clock.now());
      if (typeof m === 'string') handled.push(m);
    }));
    await waitFor(() => armed, 2000, 'the receive timeout armed');
    // A message every 15 ms for 60 ms: without the reset the timeout falls due at 40. A timeout
    // fired in a tick is queued before the keepalive sent after it, so it would be recorded by the
    // time the keepalive is.
    for (let i = 1; i <= 4; i++) {
      clock.tick(15);
      system.root.send(pid, 'keepalive');
      await waitFor(() => handled.length === i, 2000, `keepalive ${i}`);
    }
    assert.deepEqual(timeouts, [], 'no timeout while messages keep arriving');
    // Any message would reset the timeout, so no marker here: the timer itself must not fall due.
    assert.equal(clock.tick(39), 0, 'no timer due 39 ms after the last keepalive (at 60)');
    assert.equal(clock.tick(1), 1, 'the receive timeout due 40 ms after it');
    await waitFor(() => timeouts.length === 1, 2000, 'the receive timeout');
    assert.deepEqual(timeouts, [100]);
  } finally { clock.restore(); }
});

test('timers - scheduleOnce and scheduleRepeatedly deliver, cancel works, and all stop with the actor', async () => {
  const clock = installFakeTimers();
  try {
    const system = new ActorSystem();
    const got: string[] = [];
    const sink = system.root.spawn(Props.fromFunc((ctx) => { if (typeof ctx.message === 'string') got.push(ctx.message); }));
    let owner: Context | undefined;
    const pid = system.root.spawn(Props.fromFunc((ctx) => {
      if (ctx.message instanceof Started) {
        owner = ctx;
        ctx.scheduleOnce(10, sink, 'once');
        ctx.scheduleOnce(10, sink, 'cancelled').cancel();
        ctx.scheduleRepeatedly(5, 10, sink, 'tick');
      }
      if (ctx.message instanceof Stopped) got.push('owner-stopped');
    }));
    await waitFor(() => owner !== undefined, 2000, 'the timers scheduled');
    // Due at 5 (tick), 10 (once), 15 and 25 (tick); each posts to the sink as it fires, so the
    // marker sent afterwards is recorded after all of them.
    clock.tick(25);
    system.root.send(sink, 'marker-1');
    await waitFor(() => got.includes('marker-1'), 2000, 'the first marker');
    assert.deepEqual(got, ['tick', 'once', 'tick', 'tick', 'marker-1']);
    system.root.stop(pid);
    await waitFor(() => got.includes('owner-stopped'), 2000, 'the owner stopped');
    // Ten intervals later: a timer that survived its owner would have posted ticks before this marker.
    clock.tick(100);
    system.root.send(sink, 'marker-2');
    await waitFor(() => got.includes('marker-2'), 2000, 'the second marker');
    assert.deepEqual(got.slice(got.indexOf('marker-1') + 1), ['owner-stopped', 'marker-2'], 'no timer outlives its actor');
  } finally { clock.restore(); }
});
