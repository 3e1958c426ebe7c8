import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ActorSystem, AllForOneStrategy, Directive, ExponentialBackoffStrategy, OneForOneStrategy, Props, Restarting, Started,
  Stopped, Stopping, SupervisorEvent, ActorFailureEvent, type Context,
} from '../../../gateway/actors/index.js';
import { waitFor } from '../../helpers/wait.js';

/** A parent that spawns the given children on start and forwards 'child:<i>:<msg>'. */
function parentProps(children: Props[], strategy: Props['supervisorStrategy'], kids: { pids: ReturnType<Context['spawn']>[] }) {
  return Props.fromFunc((ctx) => {
    if (ctx.message instanceof Started) kids.pids = children.map((p, i) => ctx.spawnNamed(p, `c${i}`));
  }).withSupervisor(strategy);
}

test('supervision - failure reaches the supervisor with its cause and the child restarts with lifecycle messages', async () => {
  const system = new ActorSystem();
  const lifecycle: string[] = [];
  const failures: unknown[] = [];
  system.eventStream.subscribe<ActorFailureEvent>((e) => failures.push(e.reason), ActorFailureEvent);
  let instances = 0;
  const child = Props.fromProducer(() => {
    const n = ++instances;
    return { receive(ctx) {
      const m = ctx.message;
      if (m instanceof Started) lifecycle.push(`started#${n}`);
      else if (m instanceof Restarting) lifecycle.push(`restarting#${n}`);
      else if (m === 'boom') throw new Error('kaboom');
      else if (m === 'ping') ctx.respond(`pong#${n}`);
    } };
  });
  const kids = { pids: [] as ReturnType<Context['spawn']>[] };
  system.root.spawn(parentProps([child], new OneForOneStrategy(3, 10_000), kids));
  await waitFor(() => kids.pids.length === 1);
  system.root.send(kids.pids[0]!, 'boom');
  assert.equal(await system.root.requestFuture(kids.pids[0]!, 'ping', 1000), 'pong#2');
  assert.deepEqual(lifecycle, ['started#1', 'restarting#1', 'started#2']);
  assert.equal((failures[0] as Error).message, 'kaboom');
});

test('supervision - one-for-one stops the child past the retry limit within the window', async () => {
  const system = new ActorSystem();
  const child = Props.fromFunc((ctx) => { if (ctx.message === 'boom') throw new Error('x'); });
  const kids = { pids: [] as ReturnType<Context['spawn']>[] };
  const stoppedSeen: string[] = [];
  system.eventStream.subscribe<SupervisorEvent>((e) => stoppedSeen.push(e.directive), SupervisorEvent);
  system.root.spawn(parentProps([child], new OneForOneStrategy(2, 10_000), kids));
  await waitFor(() => kids.pids.length === 1);
  const c = kids.pids[0]!;
  for (let i = 0; i < 3; i++) system.root.send(c, 'boom');
  await waitFor(() => system.registry.getLocal(c.id) === undefined, 2000, 'child to stop');
  assert.deepEqual(stoppedSeen, ['restart', 'restart', 'stop']);
});

test('supervision - resume keeps the same instance and state', async () => {
  const system = new ActorSystem();
  let instances = 0;
  const child = Props.fromProducer(() => { instances++; let count = 0; return { receive(ctx) {
    if (ctx.message === 'inc') count++;
    else if (ctx.message === 'boom') throw new Error('resume me');
    else if (ctx.message === 'get') ctx.respond(count);
  } }; });
  const kids = { pids: [] as ReturnType<Context['spawn']>[] };
  system.root.spawn(parentProps([child], new OneForOneStrategy(10, 1000, () => Directive.Resume), kids));
  await waitFor(() => kids.pids.length === 1);
  const c = kids.pids[0]!;
  system.root.send(c, 'inc'); system.root.send(c, 'boom'); system.root.send(c, 'inc');
  assert.equal(await system.root.requestFuture(c, 'get', 1000), 2);
  assert.equal(instances, 1);
});

test('supervision - all-for-one restarts the siblings of a failed child', async () => {
  const system = new ActorSystem();
  const starts = new Map<string, number>();
  const mk = (name: string) => Props.fromFunc((ctx) => {
    if (ctx.message instanceof Started) starts.set(name, (starts.get(name) ?? 0) + 1);
    if (ctx.message === 'boom') throw new Error(name);
  });
  const kids = { pids: [] as ReturnType<Context['spawn']>[] };
  system.root.spawn(parentProps([mk('a'), mk('b'), mk('c')], new AllForOneStrategy(5, 10_000), kids));
  await waitFor(() => starts.size === 3);
  system.root.send(kids.pids[1]!, 'boom');
  await waitFor(() => [...starts.values()].every((n) => n === 2), 2000, 'all three restarted');
  assert.deepEqual([...starts.entries()].sort(), [['a', 2], ['b', 2], ['c', 2]]);
});

