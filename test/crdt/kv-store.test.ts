import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { KvStore, type KvChange } from '../../crdt/index.js';
import { prng } from './sim-client.js';

test('kv store - 50,000 overwrites of 10 keys stay under 1 KB encoded, where a Y.Map grows past 400 KB', () => {
  const kvDoc = new Y.Doc(), mapDoc = new Y.Doc();
  const kv = KvStore.of<number>(kvDoc, 'kv');
  const map = mapDoc.getMap<number>('m');
  for (let i = 0; i < 50_000; i++) {
    kv.set(`k${i % 10}`, i);
    map.set(`k${i % 10}`, i);
  }
  const kvBytes = Y.encodeStateAsUpdate(kvDoc).length, mapBytes = Y.encodeStateAsUpdate(mapDoc).length;
  assert.ok(kvBytes < 1024, `KvStore: ${kvBytes} B`);
  assert.ok(mapBytes > 400_000, `Y.Map: ${mapBytes} B`);
  assert.deepEqual(kv.toJSON(), map.toJSON());
  assert.equal(kvDoc.getArray('kv').length, 10);
  // And it keeps working after a reload from those bytes.
  const reloaded = new Y.Doc();
  Y.applyUpdate(reloaded, Y.encodeStateAsUpdate(kvDoc));
  assert.deepEqual(KvStore.of(reloaded, 'kv').toJSON(), kv.toJSON());
});

test('kv store - concurrent writes of the same keys converge on one winner per key on every replica', () => {
  const rnd = prng(11);
  const docs = [1, 2, 3].map((id) => { const d = new Y.Doc(); d.clientID = id; return d; });
  const stores = docs.map((d) => KvStore.of<number>(d, 'kv'));
  for (let round = 0; round < 50; round++) {
    for (const s of stores) for (let j = 0; j < 3; j++) s.set(`k${Math.floor(rnd() * 4)}`, Math.floor(rnd() * 1000));
    if (rnd() < 0.3) stores[Math.floor(rnd() * 3)]!.delete(`k${Math.floor(rnd() * 4)}`);
    // Exchange full states pairwise (each replica resolves duplicates it sees and those deletions travel too).
    for (let k = 0; k < 2; k++) for (const a of docs) for (const b of docs) if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    const views = stores.map((s) => JSON.stringify(Object.entries(s.toJSON()).sort()));
    assert.equal(new Set(views).size, 1, `round ${round}: replicas disagree ${views.join(' | ')}`);
    for (const d of docs) {
      const keys = d.getArray<{ key: string }>('kv').toArray().map((e) => e.key);
      assert.equal(keys.length, new Set(keys).size, `round ${round}: duplicate entries left`);
    }
  }
});

test('kv store - observers see add, update and delete, for local and remote changes alike', () => {
  const a = new Y.Doc(), b = new Y.Doc();
  a.on('update', (u: Uint8Array) => Y.applyUpdate(b, u));
  const ka = KvStore.of<string>(a, 'kv'), kb = KvStore.of<string>(b, 'kv');
  const seenA: string[] = [], seenB: string[] = [];
  const fmt = (out: string[]) => (changes: Map<string, KvChange<string>>) => { for (const [k, c] of changes) out.push(`${c.action}:${k}=${c.value ?? ''}`); };
  ka.observe(fmt(seenA));
  kb.observe(fmt(seenB));
  ka.set('x', '1');
  ka.set('x', '2');
  ka.delete('x');
  ka.delete('missing');
  assert.deepEqual(seenA, ['add:x=1', 'update:x=2', 'delete:x=']);
  assert.deepEqual(seenB, ['add:x=1', 'update:x=2', 'delete:x=']);
  assert.equal(kb.has('x'), false);
});
