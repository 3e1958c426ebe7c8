/**
 * ActorSystem.shutdown: every actor goes through its ordinary lifecycle (Stopping,
 * children, Stopped, watchers told), it resolves when no actor is live, messages
 * racing it are dead letters rather than re-activations, and at the deadline it
 * reports what remained.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActorSystem, DeadLetterEvent, Props, Started, Stopped, Stopping, Terminated, Watch, type Context } from '../../../gateway/actors/index.js';
import { waitFor } from '../../helpers/wait.js';

test('shutdown - Stopping and Stopped run for every actor and its children; resolves once none is live', async () => {
  const system = new ActorSystem();
  const log: string[] = [];
  const lifecycle = (name: string) => (ctx: Context): void => {
    if (ctx.message instanceof Stopping) log.push(`${name} stopping`);
    if (ctx.message instanceof Stopped) log.push(`${name} stopped`);
  };
  const parent = system.root.spawnNamed(Props.fromFunc((ctx) => {
    lifecycle('parent')(ctx);
    if (ctx.message instanceof Started) ctx.spawnNamed(Props.fromFunc(lifecycle('child')), 'child');
  }), 'parent');
  void parent;
  system.kinds.register('v', Props.fromFunc(lifecycle('virtual')));
  system.root.send(system.pid('v/1'), 'hi');
  for (let i = 0; i < 1000; i++) system.root.spawn(Props.fromFunc(() => {}));
  await waitFor(() => system.liveActors === 1003, 2000, 'the child spawned at Started');
  const report = await system.shutdown(5000);
  assert.deepEqual(report.remaining, 0);
  assert.equal(report.stopped, 1003);
  assert.equal(system.liveActors, 0);
  assert.equal(system.registry.size, 0);
  for (const name of ['parent', 'child', 'virtual']) {
    assert.ok(log.indexOf(`${name} stopping`) >= 0 && log.indexOf(`${name} stopping`) < log.indexOf(`${name} stopped`), `${name}: Stopping then Stopped`);
  }
  assert.ok(log.indexOf('child stopped') < log.indexOf('parent stopped'), 'children stop before their parent');
  assert.equal(await system.shutdown(), report, 'a second call joins the first');
});

test('shutdown - a watcher that outlives the shutdown gets Terminated for every watched actor', async () => {
  const system = new ActorSystem();
  const other = new ActorSystem();
  const seen: string[] = [];
  const watcherPid = other.root.spawn(Props.fromFunc((ctx) => { if (ctx.message instanceof Terminated) seen.push(ctx.message.who.id); }));
  // Cross-system delivery through a shared registry resolver: the watcher lives on.
  system.registry.registerAddressResolver((pid) => (pid.address === 'other' ? other.registry.resolve(other.pid(pid.id)) : undefined));
  other.address = 'other';
  const pids = Array.from({ length: 100 }, (_, i) => system.root.spawnNamed(Props.fromFunc(() => {}), `a${i}`));
  const remoteWatcher = system.pid(watcherPid.id);
  remoteWatcher.address = 'other';
  for (const p of pids) system.registry.resolve(p).sendSystemMessage(p, new Watch(remoteWatcher));
  await system.shutdown(5000);
  await waitFor(() => seen.length === 100, 2000, 'Terminated for each');
  assert.deepEqual(seen.sort(), pids.map((p) => p.id).sort());
});

test('shutdown - messages racing the shutdown are dead letters, not re-activations', async () => {
  const system = new ActorSystem();
  const dead: unknown[] = [];
  system.eventStream.subscribe<DeadLetterEvent>((e) => dead.push(e.message), DeadLetterEvent);
  let started!: () => void;
  const busy = new Promise<void>((resolve) => { started = resolve; });
  // v/1 is busy with an async receive that never settles: later messages wait in its mailbox.
  system.kinds.register('v', Props.fromFunc((ctx) => { if (ctx.message === 'first') { started(); return new Promise<void>(() => {}); } }));
  system.root.send(system.pid('v/1'), 'first');
  await busy;
  system.root.send(system.pid('v/1'), 'queued behind the stop'); // re-sent at the stop: no kind to activate it now
  const stopping = system.shutdown(5000);
  system.root.send(system.pid('v/2'), 'to a new identity');
  const report = await stopping;
  assert.equal(report.remaining, 0);
  assert.equal(system.registry.getLocal('v/1'), undefined);
  assert.equal(system.registry.getLocal('v/2'), undefined);
  assert.deepEqual(dead.sort(), ['queued behind the stop', 'to a new identity']);
});

test('shutdown - at the deadline the report says what remained', async () => {
  const system = new ActorSystem();
  // Each one spawns its successor as it stops: the system never empties.
  const phoenix: Props = Props.fromFunc((ctx) => { if (ctx.message instanceof Stopped) system.root.spawn(phoenix); });
  system.root.spawn(phoenix);
  const report = await system.shutdown(50);
  assert.ok(report.remaining >= 1, `remaining ${report.remaining}`);
  assert.ok(report.stopped >= 0);
  assert.ok(report.elapsedMs >= 45);
});