test('supervision - exponential backoff delays restarts with growing delays and gives up past the limit', async () => {
  const system = new ActorSystem();
  const strategy = new ExponentialBackoffStrategy({ initialBackoffMs: 20, maxBackoffMs: 1000, jitter: 0, maxRetries: 3, withinMs: 60_000 });
  assert.deepEqual([1, 2, 3, 4, 10].map((n) => strategy.delayFor(n)), [20, 40, 80, 160, 1000]);
  const jittered = new ExponentialBackoffStrategy({ initialBackoffMs: 100, jitter: 0.5, random: () => 1 });
  assert.equal(jittered.delayFor(1), 150);

  const startTimes: number[] = [];
  const child = Props.fromFunc((ctx) => {
    if (ctx.message instanceof Started) { startTimes.push(performance.now()); if (startTimes.length > 1) ctx.send(ctx.self, 'boom'); }
    if (ctx.message === 'boom') throw new Error('again');
  });
  const directives: string[] = [];
  system.eventStream.subscribe<SupervisorEvent>((e) => directives.push(e.directive), SupervisorEvent);
  const kids = { pids: [] as ReturnType<Context['spawn']>[] };
  system.root.spawn(parentProps([child], strategy, kids));
  await waitFor(() => kids.pids.length === 1);
  system.root.send(kids.pids[0]!, 'boom');
  await waitFor(() => directives.includes('stop'), 3000, 'backoff to give up');
  assert.deepEqual(directives, ['restart-after-20ms', 'restart-after-40ms', 'restart-after-80ms', 'stop']);
  assert.equal(startTimes.length, 4);
  const gaps = startTimes.slice(1).map((t, i) => t - startTimes[i]!);
  assert.ok(gaps[0]! >= 18 && gaps[1]! >= 38 && gaps[2]! >= 78, `gaps ${gaps.map((g) => g.toFixed(1))}`);
  await waitFor(() => system.registry.getLocal(kids.pids[0]!.id) === undefined);
});

test('supervision - escalate hands the failure to the grandparent, which restarts the parent', async () => {
  const system = new ActorSystem();
  const parentStarts: number[] = [];
  let childPid: ReturnType<Context['spawn']> | undefined;
  const child = Props.fromFunc((ctx) => { if (ctx.message === 'boom') throw new Error('deep'); });
  const parent = Props.fromFunc((ctx) => {
    if (ctx.message instanceof Started) { parentStarts.push(1); childPid = ctx.spawnNamed(child, 'child'); }
  }).withSupervisor(new OneForOneStrategy(10, 1000, () => Directive.Escalate));
  const grand = Props.fromFunc((ctx) => { if (ctx.message instanceof Started) ctx.spawnNamed(parent, 'parent'); });
  system.root.spawn(grand);
  await waitFor(() => childPid !== undefined);
  system.root.send(childPid!, 'boom');
  await waitFor(() => parentStarts.length === 2, 2000, 'parent restart');
});

test('supervision - top-level actors are restarted by the guardian', async () => {
  const system = new ActorSystem();
  let starts = 0;
  const pid = system.root.spawn(Props.fromFunc((ctx) => {
    if (ctx.message instanceof Started) starts++;
    if (ctx.message === 'boom') throw new Error('top');
    if (ctx.message === 'ping') ctx.respond('pong');
  }));
  system.root.send(pid, 'boom');
  assert.equal(await system.root.requestFuture(pid, 'ping', 1000), 'pong');
  assert.equal(starts, 2);
});

test('supervision - a rejected async receive is a failure like a throw', async () => {
  const system = new ActorSystem();
  let starts = 0;
  const pid = system.root.spawn(Props.fromFunc(async (ctx) => {
    if (ctx.message instanceof Started) starts++;
    // Rejects on a later turn of the event loop, while 'ping' waits behind it (not a wait of the test's).
    if (ctx.message === 'boom') { await new Promise((r) => setImmediate(r)); throw new Error('async'); }
    if (ctx.message === 'ping') ctx.respond('pong');
  }));
  system.root.send(pid, 'boom');
  assert.equal(await system.root.requestFuture(pid, 'ping', 1000), 'pong');
  assert.equal(starts, 2);
});

test('supervision - stopping runs Stopping, stops children first, then Stopped', async () => {
  const system = new ActorSystem();
  const log: string[] = [];
  let childStarted = false;
  const child = Props.fromFunc((ctx) => {
    if (ctx.message instanceof Started) childStarted = true;
    if (ctx.message instanceof Stopped) log.push('child-stopped');
  });
  const parent = system.root.spawn(Props.fromFunc((ctx) => {
    const m = ctx.message;
    if (m instanceof Started) ctx.spawnNamed(child, 'k');
    else if (m instanceof Stopping) log.push('parent-stopping');
    else if (m instanceof Stopped) log.push('parent-stopped');
  }));
  await waitFor(() => childStarted, 2000, 'the child to start');
  await system.root.stopFuture(parent);
  assert.deepEqual(log, ['parent-stopping', 'child-stopped', 'parent-stopped']);
});
