/**
 * Payload encoding for the browser/Node client, without a protobuf runtime:
 * strings travel as `google.protobuf.StringValue` (what Go decodes without code
 * generation), typed values as JSON or msgpack, and the two gateway messages a
 * client must understand (`rosetta.v1.Error`, `actor.DeadLetterResponse`) are read
 * with the protocol package's bounds-checked reader.
 */
import { pack, unpack } from 'msgpackr';
import { TypeName, decodeStringValue, encodeStringValue, errorFromStatus, NotFoundError, SerializerId, STRING_VALUE, type RosettaError } from '../../protocol/index.js';
import { ProtoReader, WireType } from '../../protocol/codec/proto-reader.js';


/** A value with an explicit type name; JSON (default) or msgpack on the wire. */
export interface Typed<T = unknown> {
  typeName: string;
  value: T;
  serializerId?: number;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

export function encodePayload(message: string | Typed): { typeName: string; serializerId: number; payload: Uint8Array } {
  if (typeof message === 'string') return { typeName: STRING_VALUE, serializerId: SerializerId.Protobuf, payload: encodeStringValue(message) };
  const sid = message.serializerId ?? SerializerId.Json;
  if (sid === SerializerId.Json) return { typeName: message.typeName, serializerId: sid, payload: enc.encode(JSON.stringify(message.value)) };
  if (sid === SerializerId.Msgpack) return { typeName: message.typeName, serializerId: sid, payload: pack(message.value) };
  throw new RangeError(`the client encodes JSON (1) and msgpack (32), not serializer ${sid}`);
}

/** What a received payload becomes: a string, a Typed value, or an error for requests to reject with. */
export function decodePayload(typeName: string, serializerId: number, payload: Uint8Array): { value: unknown; error?: RosettaError } {
  if (serializerId === SerializerId.Json) return { value: { typeName, value: JSON.parse(dec.decode(payload)), serializerId } };
  if (serializerId === SerializerId.Msgpack) return { value: { typeName, value: unpack(payload), serializerId } };
  const r = new ProtoReader(payload);
  if (typeName === STRING_VALUE) return { value: decodeStringValue(payload) };
  if (typeName === TypeName.Error) {
    let code = 2, message = '', reason = '';
    while (!r.done) {
      const t = r.tag();
      if (t.field === 1 && t.wire === WireType.Varint) code = r.int32();
      else if (t.field === 2 && t.wire === WireType.Len) message = r.string(1 << 20);
      else if (t.field === 4 && t.wire === WireType.Len) reason = r.string(256);
      else r.skip(t.wire);
    }
    const error = errorFromStatus(code, message, reason ? { reason } : undefined);
    return { value: error, error };
  }
  if (typeName === TypeName.DeadLetterResponse) {
    const error = new NotFoundError('no actor at the target (dead letter)', { reason: 'dead-letter' });
    return { value: error, error };
  }
  return { value: { typeName, value: payload, serializerId } };
}
