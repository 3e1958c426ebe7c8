// A stock Yjs peer for the JVM adapter's tests: one Y.Doc synced with a Rosetta gateway through a
// stock y-websocket 3.1 WebsocketProvider (the gateway's /yjs endpoint, token as a query parameter),
// driven by JSON lines on stdin and reporting JSON lines on stdout (dev.rosetta.testkit.YjsPeer).
//
//   node yjs-peer.mjs --url ws://127.0.0.1:8080/yjs --doc notes/1 --token <jwt> --maps items --kvs settings
//
// Out: {"event":"synced"} once the provider synced; {"event":"state","maps":{…},"kvs":{…}} after
// every change of the document (and as the answer to dump); {"event":"closed","code":…} when the
// gateway closes the socket. In: set / delete (Y.Map), kvSet / kvDelete (KvStore), dump, decode (a
// base64 v1 update applied to a fresh Y.Doc, answered with its state), makeUpdate (a base64 v1
// update of a fresh Y.Doc holding one map entry), exit. Bytes travel as {"$bytes": "<base64>"}.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { KvStore } from '../../../../dist/crdt/kv-store.js';

const { values } = parseArgs({
  options: { url: { type: 'string' }, doc: { type: 'string' }, token: { type: 'string', default: '' }, maps: { type: 'string', default: '' }, kvs: { type: 'string', default: '' } },
});
const mapNames = values.maps.split(',').filter(Boolean);
const kvNames = values.kvs.split(',').filter(Boolean);
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');

const toJson = (v) => {
  if (v instanceof Uint8Array) return { $bytes: Buffer.from(v).toString('base64') };
  if (v instanceof Y.AbstractType) return v.toJSON();
  if (Array.isArray(v)) return v.map(toJson);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)]));
  return v;
};
const fromJson = (v) => {
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && typeof v.$bytes === 'string') return new Uint8Array(Buffer.from(v.$bytes, 'base64'));
  return v;
};

/** The watched structures of `doc` as plain JSON. */
function stateOf(doc, kvs) {
  const maps = {};
  for (const n of mapNames) maps[n] = Object.fromEntries([...doc.getMap(n).entries()].map(([k, v]) => [k, toJson(v)]));
  const kvOut = {};
  for (const n of kvNames) kvOut[n] = Object.fromEntries([...kvs.get(n).entries()].map(([k, v]) => [k, toJson(v)]));
  return { maps, kvs: kvOut };
}

const doc = new Y.Doc();
const kvs = new Map(kvNames.map((n) => [n, KvStore.of(doc, n)]));
const provider = new WebsocketProvider(values.url, values.doc, doc, { WebSocketPolyfill: WebSocket, params: { token: values.token }, disableBc: true });
provider.on('sync', (synced) => { if (synced) out({ event: 'synced' }); });
provider.on('connection-close', (e) => out({ event: 'closed', code: e?.code ?? 0, reason: e?.reason ?? '' }));
doc.on('update', (_u, origin) => out({ event: 'state', origin: origin === provider ? 'remote' : 'local', ...stateOf(doc, kvs) }));

const handlers = {
  set: (c) => doc.getMap(c.map).set(c.key, fromJson(c.value)),
  delete: (c) => doc.getMap(c.map).delete(c.key),
  kvSet: (c) => kvs.get(c.kv).set(c.key, fromJson(c.value)),
  kvDelete: (c) => kvs.get(c.kv).delete(c.key),
  dump: () => out({ event: 'state', origin: 'dump', ...stateOf(doc, kvs) }),
  decode: (c) => {
    const d = new Y.Doc();
    Y.applyUpdate(d, new Uint8Array(Buffer.from(c.update, 'base64')));
    out({ event: 'decoded', ...stateOf(d, new Map(kvNames.map((n) => [n, KvStore.of(d, n)]))) });
  },
  makeUpdate: (c) => {
    const d = new Y.Doc();
    d.getMap(c.map).set(c.key, fromJson(c.value));
    out({ event: 'update-bytes', update: Buffer.from(Y.encodeStateAsUpdate(d)).toString('base64') });
  },
  exit: () => { provider.destroy(); doc.destroy(); process.exit(0); },
};

createInterface({ input: process.stdin }).on('line', (line) => {
  let c;
  try { c = JSON.parse(line); } catch { out({ event: 'error', message: 'not JSON' }); return; }
  const h = handlers[c.op];
  if (!h) { out({ event: 'error', message: `unknown op ${c.op}` }); return; }
  try { h(c); out({ event: 'done', op: c.op }); } catch (err) { out({ event: 'error', op: c.op, message: String(err?.message ?? err) }); }
}).on('close', () => { provider.destroy(); process.exit(0); });
