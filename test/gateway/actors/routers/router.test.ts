import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActorSystem, AddRoutee, BroadcastMessage, GetRoutees, PID, Props, RemoveRoutee, Routees, Routers } from '../../../../gateway/actors/index.js';
import { waitFor } from '../../../helpers/wait.js';

function tagged(system: ActorSystem, n: number, log: string[][]): PID[] {
  return Array.from({ length: n }, (_, i) => {
    log[i] = [];
    return system.root.spawn(Props.fromFunc((ctx) => { if (typeof ctx.message === 'string' || typeof (ctx.message as { key?: string })?.key === 'string') log[i]!.push(String((ctx.message as { key?: string }).key ?? ctx.message)); }));
  });
}

test('routers - round-robin group distributes exactly evenly in order', async () => {
  const system = new ActorSystem();
  const log: string[][] = [];
  const router = system.root.spawn(Routers.roundRobinGroup(tagged(system, 3, log)));
  for (let i = 0; i < 9; i++) system.root.send(router, `m${i}`);
  await waitFor(() => log.flat().length === 9);
  assert.deepEqual(log, [['m0', 'm3', 'm6'], ['m1', 'm4', 'm7'], ['m2', 'm5', 'm8']]);
});

test('routers - random group uses the injected random source', async () => {
  const system = new ActorSystem();
  const log: string[][] = [];
  const seq = [0.1, 0.9, 0.5, 0.1];
  let i = 0;
  const router = system.root.spawn(Routers.randomGroup(tagged(system, 3, log), () => seq[i++ % seq.length]!));
  for (let k = 0; k < 4; k++) system.root.send(router, `m${k}`);
  await waitFor(() => log.flat().length === 4);
  assert.deepEqual(log, [['m0', 'm3'], ['m2'], ['m1']]);
});

test('routers - broadcast group reaches every routee', async () => {
  const system = new ActorSystem();
  const log: string[][] = [];
  const router = system.root.spawn(Routers.broadcastGroup(tagged(system, 4, log)));
  system.root.send(router, 'all');
  await waitFor(() => log.flat().length === 4);
  assert.ok(log.every((l) => l.length === 1 && l[0] === 'all'));
});

test('routers - consistent-hash sends the same key to the same routee and spreads keys', async () => {
  const system = new ActorSystem();
  const log: string[][] = [];
  const router = system.root.spawn(Routers.consistentHashGroup(tagged(system, 4, log)));
  const msg = (key: string) => ({ key, hashBy: () => key });
  for (let r = 0; r < 3; r++) for (let k = 0; k < 40; k++) system.root.send(router, msg(`user-${k}`));
  await waitFor(() => log.flat().length === 120);
  for (let k = 0; k < 40; k++) {
    const owners = log.map((l, i) => (l.includes(`user-${k}`) ? i : -1)).filter((i) => i >= 0);
    assert.equal(owners.length, 1, `user-${k} went to ${owners}`);
  }
  assert.ok(log.filter((l) => l.length > 0).length >= 3, 'keys spread over routees');
});

test('routers - pools spawn and supervise their routees; a stopped routee is removed', async () => {
  const system = new ActorSystem();
  const seen = new Set<string>();
  const worker = Props.fromFunc((ctx) => { if (ctx.message === 'work') { seen.add(ctx.self.id); ctx.respond(ctx.self.id); } });
  const pool = system.root.spawn(Routers.roundRobinPool(worker, 3));
  const { pids } = await system.root.requestFuture<Routees>(pool, new GetRoutees(), 1000);
  assert.equal(pids.length, 3);
  assert.ok(pids.every((p) => p.id.startsWith(pool.id + '/')), 'routees are children of the pool');
  for (let i = 0; i < 6; i++) await system.root.requestFuture(pool, 'work', 1000);
  assert.equal(seen.size, 3);
  await system.root.stopFuture(pids[0]!);
  // The routee's stop posted Terminated to the pool (its parent and watcher) in the same step that
  // completed stopFuture, and a system message runs before any user message: GetRoutees is
  // answered after the pool has handled it.
  assert.equal(system.registry.getLocal(pids[0]!.id), undefined);
  const after = await system.root.requestFuture<Routees>(pool, new GetRoutees(), 1000);
  assert.equal(after.pids.length, 2);
  for (const kind of ['randomPool', 'broadcastPool', 'consistentHashPool'] as const) {
    const p = system.root.spawn(Routers[kind](worker, 2));
    assert.equal((await system.root.requestFuture<Routees>(p, new GetRoutees(), 1000)).pids.length, 2, kind);
  }
});

test('routers - add, remove and broadcast management messages', async () => {
  const system = new ActorSystem();
  const log: string[][] = [];
  const [a, b, c] = tagged(system, 3, log);
  const router = system.root.spawn(Routers.roundRobinGroup([a!]));
  system.root.send(router, new AddRoutee(b!));
  system.root.send(router, new AddRoutee(c!));
  system.root.send(router, new RemoveRoutee(a!));
  const { pids } = await system.root.requestFuture<Routees>(router, new GetRoutees(), 1000);
  assert.deepEqual(pids.map((p) => p.id), [b!.id, c!.id]);
  system.root.send(router, new BroadcastMessage('hello-all'));
  await waitFor(() => log[1]!.length === 1 && log[2]!.length === 1);
  assert.deepEqual(log[0], []);
});
