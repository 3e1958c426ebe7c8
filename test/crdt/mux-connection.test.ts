import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { MuxConnection, MutablePrincipal, decodeMuxFrame, encodeMuxFrame, type DocumentRegistry, type MuxFrame } from '../../crdt/index.js';
import { waitFor } from '../helpers/wait.js';
import { tempStore } from './helpers.js';
import { SimClient, updateMessage } from './sim-client.js';

function connect(registry: DocumentRegistry, principal = new MutablePrincipal()) {
  const frames: MuxFrame[] = [];
  const clients = new Map<string, SimClient>();
  const writes = new Map<string, number>();
  const mux: MuxConnection = new MuxConnection(registry, {
    principal,
    send: (b) => {
      const f = decodeMuxFrame(b);
      frames.push(f);
      if (f.kind === 'message') clients.get(f.document)?.receive(f.message);
    },
  });
  const open = (doc: string, id: number) => {
    const c = new SimClient(id);
    clients.set(doc, c);
    c.send = (m) => {
      if (m[0] === 0 && m[1] !== 0) writes.set(doc, (writes.get(doc) ?? 0) + 1); // step 2 or update
      void mux.receive(encodeMuxFrame({ kind: 'message', document: doc, message: m }));
    };
    void mux.receive(encodeMuxFrame({ kind: 'open', document: doc }));
    c.hello();
    return c;
  };
  return { mux, frames, open, principal, writes };
}

test('mux - many documents over one connection: each syncs, writes are acked per document in order once durable', async () => {
  const t = tempStore();
  const registry = t.registry();
  const a = connect(registry), b = connect(registry);
  const docs = ['d/0', 'd/1', 'd/2', 'd/3'];
  const ca = docs.map((d, i) => a.open(d, 10 + i));
  const cb = docs.map((d, i) => b.open(d, 20 + i));
  docs.forEach((d, i) => ca[i]!.doc.getText('t').insert(0, `hello ${d}`));
  await waitFor(() => docs.every((d, i) => cb[i]!.doc.getText('t').toString() === `hello ${d}`), 3000, 'documents to sync');
  const acksOf = (d: string) => a.frames.filter((f) => f.kind === 'ack' && f.document === d).map((f) => (f as { count: number }).count);
  await waitFor(() => docs.every((d) => acksOf(d).at(-1) === a.writes.get(d)), 3000, 'every write acked');
  for (const d of docs) {
    const acks = acksOf(d);
    assert.ok(a.writes.get(d)! >= 2 && acks.every((n, i) => i === 0 || n > acks[i - 1]!), `${d}: acks ${acks} for ${a.writes.get(d)} writes`);
  }
  assert.equal(a.frames.filter((f) => f.kind === 'error').length, 0);
  // Leaving a document stops its traffic; the others continue.
  void a.mux.receive(encodeMuxFrame({ kind: 'close', document: 'd/0' }));
  const before = a.frames.length;
  cb[0]!.doc.getText('t').insert(0, 'x');
  cb[1]!.doc.getText('t').insert(0, 'y');
  await waitFor(() => ca[1]!.doc.getText('t').toString().startsWith('y'), 2000, 'd/1 still flows');
  assert.ok(a.frames.slice(before).every((f) => f.document !== 'd/0'));
  a.mux.close(); b.mux.close();
  await t.dispose();
});

test('mux - refusals as frames: OPEN without read → CLOSE read-denied; read-only write → ERROR read-only; revoked read → CLOSE; garbage → ERROR malformed-frame', async () => {
  const t = tempStore();
  const registry = t.registry();
  const p = new MutablePrincipal((d) => d !== 'secret', (d) => d === 'rw');
  const c = connect(registry, p);
  c.open('secret', 1);
  await waitFor(() => c.frames.some((f) => f.kind === 'close' && f.document === 'secret'), 2000, 'close frame');
  const closed = c.frames.find((f) => f.kind === 'close' && f.document === 'secret') as Extract<MuxFrame, { kind: 'close' }>;
  assert.deepEqual([closed.refusal?.status, closed.refusal?.reason], [7, 'read-denied']);
  const ro = c.open('ro', 2);
  await waitFor(() => c.frames.some((f) => f.kind === 'message' && f.document === 'ro'), 2000, 'ro opened');
  ro.doc.getMap('m').set('x', 1);
  await waitFor(() => c.frames.some((f) => f.kind === 'error' && f.document === 'ro'), 2000, 'error frame');
  const err = c.frames.find((f) => f.kind === 'error' && f.document === 'ro') as Extract<MuxFrame, { kind: 'error' }>;
  assert.deepEqual([err.refusal.status, err.refusal.reason], [7, 'read-only']);
  p.read = () => false;
  c.mux.recheck();
  const revoked = c.frames.filter((f) => f.kind === 'close' && f.document === 'ro') as Extract<MuxFrame, { kind: 'close' }>[];
  assert.deepEqual(revoked.map((f) => f.refusal?.reason), ['read-denied']);
  await c.mux.receive(Uint8Array.of(0xff));
  const g = c.frames.at(-1) as Extract<MuxFrame, { kind: 'error' }>;
  assert.deepEqual([g.kind, g.document, g.refusal.reason], ['error', '', 'malformed-frame']);
  c.mux.close();
  await t.dispose();
});

test('mux - frames sent while a document loads are queued in order, and an overfull queue closes it RESOURCE_EXHAUSTED queue-full', async () => {
  const t = tempStore();
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => { release = r; });
  const registry = t.registry('t1', { maxQueuedFrames: 5 }, { onLoad: () => gate });
  const c = connect(registry);
  void c.mux.receive(encodeMuxFrame({ kind: 'open', document: 'slow' }));
  const d = new Y.Doc();
  const ups: Uint8Array[] = [];
  d.on('update', (u: Uint8Array) => ups.push(u));
  for (let i = 0; i < 4; i++) d.getArray('a').push([i]);
  for (const u of ups) void c.mux.receive(encodeMuxFrame({ kind: 'message', document: 'slow', message: updateMessage(u) }));
  void c.mux.receive(encodeMuxFrame({ kind: 'open', document: 'slower' }));
  for (let i = 0; i < 6; i++) void c.mux.receive(encodeMuxFrame({ kind: 'message', document: 'slower', message: updateMessage(ups[0]!) }));
  release();
  await waitFor(() => c.frames.some((f) => f.kind === 'ack' && f.document === 'slow' && f.count === 4), 2000, 'queued writes acked');
  assert.deepEqual(registry.get('slow')!.doc.getArray('a').toJSON(), [0, 1, 2, 3]);
  const q = c.frames.find((f) => f.kind === 'close' && f.document === 'slower') as Extract<MuxFrame, { kind: 'close' }>;
  assert.deepEqual([q.refusal?.status, q.refusal?.reason], [8, 'queue-full']);
  c.mux.close();
  await t.dispose();
});
