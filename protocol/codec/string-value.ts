/**
 * `google.protobuf.StringValue { string value = 1; }` — how strings cross between
 * Rosetta and Proto.Actor nodes (Go decodes it without generated code). The most
 * common payload, so it is written and read here directly rather than through a
 * reflective protobuf library. Empty strings encode as an empty message.
 */
import { MalformedFrameError } from './malformed-frame-error.js';
import { ProtoReader, WireType } from './proto-reader.js';
import { lenFieldSize, ProtoWriter, utf8Length } from './proto-writer.js';

export const STRING_VALUE = 'google.protobuf.StringValue';

export function encodeStringValue(s: string): Uint8Array {
  if (s.length === 0) return new Uint8Array(0);
  const n = utf8Length(s);
  const w = new ProtoWriter(lenFieldSize(n));
  w.string(1, s, n);
  return w.buf;
}

/** Throws MalformedFrameError (truncated, bad wire type, invalid UTF-8, over `maxBytes`). */
export function decodeStringValue(payload: Uint8Array, maxBytes = 16 * 1024 * 1024): string {
  const r = new ProtoReader(payload);
  let value = '';
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1) { r.expectWire(wire, WireType.Len, 'StringValue.value'); value = r.string(maxBytes); } else r.skip(wire);
  }
  if (r.pos !== payload.length) throw new MalformedFrameError('truncated', 'StringValue ends mid-field');
  return value;
}
