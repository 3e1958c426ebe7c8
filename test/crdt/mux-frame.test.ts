import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMuxFrame, encodeMuxFrame, readMessage, type MuxFrame } from '../../crdt/index.js';
import { fromHex, loadVectors, toHex } from '../protocol/vectors.js';

const file = loadVectors('crdt-mux.json');

/** The JSON form of a frame, as the vectors write it. */
function toJson(f: MuxFrame): Record<string, unknown> {
  switch (f.kind) {
    case 'message': {
      const m = readMessage(f.message);
      const message: Record<string, unknown> =
        m.kind === 'step1' ? { type: 0, sync: 0 } : m.kind === 'step2' ? { type: 0, sync: 1 } : m.kind === 'update' ? { type: 0, sync: 2 }
        : m.kind === 'awareness' ? { type: 1 } : m.kind === 'auth' ? { type: 2, reason: m.reason } : { type: 3 };
      return { document: f.document, kind: f.kind, messageHex: toHex(f.message), message };
    }
    case 'close': return f.refusal ? { document: f.document, kind: f.kind, refusal: f.refusal } : { document: f.document, kind: f.kind };
    default: return { ...f };
  }
}

function fromJson(d: Record<string, any>): MuxFrame {
  if (d['kind'] === 'message') return { kind: 'message', document: d['document'], message: fromHex(d['messageHex']) };
  return d as MuxFrame;
}

test('mux frame - every golden vector decodes to its value and, canonical, encodes back to its bytes', () => {
  assert.equal(file.codec, 'crdt-mux');
  const valid = file.vectors.filter((v) => v.decoded !== undefined);
  assert.ok(valid.length >= 10);
  for (const v of valid) {
    assert.deepEqual(toJson(decodeMuxFrame(fromHex(v.hex))), v.decoded, v.name);
    if (v.canonical) assert.equal(toHex(encodeMuxFrame(fromJson(v.decoded as Record<string, any>))), v.hex, v.name);
  }
});

test('mux frame - every invalid vector is refused INVALID_ARGUMENT malformed-frame', () => {
  const invalid = file.vectors.filter((v) => v.error !== undefined);
  assert.ok(invalid.length >= 8);
  for (const v of invalid) {
    assert.throws(() => decodeMuxFrame(fromHex(v.hex)), (e: any) => e.code === v.error!.code && e.reason === v.error!.reason, v.name);
  }
});
