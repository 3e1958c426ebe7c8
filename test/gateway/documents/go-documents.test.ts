/**
 * Replicated documents across languages, end to end: a real gateway process with
 * `--auth`, real protoactor-go nodes using the Go module's Documents (the peer's
 * crdt-* commands, adapters/go/examples/peer/crdt.go) and a stock y-websocket
 * WebsocketProvider, all editing one document of tenant acme; a Go node of tenant
 * globex opens the same document name.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { KeyStore, type Permissions } from '../../../gateway/auth/index.js';
import { GatewayProcess } from '../../helpers/gateway-process.js';
import { GoPeer } from '../../helpers/go-peer.js';
import type { Event } from '../../helpers/line-process.js';
import { waitFor } from '../../helpers/wait.js';

const DOC = 'notes/1';
const WAIT = 15_000; // a busy 2-core machine: every wait is for a signal, with room to spare

const synced = (p: WebsocketProvider) => new Promise<void>((r) => { if (p.synced) r(); else p.on('sync', (s: boolean) => { if (s) r(); }); });
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('documents - Go actors and a y-websocket browser edit one document through the gateway', () => {
  let dataDir: string;
  let keys: KeyStore;
  let gw: GatewayProcess;
  /** acme's writer, acme's read-only node, globex's node. */
  let goAcme: GoPeer, goReader: GoPeer, goGlobex: GoPeer;
  let browserDoc: Y.Doc;
  let browser: WebsocketProvider;

  const token = (tenant: string, subject: string, permissions?: Permissions) =>
    keys.issue({ tenant, subject, ttlSeconds: 600, ...(permissions ? { permissions } : {}) });

  /** One crdt-* command; resolves with its result event (or its crdt-error). */
  const crdt = (peer: GoPeer, command: Record<string, unknown>): Promise<Event> =>
    peer.call({ address: gw.address, document: DOC, ...command }, (e) => ['crdt-updated', 'crdt-got', 'crdt-state', 'crdt-subscribed', 'crdt-unsubscribed', 'crdt-error'].includes(e['event'] as string), WAIT);
  const changed = (peer: GoPeer, id: string, pred: (e: Event) => boolean, what: string) =>
    peer.next((e) => e['event'] === 'crdt-changed' && e['id'] === id && pred(e), WAIT, what);

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rosetta-go-docs-'));
    keys = await new KeyStore(dataDir).open();
    gw = await GatewayProcess.start(['--auth', '--data-dir', dataDir]);
    [goAcme, goReader, goGlobex] = await Promise.all([
      GoPeer.start('v2025', ['--token', await token('acme', 'go-writer')]),
      GoPeer.start('v2025', ['--token', await token('acme', 'go-reader', { crdtWrite: { deny: ['>'] } })]),
      GoPeer.start('v2025', ['--token', await token('globex', 'go-node')]),
    ]);
    browserDoc = new Y.Doc();
    browser = new WebsocketProvider(`${gw.wsUrl}/yjs`, DOC, browserDoc, {
      WebSocketPolyfill: WebSocket as any, params: { token: await token('acme', 'browser') }, disableBc: true,
    });
    await synced(browser);
  });
  after(async () => {
    browser?.destroy();
    browserDoc?.destroy();
    await Promise.all([goAcme?.exit(), goReader?.exit(), goGlobex?.exit()]);
    await gw?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('a Go Set is acknowledged once durable and the browser\'s Y.Doc sees it in getMap', async () => {
    const r = await crdt(goAcme, { op: 'crdt-set', name: 'meta', values: { title: 'from go', n: 3, tags: ['a', 'b'], nested: { ok: true } } });
    assert.deepEqual(r, { event: 'crdt-updated', op: 'crdt-set' });
    const meta = browserDoc.getMap('meta');
    await waitFor(() => meta.get('title') === 'from go' && meta.has('nested'), WAIT, 'the Go edit in the browser');
    assert.deepEqual(meta.toJSON(), { title: 'from go', n: 3, tags: ['a', 'b'], nested: { ok: true } });
  });

  test('a browser edit reaches Go\'s subscription as CrdtChanged, in order, and Go\'s Get returns it', async () => {
    assert.deepEqual(await crdt(goAcme, { op: 'crdt-subscribe', name: 'meta', id: 'watcher' }), { event: 'crdt-subscribed', id: 'watcher' });
    browserDoc.getMap('meta').set('from-browser', { x: 1 });
    const first = await changed(goAcme, 'watcher', (e) => 'from-browser' in (e['entries'] as object), 'the browser edit in Go');
    assert.deepEqual(first, { event: 'crdt-changed', id: 'watcher', document: DOC, name: 'meta', entries: { 'from-browser': { x: 1 } }, removed: [], seq: 1, update: '' });
    browserDoc.getMap('meta').delete('n');
    const second = await changed(goAcme, 'watcher', (e) => (e['removed'] as string[]).includes('n'), 'the browser delete in Go');
    assert.equal(second['seq'], 2);
    assert.deepEqual(second['entries'], {});
    const got = await crdt(goAcme, { op: 'crdt-get', name: 'meta' });
    assert.deepEqual(got, { event: 'crdt-got', entries: { title: 'from go', tags: ['a', 'b'], nested: { ok: true }, 'from-browser': { x: 1 } } });
    const some = await crdt(goAcme, { op: 'crdt-get', name: 'meta', keys: ['title', 'missing'] });
    assert.deepEqual(some['entries'], { title: 'from go' });
  });

  test('a Go Delete removes the key in the browser and Go\'s own subscription hears it', async () => {
    assert.deepEqual(await crdt(goAcme, { op: 'crdt-delete', name: 'meta', keys: ['tags'] }), { event: 'crdt-updated', op: 'crdt-delete' });
    await changed(goAcme, 'watcher', (e) => (e['removed'] as string[]).includes('tags'), 'the Go delete in Go\'s subscription');
    await waitFor(() => !browserDoc.getMap('meta').has('tags'), WAIT, 'the Go delete in the browser');
  });

  test('KV: Go\'s overwrites leave one entry per key in the browser\'s Y.Array, the last one', async () => {
    for (const visits of [1, 2, 3]) {
      assert.deepEqual(await crdt(goAcme, { op: 'crdt-set', name: 'counts', structure: 'kv', values: { visits, [`k${visits}`]: 'v' } }), { event: 'crdt-updated', op: 'crdt-set' });
    }
    const counts = browserDoc.getArray<{ key: string; val: unknown }>('counts');
    await waitFor(() => counts.toArray().some((e) => e.key === 'visits' && e.val === 3), WAIT, 'the last KV write in the browser');
    const entries = counts.toArray().map((e) => [e.key, e.val]).sort();
    assert.deepEqual(entries, [['k1', 'v'], ['k2', 'v'], ['k3', 'v'], ['visits', 3]]);
    assert.deepEqual((await crdt(goAcme, { op: 'crdt-get', name: 'counts', structure: 'kv', keys: ['visits'] }))['entries'], { visits: 3 });
  });

  test('raw Yjs v1 bytes: Go applies an update the browser then holds, and Go\'s State rebuilds the browser\'s document', async () => {
    const source = new Y.Doc();
    source.getText('body').insert(0, 'written by a replica Go holds');
    assert.deepEqual(await crdt(goAcme, { op: 'crdt-apply', update: b64(Y.encodeStateAsUpdate(source)) }), { event: 'crdt-updated', op: 'crdt-apply' });
    await waitFor(() => browserDoc.getText('body').toString() === 'written by a replica Go holds', WAIT, 'the applied update in the browser');
    const state = await crdt(goAcme, { op: 'crdt-state' });
    const rebuilt = new Y.Doc();
    Y.applyUpdate(rebuilt, Buffer.from(state['state'] as string, 'base64'));
    assert.deepEqual(rebuilt.getMap('meta').toJSON(), browserDoc.getMap('meta').toJSON());
    assert.equal(rebuilt.getText('body').toString(), 'written by a replica Go holds');
    const garbage = await crdt(goAcme, { op: 'crdt-apply', update: b64(new Uint8Array([0xff, 0xff, 0xff])) });
    assert.equal(garbage['event'], 'crdt-error');
    assert.equal(garbage['code'], 3);
    assert.equal(garbage['reason'], 'malformed-update');
  });

  test('a read-only token: Go\'s Set fails PERMISSION_DENIED read-only and changes nothing; its Get still reads', async () => {
    const refused = await crdt(goReader, { op: 'crdt-set', name: 'meta', values: { title: 'overwritten' } });
    assert.equal(refused['event'], 'crdt-error');
    assert.equal(refused['code'], 7);
    assert.equal(refused['reason'], 'read-only');
    const deleteRefused = await crdt(goReader, { op: 'crdt-delete', name: 'meta', keys: ['title'] });
    assert.equal(deleteRefused['reason'], 'read-only');
    // Refusals are answered before anything is applied: what anyone reads now is unchanged.
    assert.deepEqual((await crdt(goReader, { op: 'crdt-get', name: 'meta', keys: ['title'] }))['entries'], { title: 'from go' });
    assert.equal(browserDoc.getMap('meta').get('title'), 'from go');
  });

  test('another tenant\'s Go node sees none of the document and its changes stay in its own', async () => {
    assert.deepEqual(await crdt(goGlobex, { op: 'crdt-get', name: 'meta' }), { event: 'crdt-got', entries: {} });
    const state = await crdt(goGlobex, { op: 'crdt-state' });
    const theirs = new Y.Doc();
    Y.applyUpdate(theirs, Buffer.from(state['state'] as string, 'base64'));
    assert.equal(theirs.getMap('meta').size, 0);
    assert.equal(theirs.getText('body').toString(), '');
    assert.deepEqual(await crdt(goGlobex, { op: 'crdt-subscribe', name: 'meta', id: 'globex-watcher' }), { event: 'crdt-subscribed', id: 'globex-watcher' });
    // acme changes its document (Go's acme subscription hears it) …
    browserDoc.getMap('meta').set('after-globex-subscribed', 1);
    await changed(goAcme, 'watcher', (e) => 'after-globex-subscribed' in (e['entries'] as object), 'the acme change in acme');
    // … then globex changes its own: the first change globex's subscription hears is its own.
    assert.deepEqual(await crdt(goGlobex, { op: 'crdt-set', name: 'meta', values: { 'globex-own': true } }), { event: 'crdt-updated', op: 'crdt-set' });
    const first = await changed(goGlobex, 'globex-watcher', () => true, 'globex\'s own change');
    assert.deepEqual([first['seq'], first['entries'], first['removed']], [1, { 'globex-own': true }, []]);
    assert.deepEqual((await crdt(goAcme, { op: 'crdt-get', name: 'meta', keys: ['globex-own'] }))['entries'], {});
    assert.equal(browserDoc.getMap('meta').has('globex-own'), false);
  });

  test('a subscriber PID at another address is refused foreign-sender (a dead letter to Go) and hears nothing', async () => {
    const stolen = await crdt(goAcme, { op: 'crdt-subscribe', name: 'meta', id: 'globex-watcher', subscriberAddress: goGlobex.address });
    assert.deepEqual(stolen, { event: 'crdt-error', op: 'crdt-subscribe', error: 'dead-letter' });
    await gw.waitStderr(/"msg":"envelope refused"[^\n]*"tenant":"acme"[^\n]*"target":"\$crdt"[^\n]*"code":"INVALID_ARGUMENT","reason":"foreign-sender"/, WAIT);
    // acme changes; acme's own subscriber hears it; the other node's actor then hears only its own tenant.
    browserDoc.getMap('meta').set('after-stolen-subscribe', 1);
    await changed(goAcme, 'watcher', (e) => 'after-stolen-subscribe' in (e['entries'] as object), 'the acme change in acme');
    assert.deepEqual(await crdt(goGlobex, { op: 'crdt-set', name: 'meta', values: { 'globex-marker': 1 } }), { event: 'crdt-updated', op: 'crdt-set' });
    const next = await changed(goGlobex, 'globex-watcher', () => true, 'globex\'s marker');
    assert.deepEqual([next['seq'], next['entries']], [2, { 'globex-marker': 1 }]);
    assert.equal(goGlobex.events.some((e) => e['event'] === 'crdt-changed' && 'after-stolen-subscribe' in (e['entries'] as object)), false);
  });

  test('Unsubscribe: Go stops hearing changes of the document', async () => {
    assert.deepEqual(await crdt(goAcme, { op: 'crdt-unsubscribe', id: 'watcher' }), { event: 'crdt-unsubscribed', removed: true });
    assert.deepEqual(await crdt(goAcme, { op: 'crdt-unsubscribe', id: 'watcher' }), { event: 'crdt-unsubscribed', removed: false });
    // The same actor now watches another document; a subscriber that stays on this one sees the next change.
    assert.deepEqual(await crdt(goAcme, { op: 'crdt-subscribe', document: 'notes/2', name: 'meta', id: 'watcher' }), { event: 'crdt-subscribed', id: 'watcher' });
    assert.deepEqual(await crdt(goAcme, { op: 'crdt-subscribe', name: 'meta', id: 'late' }), { event: 'crdt-subscribed', id: 'late' });
    browserDoc.getMap('meta').set('after-unsubscribe', 1);
    await changed(goAcme, 'late', (e) => 'after-unsubscribe' in (e['entries'] as object), 'the change in the subscriber that stayed');
    // One actor, one stream: had it still been subscribed, the change above would reach it before this one.
    assert.deepEqual(await crdt(goAcme, { op: 'crdt-set', document: 'notes/2', name: 'meta', values: { other: 1 } }), { event: 'crdt-updated', op: 'crdt-set' });
    const next = await changed(goAcme, 'watcher', (e) => e['document'] === 'notes/2', 'the other document\'s change');
    assert.deepEqual([next['seq'], next['entries']], [1, { other: 1 }]);
    const heard = goAcme.events.filter((e) => e['event'] === 'crdt-changed' && e['id'] === 'watcher' && 'after-unsubscribe' in (e['entries'] as object));
    assert.deepEqual(heard, []);
  });
});
