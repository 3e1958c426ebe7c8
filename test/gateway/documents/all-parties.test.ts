/**
 * One document, every kind of party, through one real gateway (`rosetta dev
 * --auth`): a stock y-websocket provider, the TS client's SyncedDocuments, the
 * example TS actor `board/<id>` (replicated state), a real protoactor-go program
 * (the Go module's Documents) and a real JVM program (the JVM adapter's
 * Documents) write concurrently to the map `entries` of `board/all`; each ends
 * with the same entries, and the Go and JVM subscribers heard every key.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { RosettaClient } from '../../../adapters/ts/index.js';
import { SyncedDocuments } from '../../../adapters/ts/documents.js';
import { KeyStore } from '../../../gateway/auth/index.js';
import { GatewayProcess } from '../../helpers/gateway-process.js';
import { GoPeer } from '../../helpers/go-peer.js';
import { LineProcess, type Event } from '../../helpers/line-process.js';
import { waitFor } from '../../helpers/wait.js';

const DOC = 'board/all';
const MAP = 'entries';
const WAIT = 30_000; // a busy 2-core machine: every wait is for a signal
const PER_PARTY = 12;
const jvmPeer = fileURLToPath(new URL('../../../../adapters/jvm/rosetta-jvm-peer/documents-peer.sh', import.meta.url));

let gw: GatewayProcess;
let keys: KeyStore;
let go: GoPeer;
let jvm: LineProcess;
let client: RosettaClient;
let provider: WebsocketProvider;

const token = (subject: string) => keys.issue({ tenant: 'acme', subject, ttlSeconds: 600 });

before(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rosetta-all-parties-'));
  keys = await new KeyStore(dataDir).open();
  gw = await GatewayProcess.start(['--auth', '--data-dir', dataDir]);
  go = await GoPeer.start('v2025', ['--token', await token('go')]);
  jvm = new LineProcess('bash', [jvmPeer, '--gateway', gw.address, '--token', await token('jvm'), '--member-id', 'jvm-all']);
  await jvm.next((e) => e['event'] === 'ready', 180_000, 'the JVM peer (built on first use)');
});

after(async () => {
  provider?.destroy();
  client?.close();
  jvm?.send({ op: 'exit' });
  await jvm?.exited;
  await go?.exit();
  await gw?.stop();
});

test('documents - a stock y-websocket provider, the TS client, a TS actor, a Go program and a JVM program edit one document concurrently and converge', async () => {
  const yDoc = new Y.Doc();
  provider = new WebsocketProvider(`${gw.wsUrl}/yjs`, DOC, yDoc, { WebSocketPolyfill: WebSocket as any, params: { token: await token('browser') }, disableBc: true });
  client = await RosettaClient.connect({ url: gw.wsUrl, token: await token('client'), WebSocket: WebSocket as any, reconnect: false });
  const synced = new SyncedDocuments(client).open(DOC);
  await Promise.all([synced.synced, new Promise<void>((r) => { if (provider.synced) r(); else provider.on('sync', (s: boolean) => { if (s) r(); }); })]);

  // Go and the JVM subscribe first: they must hear every key, whoever writes it.
  const goSub = await go.call({ op: 'crdt-subscribe', address: gw.address, document: DOC, name: MAP, structure: 'map', id: 'all-watcher' }, (e) => e['event'] === 'crdt-subscribed' || e['event'] === 'crdt-error', WAIT);
  assert.equal(goSub['event'], 'crdt-subscribed', JSON.stringify(goSub));
  jvm.send({ op: 'subscribe', id: 'sub', doc: DOC, name: MAP, structure: 'map' });
  const jvmSub = await jvm.next((e) => e['id'] === 'sub', WAIT, 'JVM subscribed');
  assert.equal(jvmSub['event'], 'subscribed', JSON.stringify(jvmSub));

  // Everyone writes at once; writes of one party to one key race another party's to the same key.
  const writes: Promise<unknown>[] = [];
  for (let i = 0; i < PER_PARTY; i++) {
    yDoc.getMap(MAP).set(`y-websocket-${i}`, `y${i}`);
    synced.doc.getMap(MAP).set(`client-${i}`, `c${i}`);
    writes.push(client.request({ id: DOC }, `set actor-${i} a${i}`, { timeoutMs: WAIT }));
    writes.push(go.call({ op: 'crdt-set', address: gw.address, document: DOC, name: MAP, structure: 'map', values: { [`go-${i}`]: `g${i}` } }, (e) => (e['event'] === 'crdt-updated' || e['event'] === 'crdt-error') && true, WAIT)
      .then((e) => assert.equal(e['event'], 'crdt-updated', JSON.stringify(e))));
    jvm.send({ op: 'set', id: `set-${i}`, doc: DOC, name: MAP, structure: 'map', key: `jvm-${i}`, value: `j${i}` });
    writes.push(jvm.next((e) => e['id'] === `set-${i}`, WAIT, `JVM set ${i}`).then((e) => assert.equal(e['event'], 'ok', JSON.stringify(e))));
    synced.doc.getMap(MAP).set('contested', `client-${i}`);
    yDoc.getMap(MAP).set('contested', `y-websocket-${i}`);
  }
  await Promise.all([...writes, synced.flushed()]);

  const parties = ['y-websocket', 'client', 'actor', 'go', 'jvm'];
  const expectedKeys = [...parties.flatMap((p) => Array.from({ length: PER_PARTY }, (_, i) => `${p}-${i}`)), 'contested'].sort();
  const keysOf = (m: Record<string, unknown>) => Object.keys(m).sort();
  await waitFor(() => keysOf(yDoc.getMap(MAP).toJSON()).join() === expectedKeys.join() && keysOf(synced.doc.getMap(MAP).toJSON()).join() === expectedKeys.join(), WAIT, 'both Yjs replicas to hold every key');

  // Every replica and every reader agrees on every value, including the contested key.
  const reference = yDoc.getMap(MAP).toJSON();
  assert.deepEqual(synced.doc.getMap(MAP).toJSON(), reference);
  assert.deepEqual(Y.encodeStateVector(synced.doc), Y.encodeStateVector(yDoc));
  assert.deepEqual(JSON.parse(await client.request<string>({ id: DOC }, 'entries', { timeoutMs: WAIT })), reference);
  const fromGo = await go.call({ op: 'crdt-get', address: gw.address, document: DOC, name: MAP, structure: 'map' }, (e) => e['event'] === 'crdt-got' || e['event'] === 'crdt-error', WAIT);
  assert.deepEqual(fromGo['entries'], reference);
  jvm.send({ op: 'get', id: 'get', doc: DOC, name: MAP, structure: 'map' });
  const fromJvm = await jvm.next((e) => e['id'] === 'get', WAIT, 'JVM get');
  assert.deepEqual(fromJvm['values'], reference);

  // The subscribers heard every key (changes may arrive merged; what counts is that none was missed).
  const heard = (events: Event[], entriesField: string) => new Set(events.flatMap((e) => Object.keys((e[entriesField] as Record<string, unknown>) ?? {})));
  await waitFor(() => expectedKeys.every((k) => heard(go.events.filter((e) => e['event'] === 'crdt-changed' && e['id'] === 'all-watcher'), 'entries').has(k)), WAIT, 'the Go subscriber to hear every key');
  await waitFor(() => expectedKeys.every((k) => heard(jvm.events.filter((e) => e['event'] === 'changed'), 'entries').has(k)), WAIT, 'the JVM subscriber to hear every key');
});
