import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { CrdtStore } from '../../crdt/index.js';
import { LineProcess, type Event } from '../helpers/line-process.js';
import { prng } from './sim-client.js';
import { tempStore } from './helpers.js';

const storm = fileURLToPath(new URL('./fixtures/write-storm.js', import.meta.url));

test('update log - a write storm killed with SIGKILL 12 times keeps every acknowledged update', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rosetta-crdt-storm-'));
  const rnd = prng(2024);
  const acked = new Map<string, Set<string>>();
  let total = 0;
  try {
    for (let run = 0; run < 12; run++) {
      const p = new LineProcess(process.execPath, [storm, dir, String(run)]);
      const closed = new Promise<void>((r) => p.child.stdout!.once('close', () => r()));
      try {
        const loaded = (await p.next((e) => e['event'] === 'loaded', 30_000, 'loaded')) as Event & { keys: Record<string, string[]> };
        for (const [doc, keys] of acked) {
          const present = new Set(loaded.keys[doc] ?? []);
          const missing = [...keys].filter((k) => !present.has(k));
          assert.deepEqual(missing, [], `run ${run}: acknowledged updates of '${doc}' lost`);
        }
        const want = 20 + Math.floor(rnd() * 300);
        for (let k = 0; k < want; k++) await p.next((e) => e['event'] === 'ack', 30_000, `ack ${k} of run ${run}`);
      } finally {
        p.child.kill('SIGKILL');
        await p.exited;
        await closed;
      }
      assert.equal(p.child.signalCode, 'SIGKILL');
      for (const e of p.events) {
        if (e['event'] === 'refused') assert.fail(`run ${run} refused an update: ${JSON.stringify(e)}`);
        if (e['event'] !== 'ack') continue;
        const doc = e['doc'] as string;
        if (!acked.has(doc)) acked.set(doc, new Set());
        acked.get(doc)!.add(e['key'] as string);
        total++;
      }
    }
    // A final clean open sees them all too.
    const store = CrdtStore.open(dir);
    for (const [doc, keys] of acked) {
      const { snapshot, updates } = store.log('storm', doc).load();
      const d = new Y.Doc();
      if (snapshot) Y.applyUpdate(d, snapshot);
      for (const u of updates) Y.applyUpdate(d, u);
      const present = d.getMap('acks');
      assert.deepEqual([...keys].filter((k) => !present.has(k)), [], `'${doc}' after the last kill`);
    }
    assert.deepEqual(store.documents('storm'), ['a', 'b/c', 'ü-d']);
    await store.close();
    assert.ok(total >= 12 * 20, `acknowledged ${total}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('update log - load gives the snapshot plus the updates after it; compaction drops what the snapshot covers', async () => {
  const t = tempStore();
  const log = t.store.log('t', 'd');
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < 5; i++) doc.getArray('a').push([i]);
  for (const u of updates) await log.append(u);
  assert.equal(log.lastSeq, 5);
  await log.compact(Y.encodeStateAsUpdate(doc), 5);
  doc.getArray('a').push([5]);
  await log.append(updates.at(-1)!);
  const reread = t.store.log('t', 'd').load();
  assert.ok(reread.snapshot);
  assert.equal(reread.updates.length, 1);
  const d2 = new Y.Doc();
  Y.applyUpdate(d2, reread.snapshot!);
  for (const u of reread.updates) Y.applyUpdate(d2, u);
  assert.deepEqual(d2.getArray('a').toJSON(), [0, 1, 2, 3, 4, 5]);
  const other = t.store.log('t', 'd2');
  await other.append(updates[0]!);
  assert.deepEqual(t.store.documents('t'), ['d', 'd2']);
  assert.deepEqual(t.store.documents('t0'), []);
  await other.drop();
  assert.deepEqual(t.store.documents('t'), ['d']);
  await t.dispose();
});
