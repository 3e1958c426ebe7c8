import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActorSystem, Props, ReceiveTimeout, Started, Stopped, type Context } from '../../../gateway/actors/index.js';
import { sleep, waitFor } from '../../helpers/wait.js';

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
  let ready = false;
  const pid = system.root.spawn(Props.fromFunc((ctx) => {
    if (ctx.message === 'ready') { ready = true; ctx.unstashAll(); }
    else if (ctx.message === 'q') { if (!ready) ctx.stash(); else ctx.respond('answer'); }
  }));
  const answer = system.root.requestFuture(pid, 'q', 1000);
  await sleep(5);
  system.root.send(pid, 'ready');
  assert.equal(await answer, 'answer');
});

test('behavior - receive timeout fires after idleness and is reset by messages', async () => {
  const system = new ActorSystem();
  const timeouts: number[] = [];
  const t0 = performance.now();
  const pid = system.root.spawn(Props.fromFunc((ctx) => {
    if (ctx.message instanceof Started) ctx.setReceiveTimeout(40);
    if (ctx.message instanceof ReceiveTimeout) timeouts.push(performance.now() - t0);
  }));
  for (let i = 0; i < 4; i++) { await sleep(15); system.root.send(pid, 'keepalive'); }
  assert.equal(timeouts.length, 0, 'no timeout while messages keep arriving');
  await waitFor(() => timeouts.length === 1, 1000);
  assert.ok(timeouts[0]! >= 95, `fired at ${timeouts[0]}`);
});

test('timers - scheduleOnce and scheduleRepeatedly deliver, cancel works, and all stop with the actor', async () => {
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
  await waitFor(() => got.filter((g) => g === 'tick').length >= 3, 1000);
  assert.ok(owner);
  await system.root.stopFuture(pid);
  const ticks = got.filter((g) => g === 'tick').length;
  await sleep(40);
  assert.equal(got.filter((g) => g === 'tick').length, ticks, 'repeating timer cancelled on stop');
  assert.ok(got.includes('once'));
  assert.ok(!got.includes('cancelled'));
});
