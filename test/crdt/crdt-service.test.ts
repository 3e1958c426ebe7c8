import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { ActorSystem, PID, Props } from '../../gateway/actors/index.js';
import { MessageSerialization } from '../../gateway/serialization/message-serialization.js';
import { TypeRegistry } from '../../gateway/serialization/type-registry.js';
import { TypedMessage } from '../../gateway/serialization/typed-message.js';
import { CrdtRequest, CrdtService, MutablePrincipal, SyncSession } from '../../crdt/index.js';
import { waitFor } from '../helpers/wait.js';
import { tempStore } from './helpers.js';
import { updateMessage } from './sim-client.js';

/** Every message crosses the protobuf codec both ways, as it would for a Go peer. */
const codec = new MessageSerialization(new TypeRegistry(), () => 'gw:1');
const wire = (m: TypedMessage): TypedMessage => {
  const w = codec.toWire(m);
  return codec.fromWire(w.typeName, w.serializerId, w.payload) as TypedMessage;
};
const msg = (type: string, value: Record<string, unknown>) => wire(new TypedMessage(`rosetta.v1.${type}`, value));
const str = (s: string) => ({ stringValue: s });

async function setup(principal = new MutablePrincipal()) {
  const t = tempStore();
  const registry = t.registry();
  const system = new ActorSystem({ address: 'gw:1' });
  const crdt = system.root.spawnNamed(new CrdtService(registry).props(), '$crdt');
  // As the gateway's edge admits a peer's request: with the peer's document permissions.
  const ask = async (m: TypedMessage) => wire(await system.root.requestFuture<TypedMessage>(crdt, new CrdtRequest(m, principal), 5000));
  return { t, registry, system, crdt, ask, principal };
}

test('$crdt - Update then Get on a map and on a KV store, answered as protobuf rosetta.v1 messages', async () => {
  const { t, system, ask } = await setup();
  const up = await ask(msg('CrdtUpdate', { document: 'orders/1', name: 'm', structure: 0, set: [{ key: 'a', value: str('x') }, { key: 'n', value: { numberValue: 3 } }, { key: 'bin', binary: Uint8Array.of(1, 2), is_binary: true }], request_id: 7 }));
  assert.equal(up.typeName, 'rosetta.v1.CrdtUpdateResponse');
  assert.equal(up.value['success'], true);
  assert.equal(up.value['request_id'], 7);
  const kv = await ask(msg('CrdtUpdate', { document: 'orders/1', name: 'kv', structure: 1, set: [{ key: 'k', value: { structValue: { fields: { deep: { listValue: { values: [{ boolValue: true }] } } } } } }] }));
  assert.equal(kv.value['success'], true);
  const g = await ask(msg('CrdtGet', { document: 'orders/1', name: 'm', include_state: true }));
  assert.equal(g.typeName, 'rosetta.v1.CrdtGetResponse');
  assert.equal(g.value['found'], true);
  const entries = Object.fromEntries((g.value['entries'] as any[]).map((e) => [e.key, e.is_binary ? [...e.binary] : e.value]));
  assert.deepEqual(entries['a'], { stringValue: 'x' });
  assert.deepEqual(entries['n'], { numberValue: 3 });
  assert.deepEqual(entries['bin'], [1, 2]);
  // The raw v1 state is a real replica's input.
  const replica = new Y.Doc();
  Y.applyUpdate(replica, g.value['state'] as Uint8Array);
  assert.equal(replica.getMap('m').get('a'), 'x');
  assert.deepEqual(replica.getArray('kv').toJSON(), [{ key: 'k', val: { deep: [true] } }]);
  const gk = await ask(msg('CrdtGet', { document: 'orders/1', name: 'kv', structure: 1, keys: ['k', 'missing'] }));
  assert.deepEqual((gk.value['entries'] as any[]).map((e) => e.key), ['k']);
  const none = await ask(msg('CrdtGet', { document: 'orders/2', name: 'm' }));
  assert.equal(none.value['found'], false);
  await system.shutdown();
  await t.dispose();
});

