import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { KvStore, MutablePrincipal, SyncSession, readOnlyAccess, type CrdtRefusal, type DocumentRegistry } from '../../crdt/index.js';
import { waitFor } from '../helpers/wait.js';
import { tempStore } from './helpers.js';
import { SimClient, prng, updateMessage } from './sim-client.js';

interface Link {
  client: SimClient;
  kv: KvStore<number>;
  session: SyncSession | undefined;
  up: Uint8Array[];
  down: Uint8Array[];
}

/**
 * Replicas edit one document through SyncSessions over a network that drops,
 * reorders and duplicates messages and disconnects replicas; the server is
 * sometimes unloaded and reloaded from disk. Then the network heals and every
 * replica reconnects: all must end identical to the server and to the disk.
 */
async function simulate(seed: number, replicas: number, steps: number): Promise<void> {
  const rnd = prng(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const t = tempStore();
  const registry = t.registry('sim', { compactAfterUpdates: 25 });
  const writes: Promise<unknown>[] = [];
  const links: Link[] = [];
  let lossy = true;

  const connect = async (l: Link) => {
    l.up = []; l.down = [];
    l.client.send = (b) => l.up.push(b);
    l.session = await SyncSession.open(registry, 'doc', { send: (b) => l.down.push(b) });
    l.client.hello();
  };
  const disconnect = (l: Link) => {
    l.session?.close();
    l.session = undefined;
    l.client.send = undefined;
    l.up = []; l.down = [];
  };
  const take = (q: Uint8Array[]): Uint8Array | undefined => {
    if (q.length === 0) return undefined;
    const i = lossy ? int(q.length) : 0; // reorder
    const m = q[i]!;
    if (!(lossy && rnd() < 0.15)) q.splice(i, 1); // else duplicate: leave a copy behind
    if (lossy && rnd() < 0.1) return undefined; // drop
    return m;
  };
  const pump = (l: Link) => {
    const toServer = rnd() < 0.5;
    const m = take(toServer ? l.up : l.down);
    if (!m) return;
    if (toServer) { if (l.session) writes.push(l.session.receive(m)); }
    else l.client.receive(m);
  };

  for (let i = 0; i < replicas; i++) {
    const client = new SimClient(1000 + i);
    links.push({ client, kv: KvStore.of<number>(client.doc, 'kv'), session: undefined, up: [], down: [] });
  }
  for (const l of links) await connect(l);

  for (let s = 0; s < steps; s++) {
    const l = links[int(links.length)]!;
    const r = rnd();
    if (r < 0.35) {
      const d = l.client.doc;
      const op = int(5);
      if (op === 0) d.getMap('map').set(`k${int(12)}`, s);
      else if (op === 1) { const a = d.getArray('array'); a.insert(int(a.length + 1), [s]); }
      else if (op === 2) { const a = d.getArray('array'); if (a.length) a.delete(int(a.length), 1); }
      else if (op === 3) { const x = d.getText('text'); x.insert(int(x.length + 1), String.fromCharCode(97 + int(26))); }
      else l.kv.set(`k${int(6)}`, s);
    } else if (r < 0.9) {
      pump(l);
    } else if (r < 0.96) {
      if (l.session) disconnect(l); else await connect(l);
    } else if (r < 0.97) {
      for (const x of links) disconnect(x);
      await Promise.allSettled(writes);
      await registry.unload('doc');
    } else {
      if (!l.session) await connect(l);
    }
  }

  // Heal: a reliable network, every replica reconnects, deliver until quiet.
  lossy = false;
  await Promise.allSettled(writes);
  for (const l of links) disconnect(l);
  for (const l of links) await connect(l);
  for (let quiet = false, rounds = 0; !quiet; rounds++) {
    assert.ok(rounds < 10_000, 'network did not quiesce');
    await new Promise((r) => setImmediate(r)); // broadcasts of a turn leave at its end
    quiet = true;
    for (const l of links) {
      while (l.up.length || l.down.length) {
        quiet = false;
        const m = l.up.shift(); if (m) writes.push(l.session!.receive(m));
        const n = l.down.shift(); if (n) l.client.receive(n);
      }
    }
  }
  const results = await Promise.all(writes);
  assert.deepEqual(results.filter((r) => r !== undefined), [], 'no message was refused');

  const live = registry.get('doc')!;
  const server = new SimClient(1);
  Y.applyUpdate(server.doc, Y.encodeStateAsUpdate(live.doc));
  const expected = server.snapshot() as { map: object; text: string; kv: string[] };
  assert.ok(Object.keys(expected.map).length > 3 && expected.text.length > 10 && expected.kv.length > 2, `seed ${seed}: the replicas edited something`);
  for (const l of links) {
    assert.deepEqual(l.client.snapshot(), expected, `seed ${seed}: replica ${l.client.doc.clientID} differs from the server`);
    assert.deepEqual(Y.encodeStateVector(l.client.doc), Y.encodeStateVector(live.doc), `seed ${seed}: state vectors differ`);
  }
  // What is on disk is what everyone has.
  for (const l of links) disconnect(l);
  await registry.unload('doc');
  const reloaded = await registry.open('doc');
  const disk = new SimClient(2);
  Y.applyUpdate(disk.doc, Y.encodeStateAsUpdate(reloaded.doc));
  assert.deepEqual(disk.snapshot(), expected, `seed ${seed}: the stored document differs`);
  assert.equal(expected.kv.length, new Set(expected.kv.map((s) => s.split('=')[0])).size, 'one KV entry per key after concurrent writes');
  registry.release(reloaded);
  await t.dispose();
}

for (const seed of [1, 7, 42, 1234, 99991]) {
  test(`sync - seeded lossy network (seed ${seed}): 6 replicas with drops, reordering, duplicates, disconnects and server reloads converge`, async () => {
    await simulate(seed, 6, 1500);
  });
}

async function openSession(registry: DocumentRegistry, options: Partial<Parameters<typeof SyncSession.open>[2]> = {}) {
  const sent: Uint8Array[] = [];
  const refused: CrdtRefusal[] = [];
  const acks: number[] = [];
  const session = await SyncSession.open(registry, 'doc', { send: (b) => sent.push(b), onRefused: (e) => refused.push(e), onAck: (n) => acks.push(n), ...options });
  return { session, sent, refused, acks };
}

function clientUpdate(edit: (d: Y.Doc) => void): Uint8Array {
  const d = new Y.Doc();
  edit(d);
  return Y.encodeStateAsUpdate(d);
}

test('sync - the server opens with step 1, answers step 1 with step 2, and acknowledges writes once durable', async () => {
  const t = tempStore();
  const registry = t.registry();
  const { session, sent, acks } = await openSession(registry);
  assert.deepEqual([...sent[0]!.subarray(0, 2)], [0, 0], 'first message: sync step 1');
  const c = new SimClient(5);
  c.send = (b) => void session.receive(b);
  c.doc.getMap('map').set('a', 1);
  await registry.get('doc')!.flushed();
  assert.deepEqual(acks, [1]);
  c.hello(); // client step 1 → server step 2 with everything the client lacks (nothing)
  const reply = sent.at(-1)!;
  assert.deepEqual([...reply.subarray(0, 2)], [0, 1], 'answered with sync step 2');
  assert.equal(registry.get('doc')!.doc.getMap('map').get('a'), 1);
  session.close();
  await t.dispose();
});

test('sync - a read-only peer has writes with new content refused PERMISSION_DENIED read-only, and nothing changes', async () => {
  const t = tempStore();
  const registry = t.registry();
  const writer = await openSession(registry);
  await writer.session.receive(updateMessage(clientUpdate((d) => d.getMap('map').set('x', 1))));
  const reader = await openSession(registry, { principal: readOnlyAccess });
  const before = Y.encodeStateAsUpdate(registry.get('doc')!.doc);
  const err = await reader.session.receive(updateMessage(clientUpdate((d) => d.getMap('map').set('y', 2))));
  assert.equal(err?.code, 'PERMISSION_DENIED');
  assert.equal((err as CrdtRefusal).reason, 'read-only');
  assert.equal(reader.refused.length, 1);
  assert.deepEqual(Y.encodeStateAsUpdate(registry.get('doc')!.doc), before);
  // A write that carries nothing new (its step 2 after connecting) is acknowledged, not refused.
  assert.equal(await reader.session.receive(Uint8Array.of(0, 1, 2, 0, 0)), undefined);
  assert.deepEqual(reader.acks, [1]);
  // Reads still flow to it.
  const n = reader.sent.length;
  await writer.session.receive(updateMessage(clientUpdate((d) => d.getMap('map').set('z', 3))));
  assert.equal(reader.sent.length, n + 1);
  writer.session.close(); reader.session.close();
  await t.dispose();
});

test('sync - the peer is told of a refusal with y-protocols permission-denied carrying the reason', async () => {
  const t = tempStore();
  const registry = t.registry();
  const client = new SimClient(9);
  const session = await SyncSession.open(registry, 'doc', { send: (b) => client.receive(b), principal: readOnlyAccess, onRefused: () => {} });
  client.send = (b) => void session.receive(b);
  client.doc.getMap('map').set('nope', 1);
  await registry.get('doc')!.flushed();
  await new Promise((r) => setImmediate(r));
  assert.equal(client.permissionDenied.length, 1);
  assert.match(client.permissionDenied[0]!, /^read-only: /);
  session.close();
  await t.dispose();
});

test('sync - write permission withdrawn on an open session takes effect on the next write; read revoked closes it', async () => {
  const t = tempStore();
  const registry = t.registry();
  const p = new MutablePrincipal();
  const closed: string[] = [];
  const s = await openSession(registry, { principal: p, onClose: (e) => closed.push(`${e.code}/${(e as CrdtRefusal).reason}`) });
  assert.equal(await s.session.receive(updateMessage(clientUpdate((d) => d.getMap('map').set('a', 1)))), undefined);
  p.write = () => false;
  assert.equal((await s.session.receive(updateMessage(clientUpdate((d) => d.getMap('map').set('b', 1)))))?.code, 'PERMISSION_DENIED');
  p.read = () => false;
  assert.equal(s.session.recheck(), false);
  assert.deepEqual(closed, ['PERMISSION_DENIED/read-denied']);
  assert.equal((await s.session.receive(Uint8Array.of(0, 0, 1, 0)))?.code, 'UNAVAILABLE');
  await t.dispose();
});

test('sync - an oversize update is refused RESOURCE_EXHAUSTED update-too-large; an oversize document RESOURCE_EXHAUSTED document-too-large', async () => {
  const t = tempStore();
  const registry = t.registry('t1', { maxUpdateBytes: 4096, maxDocumentBytes: 16 * 1024 });
  const { session } = await openSession(registry);
  const big = clientUpdate((d) => d.getText('text').insert(0, 'x'.repeat(5000)));
  const e1 = await session.receive(updateMessage(big));
  assert.equal(e1?.code, 'RESOURCE_EXHAUSTED');
  assert.equal((e1 as CrdtRefusal).reason, 'update-too-large');
  assert.equal(registry.get('doc')!.doc.getText('text').length, 0);
  let last: unknown;
  for (let i = 0; i < 10 && last === undefined; i++) {
    last = await session.receive(updateMessage(clientUpdate((d) => d.getText('text').insert(0, String(i).repeat(3000)))));
  }
  assert.equal((last as CrdtRefusal).code, 'RESOURCE_EXHAUSTED');
  assert.equal((last as CrdtRefusal).reason, 'document-too-large');
  assert.ok(registry.get('doc')!.bytes <= 16 * 1024);
  session.close();
  await t.dispose();
});

test('sync - malformed messages and updates are refused INVALID_ARGUMENT and leave the document intact', async () => {
  const t = tempStore();
  const registry = t.registry();
  const { session } = await openSession(registry);
  const good = clientUpdate((d) => { d.getMap('map').set('a', 'b'); d.getArray('array').push([1, 2, 3]); });
  assert.equal(await session.receive(updateMessage(good)), undefined);
  const before = Y.encodeStateAsUpdate(registry.get('doc')!.doc);
  const rnd = prng(3);
  const cases: Uint8Array[] = [Uint8Array.of(), Uint8Array.of(9), Uint8Array.of(0, 7, 0), Uint8Array.of(0, 2, 50, 1), Uint8Array.of(1, 3, 1, 1)];
  const other = clientUpdate((d) => { d.getMap('map').set('c', { deep: [1, 'x'] }); d.getText('text').insert(0, 'hello'); });
  for (let i = 0; i < 300; i++) {
    const m = Uint8Array.from(other);
    const k = 1 + Math.floor(rnd() * 3);
    for (let j = 0; j < k; j++) m[Math.floor(rnd() * m.length)] = Math.floor(rnd() * 256);
    cases.push(updateMessage(rnd() < 0.5 ? m : m.subarray(0, Math.floor(rnd() * m.length))));
  }
  let refused = 0;
  for (const c of cases) {
    const r = await session.receive(c);
    if (r) { refused++; assert.equal(r.code, 'INVALID_ARGUMENT', `refusal code for ${Buffer.from(c).toString('hex')}`); }
  }
  assert.ok(refused >= 5, `refused ${refused}`);
  // Whatever was accepted parsed as a whole update; the original content is untouched.
  const map = registry.get('doc')!.doc.getMap('map');
  assert.equal(map.get('a'), 'b');
  assert.ok(before.length > 0);
  session.close();
  await t.dispose();
});

test('sync - a store failure is refused INTERNAL store-failure, unacknowledged, and the document is evicted and reloads from what was durable', async () => {
  const t = tempStore();
  const registry = t.registry();
  const closed: string[] = [];
  const { session, acks } = await openSession(registry, { onClose: (e) => closed.push(`${e.code}/${(e as CrdtRefusal).reason}`) });
  assert.equal(await session.receive(updateMessage(clientUpdate((d) => d.getMap('map').set('kept', 1)))), undefined);
  // The disk starts refusing commits (e.g. full): every put rejects as LMDB's commit promise would.
  const put = t.store.updates.put;
  (t.store.updates as { put: unknown }).put = () => Promise.reject(new Error('MDB_MAP_FULL: Environment mapsize limit reached'));
  const err = await session.receive(updateMessage(clientUpdate((d) => d.getMap('map').set('lost', 1))));
  assert.equal(err?.code, 'INTERNAL');
  assert.equal((err as CrdtRefusal).reason, 'store-failure');
  assert.deepEqual(acks, [1], 'the failed write was not acknowledged');
  await waitFor(() => closed.length === 1, 2000, 'session closed');
  assert.deepEqual(closed, ['INTERNAL/store-failure']);
  assert.equal(registry.get('doc'), undefined, 'evicted from memory');
  (t.store.updates as { put: unknown }).put = put;
  const live = await registry.open('doc');
  assert.deepEqual(live.doc.getMap('map').toJSON(), { kept: 1 });
  registry.release(live);
  await t.dispose();
});
