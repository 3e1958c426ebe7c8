import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { ActorSystem, Props } from '../../gateway/actors/index.js';
import { DocumentChanged, ReplicatedState, SyncSession, replicatedProps } from '../../crdt/index.js';
import { waitFor } from '../helpers/wait.js';
import { tempStore } from './helpers.js';
import { SimClient } from './sim-client.js';

test('replicated state - an actor owns a document: its writes are durable and reach browsers, remote edits arrive as DocumentChanged', async () => {
  const t = tempStore();
  const registry = t.registry();
  const system = new ActorSystem();
  const seen: DocumentChanged[] = [];
  const props = replicatedProps({
    registry,
    create: (state) => ({
      async receive(ctx) {
        const m = ctx.message;
        if (m === 'read') { ctx.respond(state.map('notes').toJSON()); return; }
        if (typeof m === 'string') { await state.transact(() => { state.kv<number>('counts').set(m, (state.kv<number>('counts').get(m) ?? 0) + 1); }); ctx.respond('ok'); }
        if (m instanceof DocumentChanged) seen.push(m);
      },
    }),
  });
  const cart = system.root.spawnNamed(props, 'cart/42');
  assert.equal(await system.root.requestFuture(cart, 'apple', 2000), 'ok');
  assert.equal(await system.root.requestFuture(cart, 'apple', 2000), 'ok');
  // A browser on the same document sees the actor's state and edits it.
  const browser = new SimClient(77);
  const session = await SyncSession.open(registry, 'cart/42', { send: (b) => browser.receive(b) });
  browser.send = (b) => void session.receive(b);
  browser.hello();
  await waitFor(() => browser.doc.getArray('counts').length === 1, 2000, 'browser sync');
  assert.deepEqual(browser.doc.getArray('counts').toJSON(), [{ key: 'apple', val: 2 }]);
  browser.doc.getMap('notes').set('gift', true);
  await waitFor(() => seen.length === 1, 2000, 'DocumentChanged');
  assert.deepEqual([...seen[0]!.keys.get('notes')!], ['gift']);
  assert.equal(seen[0]!.document, 'cart/42');
  assert.deepEqual(await system.root.requestFuture(cart, 'read', 2000), { gift: true });
  // The actor's own writes are not echoed to it.
  await system.root.requestFuture(cart, 'pear', 2000);
  await waitFor(() => browser.doc.getArray('counts').length === 2, 2000, 'browser sees the actor');
  assert.equal(seen.length, 1);
  // Stopping the actor releases the document; the state is on disk.
  await system.root.stopFuture(cart);
  session.close();
  assert.equal(registry.get('cart/42')!.refs, 0);
  await registry.unload('cart/42');
  const back = await ReplicatedState.open(registry, 'cart/42');
  assert.deepEqual(back.kv('counts').toJSON(), { apple: 2, pear: 1 });
  back.close();
  await system.shutdown();
  await t.dispose();
});

test('replicated state - DocumentClosed reaches the owner when the document is unloaded under it', async () => {
  const t = tempStore();
  const registry = t.registry();
  const system = new ActorSystem();
  const got: unknown[] = [];
  const pid = system.root.spawn(Props.fromFunc((ctx) => { got.push(ctx.message); }));
  const state = await ReplicatedState.open(registry, 'x', { system, notify: pid });
  await state.transact(() => state.map('m').set('a', new Y.Doc().clientID));
  await registry.unload('x');
  await waitFor(() => got.some((m) => (m as any)?.constructor?.name === 'DocumentClosed'), 2000, 'DocumentClosed');
  await assert.rejects(state.transact(() => {}), (e: any) => e.code === 'UNAVAILABLE');
  await system.shutdown();
  await t.dispose();
});
