import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import protobuf from 'protobufjs';
import {
  decodeRemoteMessage, decodeStringValue, encodeRemoteMessage, encodeStringValue, MalformedFrameError, WS_SUBPROTOCOLS, wsCodecFor, type WireEnvelope, type WsFrame,
} from '../../protocol/index.js';
import { envelopeToJson } from './vectors.js';

const id = fc.string({ minLength: 1, maxLength: 20 });
const pid = fc.record({ address: fc.constantFrom('127.0.0.1:8090', 'go:1', 'ü:2'), id, requestId: fc.nat({ max: 0xffffffff }) });
const envelope: fc.Arbitrary<WireEnvelope> = fc.record({
  target: pid,
  sender: fc.option(pid, { nil: undefined }),
  typeName: fc.constantFrom('google.protobuf.StringValue', 'actor.Watch', 'shop.Ordér'),
  serializerId: fc.constantFrom(0, 1, 32),
  payload: fc.uint8Array({ maxLength: 40 }),
  headers: fc.option(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k !== '__proto__'), fc.string({ maxLength: 12 }), { maxKeys: 3 }), { nil: undefined }),
});
const batch = fc.array(envelope, { minLength: 1, maxLength: 12 });

/** What a receiver can know: v2025 targets carry only ids (rebuilt at the local address); empty header maps vanish. */
function expected(e: WireEnvelope, dialect: 'v2024' | 'v2025', local: string) {
  const j = envelopeToJson(e);
  if (dialect === 'v2025') j.target.address = local;
  if (j.headers && Object.keys(j.headers).length === 0) j.headers = null;
  return j;
}

for (const dialect of ['v2024', 'v2025'] as const) {
  test(`codec properties - random ${dialect} batches survive encode → decode`, () => {
    fc.assert(fc.property(batch, (envs) => {
      const bytes = encodeRemoteMessage({ kind: 'batch', envelopes: envs }, { dialect });
      const m = decodeRemoteMessage(bytes, { dialect, localAddress: 'local:1' });
      assert.equal(m.kind, 'batch');
      if (m.kind === 'batch') assert.deepEqual(m.envelopes.map(envelopeToJson), envs.map((e) => expected(e, dialect, 'local:1')));
    }), { numRuns: 300, seed: 42 });
  });

  test(`codec properties - mutated ${dialect} frames give a value or a MalformedFrameError, never another exception`, () => {
    fc.assert(fc.property(batch, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), fc.nat(), (envs, edits, cut) => {
      const bytes = encodeRemoteMessage({ kind: 'batch', envelopes: envs }, { dialect });
      for (const [pos, val] of edits) bytes[pos % bytes.length] = val;
      const frame = bytes.subarray(0, bytes.length - (cut % 4));
      try {
        decodeRemoteMessage(frame, { dialect, localAddress: 'l' });
      } catch (e) {
        if (!(e instanceof MalformedFrameError)) throw e;
      }
    }), { numRuns: 2000, seed: 7 });
  });
}

test('codec properties - protobufjs (proto-loader\'s engine) decodes our frames identically', async () => {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (target === 'actor.proto' ? new URL('../../../protocol/proto/actor.proto', import.meta.url).pathname : target);
  await root.load(new URL('../../../protocol/proto/remote-v2024/remote.proto', import.meta.url).pathname, { keepCase: true });
  const RemoteMessage = root.lookupType('remote.RemoteMessage');
  fc.assert(fc.property(batch, (envs) => {
    const bytes = encodeRemoteMessage({ kind: 'batch', envelopes: envs }, { dialect: 'v2024' });
    const obj = RemoteMessage.toObject(RemoteMessage.decode(bytes), { defaults: true, longs: Number }) as any;
    const b = obj.message_batch;
    assert.equal(b.envelopes.length, envs.length);
    envs.forEach((e, i) => {
      const pe = b.envelopes[i];
      assert.equal(b.type_names[pe.type_id], e.typeName);
      assert.equal(b.targets[pe.target].Id, e.target.id);
      assert.equal(pe.target_request_id, e.target.requestId);
      assert.equal(pe.serializer_id, e.serializerId);
      assert.deepEqual(new Uint8Array(pe.message_data), e.payload);
      if (e.sender) assert.equal(b.senders[pe.sender - 1].Id, e.sender.id); else assert.equal(pe.sender, 0);
    });
  }), { numRuns: 100, seed: 3 });
});

const frame: fc.Arbitrary<WsFrame> = fc.oneof(
  batch.map((envelopes) => ({ type: 'batch' as const, envelopes })),
  fc.record({ type: fc.constant('hello' as const), token: fc.string({ maxLength: 60 }), client: fc.string({ maxLength: 20 }) }),
  fc.record({ type: fc.constant('welcome' as const), sessionId: fc.string({ maxLength: 20 }), address: fc.string({ maxLength: 20 }), maxFrameBytes: fc.nat({ max: 0xffffffff }) }),
  fc.record({ type: fc.constant('error' as const), code: fc.nat({ max: 16 }), message: fc.string({ maxLength: 40 }), ref: fc.nat({ max: 0xffffffff }) }),
  fc.record({ type: fc.constantFrom('ping' as const, 'pong' as const), nonce: fc.nat({ max: 0xffffffff }) }),
);
const frameJson = (f: WsFrame) => (f.type === 'batch' ? { type: 'batch', envelopes: f.envelopes.map((e) => expected(e, 'v2024', '')) } : { ...f });

for (const subprotocol of WS_SUBPROTOCOLS) {
  const codec = wsCodecFor(subprotocol)!;
  test(`codec properties - random ${subprotocol} frames survive encode → decode`, () => {
    fc.assert(fc.property(frame, (f) => {
      assert.deepEqual(frameJson(codec.decode(codec.encode(f))), frameJson(f));
    }), { numRuns: 500, seed: 21 });
  });

  test(`codec properties - random and mutated ${subprotocol} frames give a value or a MalformedFrameError`, () => {
    fc.assert(fc.property(frame, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat(), (f, edits, cut) => {
      const bytes = codec.encode(f);
      if (bytes.length === 0) return;
      for (const [pos, val] of edits) bytes[pos % bytes.length] = val;
      try { codec.decode(bytes.subarray(0, bytes.length - (cut % 3))); } catch (e) { if (!(e instanceof MalformedFrameError)) throw e; }
    }), { numRuns: 2000, seed: 11 });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      try { codec.decode(bytes); } catch (e) { if (!(e instanceof MalformedFrameError)) throw e; }
    }), { numRuns: 2000, seed: 12 });
  });
}

test('codec properties - StringValue: ours and protobufjs read each other\'s bytes, identical but for the empty value; garbage gives a MalformedFrameError', async () => {
  const root = await protobuf.load(new URL('../../../node_modules/protobufjs/google/protobuf/wrappers.proto', import.meta.url).pathname);
  const T = root.lookupType('google.protobuf.StringValue');
  fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (s) => {
    const theirs = T.encode(T.fromObject({ value: s })).finish();
    // protobufjs writes an empty value explicitly (0a 00); the canonical proto3 form, ours, omits it
    if (s !== '') assert.deepEqual(encodeStringValue(s), new Uint8Array(theirs));
    assert.equal(decodeStringValue(theirs), s);
    assert.equal((T.toObject(T.decode(encodeStringValue(s)), { defaults: true }) as { value: string }).value, s);
  }), { numRuns: 500, seed: 5 });
  fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
    try { decodeStringValue(bytes); } catch (e) { if (!(e instanceof MalformedFrameError)) throw e; }
  }), { numRuns: 2000, seed: 6 });
});