test('$crdt - Subscribe: Changed reaches the subscriber for its own updates, a browser session\'s, and a raw v1 update; Unsubscribe stops it', async () => {
  const { t, registry, system, ask } = await setup();
  const got: TypedMessage[] = [];
  const sub = system.root.spawnNamed(Props.fromFunc((ctx) => { if (ctx.message instanceof TypedMessage) got.push(wire(ctx.message)); }), 'go-like');
  const s = await ask(msg('CrdtSubscribe', { document: 'd', name: 'm', subscriber: { Address: 'gw:1', Id: 'go-like' }, include_update: true }));
  assert.equal(s.value['success'], true);
  await ask(msg('CrdtUpdate', { document: 'd', name: 'm', set: [{ key: 'a', value: str('1') }] }));
  await waitFor(() => got.length === 1, 2000, 'Changed from an Update');
  assert.equal(got[0]!.typeName, 'rosetta.v1.CrdtChanged');
  assert.deepEqual((got[0]!.value['entries'] as any[]).map((e) => [e.key, e.value.stringValue]), [['a', '1']]);
  assert.equal(got[0]!.value['seq'], 1);
  assert.ok((got[0]!.value['update'] as Uint8Array).length > 0);
  // A browser-like peer edits through a sync session.
  const browser = await SyncSession.open(registry, 'd', { send: () => {} });
  const peer = new Y.Doc();
  Y.applyUpdate(peer, Y.encodeStateAsUpdate(registry.get('d')!.doc));
  const ups: Uint8Array[] = [];
  peer.on('update', (u: Uint8Array) => ups.push(u));
  peer.getMap('m').delete('a');
  peer.getMap('m').set('b', 2);
  for (const u of ups) await browser.receive(updateMessage(u));
  await waitFor(() => got.length === 3, 2000, 'Changed from a session');
  assert.deepEqual(got[1]!.value['removed'], ['a']);
  assert.deepEqual((got[2]!.value['entries'] as any[]).map((e) => [e.key, e.value.numberValue]), [['b', 2]]);
  // Raw v1 bytes from a replica holder.
  const other = new Y.Doc();
  other.getMap('m').set('c', 'raw');
  const r = await ask(msg('CrdtUpdate', { document: 'd', update: Y.encodeStateAsUpdate(other) }));
  assert.equal(r.value['success'], true);
  await waitFor(() => got.length === 4, 2000, 'Changed from raw bytes');
  assert.deepEqual((got[3]!.value['entries'] as any[]).map((e) => e.key), ['c']);
  // Edits of another structure are not this subscription's business.
  await ask(msg('CrdtUpdate', { document: 'd', name: 'other', set: [{ key: 'z', value: str('z') }] }));
  const u = await ask(msg('CrdtUnsubscribe', { document: 'd', subscriber: { Address: 'gw:1', Id: 'go-like' } }));
  assert.equal(u.value['removed'], true);
  await ask(msg('CrdtUpdate', { document: 'd', name: 'm', set: [{ key: 'after', value: str('x') }] }));
  assert.equal(got.length, 4);
  browser.close();
  await system.shutdown();
  await t.dispose();
});

test('$crdt - refusals carry codes: read denied, write denied, consistency above LOCAL, malformed raw update, oversize', async () => {
  const principal = new MutablePrincipal((d) => d !== 'secret', (d) => d === 'open');
  const { t, system, ask } = await setup(principal);
  const code = (m: TypedMessage) => `${(m.value['error'] as any)?.code}/${(m.value['error'] as any)?.reason}`;
  assert.equal(code(await ask(msg('CrdtGet', { document: 'secret', name: 'm' }))), '7/read-denied');
  assert.equal(code(await ask(msg('CrdtUpdate', { document: 'closed', name: 'm', set: [{ key: 'a', value: str('1') }] }))), '7/read-only');
  assert.equal(code(await ask(msg('CrdtGet', { document: 'open', name: 'm', consistency: 1 }))), '9/consistency-unavailable');
  assert.equal(code(await ask(msg('CrdtUpdate', { document: 'open', update: Uint8Array.of(1, 200, 3) }))), '3/malformed-update');
  assert.equal(code(await ask(msg('CrdtUpdate', { document: 'open', update: new Uint8Array(2 * 1024 * 1024).fill(1) }))), '8/update-too-large');
  const s = await ask(msg('CrdtSubscribe', { document: 'secret', subscriber: { Address: 'gw:1', Id: 'x' } }));
  assert.equal(code(s), '7/read-denied');
  await system.shutdown();
  await t.dispose();
});

test('$crdt - a subscriber that stops is unsubscribed (watched)', async () => {
  const { t, registry, system, ask } = await setup();
  const sub = system.root.spawnNamed(Props.fromFunc(() => {}), 'short-lived');
  await ask(msg('CrdtSubscribe', { document: 'w', subscriber: { Address: 'gw:1', Id: 'short-lived' } }));
  assert.equal(registry.get('w')!.refs, 1);
  await system.root.stopFuture(sub);
  await waitFor(() => registry.get('w')!.refs === 0, 2000, 'subscription dropped');
  assert.ok(sub instanceof PID);
  await system.shutdown();
  await t.dispose();
});
