import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeWsFrame, encodeWsFrame, MalformedFrameError, wsCodecFor, type WsFrame } from '../../protocol/index.js';
import { envelopeFromJson, envelopeToJson, fromHex, loadVectors, toHex } from './vectors.js';

const toJson = (f: WsFrame): unknown => (f.type === 'batch' ? { type: 'batch', envelopes: f.envelopes.map(envelopeToJson) } : f.type === 'documents' ? { type: 'documents', frameHex: toHex(f.frame) } : f);
const fromJson = (d: any): WsFrame => (d.type === 'batch' ? { type: 'batch', envelopes: d.envelopes.map(envelopeFromJson) } : d.type === 'documents' ? { type: 'documents', frame: fromHex(d.frameHex) } : d);

for (const [file, subprotocol, source] of [['ws-msgpack.json', 'rosetta.v1.msgpack', 'Python msgpack'], ['ws-protobuf.json', 'rosetta.v1.protobuf', 'protoc']] as const) {
  const codec = wsCodecFor(subprotocol)!;
  for (const v of loadVectors(file).vectors) {
    if (v.error) {
      test(`${subprotocol} codec - invalid ${v.name} fails with ${v.error.reason}`, () => {
        assert.throws(() => codec.decode(fromHex(v.hex)), (e: unknown) => {
          assert.ok(e instanceof MalformedFrameError, `got ${e}`);
          assert.equal(e.reason, v.error!.reason);
          return true;
        });
      });
    } else {
      test(`${subprotocol} codec - ${v.name} decodes${v.canonical ? ' and re-encodes byte-identically' : ''} (bytes from ${source})`, () => {
        assert.deepEqual(toJson(codec.decode(fromHex(v.hex))), v.decoded);
        if (v.canonical) assert.equal(toHex(codec.encode(fromJson(v.decoded))), v.hex);
      });
    }
  }
}

test('ws msgpack codec - header maps decode to null-prototype objects (no __proto__ pollution)', () => {
  const frame = encodeWsFrame({ type: 'batch', envelopes: [{ target: { address: 'a', id: 'b', requestId: 0 }, typeName: 't', serializerId: 0, payload: new Uint8Array(0), headers: JSON.parse('{"__proto__":"x","a":"b"}') }] });
  const f = decodeWsFrame(frame);
  assert.equal(f.type, 'batch');
  if (f.type === 'batch') {
    assert.equal(Object.getPrototypeOf(f.envelopes[0]!.headers), null);
    assert.equal(({} as Record<string, unknown>)['x'], undefined);
  }
});
