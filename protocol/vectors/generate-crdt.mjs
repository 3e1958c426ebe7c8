#!/usr/bin/env node
// Regenerates crdt-mux.json: golden vectors for the CRDT multiplexing framing (crdt/PROTOCOL.md).
// Frame bytes are assembled here by a self-contained varUint/varString writer (not Rosetta's
// encoder, not lib0); the y-protocols messages inside are produced by the reference libraries
// (yjs 13.6 + y-protocols 1.0.7: sync.js and awareness.js) from fixed inputs, so the vectors are
// deterministic. Invalid vectors are those bytes with targeted edits.
// Usage: node protocol/vectors/generate-crdt.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';

const here = dirname(fileURLToPath(import.meta.url));

const varUint = (n) => { const out = []; while (n > 0x7f) { out.push(0x80 | (n & 0x7f)); n = Math.floor(n / 128); } out.push(n); return out; };
const varString = (s) => { const b = [...Buffer.from(s, 'utf8')]; return [...varUint(b.length), ...b]; };
const hex = (bytes) => Buffer.from(bytes).toString('hex');

/** y-protocols messages from the reference implementation. */
function syncMessage(write) {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0); // messageSync
  write(e);
  return [...encoding.toUint8Array(e)];
}
const doc = new Y.Doc();
doc.clientID = 42;
doc.getMap('m').set('k', 'v');
const step1Empty = syncMessage((e) => syncProtocol.writeSyncStep1(e, new Y.Doc()));
const step1 = syncMessage((e) => syncProtocol.writeSyncStep1(e, doc));
const update = syncMessage((e) => syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(doc)));
const step2 = syncMessage((e) => syncProtocol.writeSyncStep2(e, doc));
const aw = new awarenessProtocol.Awareness(doc);
aw.setLocalState({ user: 'ada' });
const awarenessMsg = [1, ...(() => { const u = awarenessProtocol.encodeAwarenessUpdate(aw, [42]); return [...varUint(u.length), ...u]; })()];
aw.destroy();
const permissionDenied = [2, 0, ...varString('read-only: may not write')];

const valid = [];
const add = (name, bytes, decoded, source = 'generate-crdt.mjs+y-protocols') => valid.push({ name, source, canonical: true, hex: hex(bytes), decoded });
const frame = (doc, kind, body) => [...varString(doc), ...varUint(kind), ...body];

add('open', frame('notes/1', 0, []), { document: 'notes/1', kind: 'open' }, 'generate-crdt.mjs');
add('open-unicode-name', frame('ü/✓ doc', 0, []), { document: 'ü/✓ doc', kind: 'open' }, 'generate-crdt.mjs');
add('message-sync-step1-empty', frame('notes/1', 1, step1Empty), { document: 'notes/1', kind: 'message', messageHex: hex(step1Empty), message: { type: 0, sync: 0 } });
add('message-sync-step1', frame('notes/1', 1, step1), { document: 'notes/1', kind: 'message', messageHex: hex(step1), message: { type: 0, sync: 0 } });
add('message-sync-step2', frame('notes/1', 1, step2), { document: 'notes/1', kind: 'message', messageHex: hex(step2), message: { type: 0, sync: 1 } });
add('message-sync-update', frame('notes/1', 1, update), { document: 'notes/1', kind: 'message', messageHex: hex(update), message: { type: 0, sync: 2 } });
add('message-awareness', frame('notes/1', 1, awarenessMsg), { document: 'notes/1', kind: 'message', messageHex: hex(awarenessMsg), message: { type: 1 } });
add('message-permission-denied', frame('notes/1', 1, permissionDenied), { document: 'notes/1', kind: 'message', messageHex: hex(permissionDenied), message: { type: 2, reason: 'read-only: may not write' } });
add('ack-1', frame('notes/1', 2, varUint(1)), { document: 'notes/1', kind: 'ack', count: 1 }, 'generate-crdt.mjs');
add('ack-300', frame('notes/1', 2, varUint(300)), { document: 'notes/1', kind: 'ack', count: 300 }, 'generate-crdt.mjs');
add('error-read-only', frame('notes/1', 3, [...varUint(7), ...varString('read-only'), ...varString("'notes/1' is read-only for this peer")]),
  { document: 'notes/1', kind: 'error', refusal: { status: 7, reason: 'read-only', message: "'notes/1' is read-only for this peer" } }, 'generate-crdt.mjs');
add('error-malformed-frame', frame('', 3, [...varUint(3), ...varString('malformed-frame'), ...varString('truncated or malformed frame')]),
  { document: '', kind: 'error', refusal: { status: 3, reason: 'malformed-frame', message: 'truncated or malformed frame' } }, 'generate-crdt.mjs');
add('close-by-client', frame('notes/1', 4, []), { document: 'notes/1', kind: 'close' }, 'generate-crdt.mjs');
add('close-read-denied', frame('notes/1', 4, [...varUint(7), ...varString('read-denied'), ...varString("may no longer read 'notes/1'")]),
  { document: 'notes/1', kind: 'close', refusal: { status: 7, reason: 'read-denied', message: "may no longer read 'notes/1'" } }, 'generate-crdt.mjs');

const invalid = [];
const bad = (name, bytes) => invalid.push({ name, source: 'generate-crdt.mjs+edit', hex: hex(bytes), error: { code: 'INVALID_ARGUMENT', reason: 'malformed-frame' } });
bad('empty', []);
bad('name-past-end', [9, 0x61, 0x62]);
bad('name-not-utf8', [2, 0xc3, 0x28, 0]);
bad('no-kind', varString('notes/1'));
bad('unknown-kind', frame('notes/1', 9, []));
bad('open-trailing-bytes', frame('notes/1', 0, [1]));
bad('message-empty', frame('notes/1', 1, []));
bad('ack-without-count', frame('notes/1', 2, []));
bad('ack-trailing-bytes', frame('notes/1', 2, [1, 1]));
bad('error-truncated', frame('notes/1', 3, [7, 5, 0x72]));
bad('varuint-unterminated', [...varString('d'), 0xff, 0xff]);

const out = {
  format: 'rosetta-vectors/1',
  codec: 'crdt-mux',
  message: 'one frame of the CRDT multiplexing framing (crdt/PROTOCOL.md)',
  vectors: [...valid, ...invalid],
};
writeFileSync(join(here, 'crdt-mux.json'), JSON.stringify(out, null, 2) + '\n');
console.log(`crdt-mux.json: ${valid.length} valid, ${invalid.length} invalid`);
