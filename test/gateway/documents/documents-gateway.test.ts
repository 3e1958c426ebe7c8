/**
 * Replicated documents through a real gateway process (`rosetta dev --auth`): a
 * stock y-websocket provider (no Rosetta code), the client's SyncedDocuments over
 * its session, the example TS actor `board/<id>` (replicated state) and `$crdt`
 * (what Go and JVM actors use) all edit one document and converge; the token's
 * document scopes, tenant isolation, the update bound and revocation hold with
 * exact codes; the token a stock provider puts in its URL is never logged.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { RosettaClient, type RosettaError } from '../../../adapters/ts/index.js';
import { SyncedDocuments } from '../../../adapters/ts/documents.js';
import { KeyStore, type Permissions } from '../../../gateway/auth/index.js';
import { GatewayProcess } from '../../helpers/gateway-process.js';
import { waitFor } from '../../helpers/wait.js';

const bin = fileURLToPath(new URL('../../../../bin/rosetta.mjs', import.meta.url));
const MSGPACK = 32;

const synced = (p: WebsocketProvider) => new Promise<void>((r) => { if (p.synced) r(); else p.on('sync', (s: boolean) => { if (s) r(); }); });
const closedWith = (p: WebsocketProvider) => new Promise<{ code: number; reason: string }>((r) => p.on('connection-close', (e: { code: number; reason: string } | null) => r({ code: e?.code ?? 0, reason: e?.reason ?? '' })));

describe('documents - through a real gateway process', () => {
  let dataDir: string;
  let gw: GatewayProcess;
  let keys: KeyStore;
  const open: { destroy(): void }[] = [];
  const clients: RosettaClient[] = [];

  const token = (tenant: string, permissions?: Permissions, subject = 'alice') => keys.issue({ tenant, subject, ttlSeconds: 600, ...(permissions ? { permissions } : {}) });
  /** A stock provider: the room in the path, the token in `params` — all it can do. */
  const provider = (doc: string, ydoc: Y.Doc, t: string) => {
    const p = new WebsocketProvider(`${gw.wsUrl}/yjs`, doc, ydoc, { WebSocketPolyfill: WebSocket as any, params: { token: t }, disableBc: true });
    open.push(p);
    return p;
  };
  const client = async (t: string) => {
    const c = await RosettaClient.connect({ url: gw.wsUrl, token: t, WebSocket: WebSocket as any, reconnect: false });
    clients.push(c);
    return c;
  };
  const crdt = (c: RosettaClient, type: string, value: Record<string, unknown>) =>
    c.request<{ value: Record<string, any> }>({ id: '$crdt' }, { typeName: `rosetta.v1.${type}`, value, serializerId: MSGPACK }).then((r) => r.value);
  const entriesOf = (r: Record<string, any>) => Object.fromEntries((r['entries'] as any[]).map((e) => [e.key, e.value?.stringValue ?? e.value?.string_value]));

  /** What stock providers print (their only way to show a refusal, URL and token included): kept, not printed. */
  const warnings: string[] = [];
  const warn = console.warn;

  before(async () => {
    console.warn = (...args: unknown[]) => { warnings.push(args.join(' ')); };
    dataDir = mkdtempSync(join(tmpdir(), 'rosetta-docs-'));
    keys = await new KeyStore(dataDir).open();
    gw = await GatewayProcess.start(['--auth', '--data-dir', dataDir]);
  });

  after(async () => {
    for (const p of open) p.destroy();
    for (const c of clients) c.close();
    gw.child.kill('SIGTERM');
    await gw.exited;
    console.warn = warn;
  });

  test('a stock y-websocket provider, the client\'s SyncedDocuments, a TS actor with replicated state and $crdt edit one document and converge', async () => {
    const t = await token('acme');
    const a = new Y.Doc();
    const p = provider('board/1', a, t);
    const c = await client(t);
    const b = new SyncedDocuments(c).open('board/1');
    await Promise.all([synced(p), b.synced]);

    a.getMap('entries').set('from-y-websocket', 'y');
    b.doc.getMap('entries').set('from-client', 'c');
    await b.flushed();
    assert.equal(await c.request({ id: 'board/1' }, 'set from-actor x'), 'ok');
    const up = await crdt(c, 'CrdtUpdate', { document: 'board/1', name: 'entries', set: [{ key: 'from-crdt', value: { stringValue: 'z' } }], request_id: 5 });
    assert.equal(up['success'], true);
    assert.equal(up['request_id'], 5);

    const want = { 'from-y-websocket': 'y', 'from-client': 'c', 'from-actor': 'x', 'from-crdt': 'z' };
    const converged = (d: Y.Doc) => JSON.stringify(Object.entries(d.getMap('entries').toJSON()).sort()) === JSON.stringify(Object.entries(want).sort());
    await waitFor(() => converged(a) && converged(b.doc), 10_000, 'both replicas to hold every edit');
    assert.deepEqual(JSON.parse(await c.request<string>({ id: 'board/1' }, 'entries')), a.getMap('entries').toJSON());
    assert.deepEqual(entriesOf(await crdt(c, 'CrdtGet', { document: 'board/1', name: 'entries' })), want);
    // Identical documents, not just identical maps: each replica lacks nothing of the other.
    assert.deepEqual(Y.encodeStateVector(a), Y.encodeStateVector(b.doc));
  });

  test('a read-only token: writes are refused PERMISSION_DENIED read-only on all three paths, the peers are told, nothing is applied, reading still works', async () => {
    const rw = await token('acme');
    const ro = await token('acme', { crdtWrite: { deny: ['>'] } }, 'reader');
    const owner = await client(rw);
    const ownerDoc = new SyncedDocuments(owner).open('ro/1');
    await ownerDoc.synced;
    ownerDoc.doc.getMap('m').set('seed', 1);
    await ownerDoc.flushed();

    // The stock provider is told with y-protocols' permission-denied message (what it can show).
    const y = new Y.Doc();
    const p = provider('ro/1', y, ro);
    await synced(p);
    assert.equal(y.getMap('m').get('seed'), 1, 'a reader syncs');
    y.getMap('m').set('sneaky-y', 1);
    await waitFor(() => warnings.some((w) => w.includes('Permission denied') && w.includes('/yjs/ro/1') && w.includes('read-only')), 10_000, 'the provider to be told read-only');

    const reader = await client(ro);
    const mine = new SyncedDocuments(reader).open('ro/1');
    await mine.synced;
    const refused: RosettaError[] = [];
    mine.onRefused((e) => refused.push(e));
    mine.doc.getMap('m').set('sneaky-mux', 1);
    await mine.flushed();
    assert.deepEqual(refused.map((e) => `${e.code}/${e.reason}`), ['PERMISSION_DENIED/read-only']);

    const r = await crdt(reader, 'CrdtUpdate', { document: 'ro/1', name: 'm', set: [{ key: 'sneaky-crdt', value: { numberValue: 1 } }] });
    assert.equal(r['success'], false);
    assert.equal(`${r['error'].code}/${r['error'].reason}`, '7/read-only');

    // Nothing of it reached the document: its owner's fresh read has the seed only.
    const g = await crdt(owner, 'CrdtGet', { document: 'ro/1', name: 'm' });
    assert.deepEqual((g['entries'] as any[]).map((e) => e.key), ['seed']);
  });

  test('read permission: a y-websocket connection to a document the token may not read is closed 4406 (read-denied); the session\'s OPEN is answered CLOSE read-denied', async () => {
    const t = await token('acme', { crdtRead: { allow: ['public/>'] } }, 'limited');
    const p = provider('private/1', new Y.Doc(), t);
    const closed = await closedWith(p);
    assert.equal(closed.code, 4406);
    p.shouldConnect = false;
    const c = await client(t);
    const d = new SyncedDocuments(c).open('private/1');
    const reason = await d.closed;
    assert.equal(`${reason?.code}/${reason?.reason}`, 'PERMISSION_DENIED/read-denied');
    const ok = new SyncedDocuments(c).open('public/1');
    await ok.synced;
  });

  test('tenants are isolated: the same document name in another tenant is another document, both ways', async () => {
    const acme = await client(await token('acme'));
    const globex = await client(await token('globex'));
    const mine = new SyncedDocuments(acme).open('shared-name');
    const theirs = new SyncedDocuments(globex).open('shared-name');
    await Promise.all([mine.synced, theirs.synced]);
    mine.doc.getMap('m').set('acme-secret', 1);
    theirs.doc.getMap('m').set('globex-secret', 2);
    await Promise.all([mine.flushed(), theirs.flushed()]);
    // A later reader of each tenant sees its own tenant's edit only.
    const y = new Y.Doc();
    const p = provider('shared-name', y, await token('globex'));
    await synced(p);
    assert.deepEqual(y.getMap('m').toJSON(), { 'globex-secret': 2 });
    assert.deepEqual(mine.doc.getMap('m').toJSON(), { 'acme-secret': 1 });
    const g = await crdt(acme, 'CrdtGet', { document: 'shared-name', name: 'm' });
    assert.deepEqual((g['entries'] as any[]).map((e) => e.key), ['acme-secret']);
  });

  test('an update over the 1 MiB bound is refused RESOURCE_EXHAUSTED update-too-large; the connection stays and later writes apply', async () => {
    const c = await client(await token('acme'));
    const d = new SyncedDocuments(c).open('big/1');
    await d.synced;
    const refused: RosettaError[] = [];
    d.onRefused((e) => refused.push(e));
    d.doc.getText('t').insert(0, 'x'.repeat(1_200_000));
    await d.flushed();
    assert.deepEqual(refused.map((e) => `${e.code}/${e.reason}`), ['RESOURCE_EXHAUSTED/update-too-large']);
    const other = new SyncedDocuments(c).open('big/2');
    await other.synced;
    other.doc.getMap('m').set('small', 1);
    await other.flushed();
    const g = await crdt(c, 'CrdtGet', { document: 'big/1', name: 't' });
    assert.equal(g['found'], false, 'the oversize update never reached the document');
  });

  test('revocation closes an open y-websocket document connection (4401) and ends a session carrying documents', async () => {
    const created = JSON.parse(execFileSync(process.execPath, [bin, 'token', 'create', '--tenant', 'acme', '--sub', 'revoked-one', '--ttl', '10m', '--json', '--data-dir', dataDir], { encoding: 'utf8' })) as { token: string };
    const p = provider('rev/1', new Y.Doc(), created.token);
    await synced(p);
    const c = await client(created.token);
    const d = new SyncedDocuments(c).open('rev/1');
    await d.synced;
    const yClosed = closedWith(p);
    execFileSync(process.execPath, [bin, 'revoke', '--token', created.token, '--data-dir', dataDir]);
    assert.equal((await yClosed).code, 4401);
    p.shouldConnect = false;
    assert.ok((await c.closed) instanceof Error);
  });

  test('a bad token on the y-websocket endpoint is closed 4401, and no token from a document URL appears in the gateway\'s logs', async () => {
    const p = provider('any/1', new Y.Doc(), 'not-a-token');
    assert.equal((await closedWith(p)).code, 4401);
    p.shouldConnect = false;
    const good = await token('acme', { crdtRead: { deny: ['secret/>'] } }, 'logged');
    const q = provider('secret/1', new Y.Doc(), good);
    assert.equal((await closedWith(q)).code, 4406);
    q.shouldConnect = false;
    await gw.waitStderr(/read-denied/, 10_000);
    assert.ok(!gw.stderr.includes(good), 'the token must never be logged');
    assert.ok(!gw.stderr.includes('not-a-token'));
    assert.ok(!JSON.stringify(gw.events).includes(good));
  });
});
