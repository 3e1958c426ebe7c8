import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeStockProvider, openStockProvider, stockProviderSynced } from '../helpers/stock-provider.js';
import * as Y from 'yjs';
import { MutablePrincipal, type CrdtRefusal } from '../../crdt/index.js';
import { CrdtWsServer } from '../helpers/crdt-ws-server.js';
import { waitFor } from '../helpers/wait.js';
import { tempStore } from './helpers.js';

const provider = openStockProvider;
const synced = stockProviderSynced;

test('y-websocket - two stock WebsocketProviders sync through sync sessions over a real ws server, and the state is durable', async () => {
  const t = tempStore();
  const registry = t.registry();
  const server = new CrdtWsServer({ registry });
  const url = await server.url;
  const a = new Y.Doc(), b = new Y.Doc();
  const pa = provider(url, 'room/1', a, 'x'), pb = provider(url, 'room/1', b, 'x');
  try {
    await Promise.all([synced(pa), synced(pb)]);
    a.getText('t').insert(0, 'hello ');
    b.getMap('m').set('from-b', 42);
    await waitFor(() => b.getText('t').toString() === 'hello ' && a.getMap('m').get('from-b') === 42, 5000, 'edits to cross');
    // Awareness flows through the server too.
    pa.awareness.setLocalStateField('user', 'alice');
    await waitFor(() => [...pb.awareness.getStates().values()].some((s) => s['user'] === 'alice'), 5000, 'awareness');
    // A late joiner gets everything from the server's step 2.
    const c = new Y.Doc();
    const pc = provider(url, 'room/1', c, 'x');
    await synced(pc);
    await waitFor(() => c.getText('t').toString() === 'hello ' && c.getMap('m').get('from-b') === 42, 5000, 'late joiner');
    closeStockProvider(pc); c.destroy();
    await registry.get('room/1')!.flushed();
    const stored = t.store.log('t1', 'room/1').load();
    const d = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(d, stored.snapshot);
    for (const u of stored.updates) Y.applyUpdate(d, u);
    assert.equal(d.getText('t').toString(), 'hello ');
    assert.equal(d.getMap('m').get('from-b'), 42);
  } finally {
    closeStockProvider(pa); closeStockProvider(pb); a.destroy(); b.destroy();
    await server.close();
    await t.dispose();
  }
});

test('y-websocket - a read-only token: its edits are refused PERMISSION_DENIED read-only, it is told, and it still receives edits', async () => {
  const t = tempStore();
  const registry = t.registry();
  const refusals: string[] = [];
  const server = new CrdtWsServer({
    registry,
    principalFor: (token) => (token === 'rw' ? new MutablePrincipal() : token === 'ro' ? new MutablePrincipal(() => true, () => false) : undefined),
    onRefused: (doc, err: CrdtRefusal) => refusals.push(`${doc}:${err.code}:${err.reason}`),
  });
  const url = await server.url;
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => { warnings.push(args.join(' ')); };
  const w = new Y.Doc(), r = new Y.Doc();
  const pw = provider(url, 'doc', w, 'rw'), pr = provider(url, 'doc', r, 'ro');
  try {
    await Promise.all([synced(pw), synced(pr)]);
    r.getMap('m').set('sneaky', 1);
    await waitFor(() => refusals.length > 0, 5000, 'refusal');
    assert.deepEqual(refusals, ['doc:PERMISSION_DENIED:read-only']);
    await waitFor(() => warnings.some((m) => m.includes('Permission denied') && m.includes('read-only')), 5000, 'the provider to be told');
    w.getMap('m').set('ok', 1);
    await waitFor(() => r.getMap('m').get('ok') === 1, 5000, 'reader receives');
    assert.equal(registry.get('doc')!.doc.getMap('m').get('sneaky'), undefined);
    assert.equal(w.getMap('m').get('sneaky'), undefined);
  } finally {
    console.warn = warn;
    closeStockProvider(pw); closeStockProvider(pr); w.destroy(); r.destroy();
    await server.close();
    await t.dispose();
  }
});
