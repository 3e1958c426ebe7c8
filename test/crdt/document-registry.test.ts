import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { SyncSession, type DocumentEvent } from '../../crdt/index.js';
import { waitFor } from '../helpers/wait.js';
import { tempStore } from './helpers.js';
import { updateMessage } from './sim-client.js';

const edit = (f: (d: Y.Doc) => void) => { const d = new Y.Doc(); f(d); return updateMessage(Y.encodeStateAsUpdate(d)); };

test('registry - hooks: onLoad seeds once, onChange fires debounced (once per burst), onStore after compaction, onUnload when idle', async () => {
  const t = tempStore();
  const calls: string[] = [];
  const registry = t.registry('t1', { changeDebounceMs: 300, changeMaxDebounceMs: 5000, idleUnloadMs: 30 }, {
    onLoad: ({ name, doc }: DocumentEvent) => { calls.push(`load:${name}`); if (!doc.getMap('m').has('seed')) doc.getMap('m').set('seed', true); },
    onChange: ({ name }) => { calls.push(`change:${name}`); },
    onStore: ({ name, state }) => { calls.push(`store:${name}:${state.length > 0}`); },
    onUnload: ({ name }) => { calls.push(`unload:${name}`); },
  });
  const s = await SyncSession.open(registry, 'doc', { send: () => {} });
  assert.equal(s.live.doc.getMap('m').get('seed'), true);
  for (let i = 0; i < 20; i++) await s.receive(edit((d) => d.getMap('m').set(`k${i}`, i)));
  await waitFor(() => calls.includes('store:doc:true'), 3000, 'onStore');
  assert.deepEqual(calls.filter((c) => c.startsWith('change')), ['change:doc'], 'one onChange for the burst');
  s.close();
  await waitFor(() => calls.includes('unload:doc'), 3000, 'idle unload');
  assert.equal(registry.loadedCount, 0);
  const again = await registry.open('doc');
  assert.equal(again.doc.getMap('m').get('k19'), 19);
  assert.equal(calls.filter((c) => c === 'load:doc').length, 2);
  assert.equal(again.doc.getMap('m').size, 21, 'the seed was stored once, not twice');
  registry.release(again);
  await t.dispose();
});

test('registry - a burst longer than the max debounce still gets onChange at the max interval', async () => {
  const t = tempStore();
  const at: number[] = [];
  // The quiet period (1 s) is never reached while writing every few ms: only the ceiling (150 ms) can fire.
  const registry = t.registry('t1', { changeDebounceMs: 1000, changeMaxDebounceMs: 150 }, { onChange: () => { at.push(Date.now()); } });
  const s = await SyncSession.open(registry, 'doc', { send: () => {} });
  const start = Date.now();
  let i = 0;
  while (at.length === 0) {
    assert.ok(Date.now() - start < 5000, 'onChange never fired');
    await s.receive(edit((d) => d.getMap('m').set(`k${i++}`, i)));
    // Pacing of the write stream (an editor typing), not a wait: the loop ends on onChange itself.
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.ok(at[0]! - start >= 140 && at[0]! - start < 900, `fired after ${at[0]! - start} ms`);
  s.close();
  await t.dispose();
});

test('registry - documents are isolated per tenant and invalid names are refused INVALID_ARGUMENT', async () => {
  const t = tempStore();
  const a = t.registry('tenant-a'), b = t.registry('tenant-b');
  const la = await a.open('shared/name');
  await la.transact((d) => d.getMap('m').set('secret', 'a'));
  const lb = await b.open('shared/name');
  assert.equal(lb.doc.getMap('m').get('secret'), undefined);
  await assert.rejects(a.open(''), (e: any) => e.code === 'INVALID_ARGUMENT' && e.reason === 'invalid-document-name');
  await assert.rejects(a.open('bad\u0000name'), (e: any) => e.code === 'INVALID_ARGUMENT');
  await assert.rejects(a.open('x'.repeat(600)), (e: any) => e.code === 'INVALID_ARGUMENT');
  a.release(la); b.release(lb);
  await t.dispose();
});
