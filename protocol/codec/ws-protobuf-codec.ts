/**
 * The WebSocket encoding `rosetta.v1.protobuf` (proto/ws-frame.proto): the frames of
 * `rosetta.v1.msgpack` as one protobuf `rosetta.v1.WsFrame` per binary message. A
 * batch frame is byte-identical to a v2024 `remote.RemoteMessage{message_batch}`, so
 * batches go through the remoting codec; the small control frames are read here.
 * Decoding is as strict as the msgpack codec: exactly one frame kind, typed errors.
 */
import { resolveLimits, type CodecLimits } from './limits.js';
import { MalformedFrameError } from './malformed-frame-error.js';
import { ProtoReader, WireType } from './proto-reader.js';
import { lenFieldSize, ProtoWriter, utf8Length, varintSize } from './proto-writer.js';
import { decodeRemoteMessage } from './remote-message-codec.js';
import { encodeBatch } from './remote-message-encoder.js';
import type { WsFrame } from './ws-frame-codec.js';

export const WS_SUBPROTOCOL_PROTOBUF = 'rosetta.v1.protobuf';

const F_BATCH = 1, F_HELLO = 16, F_WELCOME = 17, F_ERROR = 18, F_PING = 19, F_PONG = 20, F_DOCUMENTS = 21;

/** Field types of each control frame's fields 1..4: S = string, U = uint32. */
const SCHEMAS: Record<number, ('S' | 'U')[]> = { [F_HELLO]: ['S', 'S'], [F_WELCOME]: ['S', 'S', 'U'], [F_ERROR]: ['U', 'S', 'U', 'S'], [F_PING]: ['U'], [F_PONG]: ['U'] };
const NAMES: Record<number, string> = { [F_HELLO]: 'WsHello', [F_WELCOME]: 'WsWelcome', [F_ERROR]: 'WsError', [F_PING]: 'WsPing', [F_PONG]: 'WsPong' };

// ---------------------------------------------------------------- encoding

type Field = { n: number; s: string } | { n: number; u: number };

/** A frame kind's sub-message, always written (an empty one still names the kind). */
function control(kind: number, fields: Field[]): Uint8Array {
  let body = 0;
  for (const f of fields) {
    if ('s' in f) { if (f.s) body += lenFieldSize(utf8Length(f.s)); } else if (f.u) body += 1 + varintSize(f.u);
  }
  const w = new ProtoWriter(2 + varintSize(body) + body);
  w.nested(kind, body);
  for (const f of fields) {
    if ('s' in f) { if (f.s) w.string(f.n, f.s, utf8Length(f.s)); } else if (f.u) { w.tag(f.n, WireType.Varint); w.uint32(f.u); }
  }
  return w.buf;
}

export function encodeWsFrameProtobuf(frame: WsFrame): Uint8Array {
  switch (frame.type) {
    case 'batch': return encodeBatch(frame.envelopes, { dialect: 'v2024' });
    case 'hello': return control(F_HELLO, [{ n: 1, s: frame.token }, { n: 2, s: frame.client }]);
    case 'welcome': return control(F_WELCOME, [{ n: 1, s: frame.sessionId }, { n: 2, s: frame.address }, { n: 3, u: frame.maxFrameBytes }]);
    case 'error': return control(F_ERROR, [{ n: 1, u: frame.code }, { n: 2, s: frame.message }, { n: 3, u: frame.ref }, { n: 4, s: frame.reason ?? '' }]);
    case 'ping': return control(F_PING, [{ n: 1, u: frame.nonce }]);
    case 'pong': return control(F_PONG, [{ n: 1, u: frame.nonce }]);
    case 'documents': {
      const w = new ProtoWriter(2 + varintSize(frame.frame.length) + frame.frame.length); // field 21: a two-byte tag
      w.bytes(F_DOCUMENTS, frame.frame);
      return w.buf;
    }
  }
}

// ---------------------------------------------------------------- decoding

export function decodeWsFrameProtobuf(bytes: Uint8Array, limitsIn?: Partial<CodecLimits>): WsFrame {
  const limits = resolveLimits(limitsIn);
  if (bytes.length > limits.maxFrameBytes) throw new MalformedFrameError('oversize-frame', `frame of ${bytes.length} bytes exceeds ${limits.maxFrameBytes}`);
  const r = new ProtoReader(bytes);
  let kind = 0, start = 0, end = 0;
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === F_BATCH || (field >= F_HELLO && field <= F_DOCUMENTS)) {
      r.expectWire(wire, WireType.Len, 'WsFrame.frame');
      const n = r.len(limits.maxFrameBytes);
      if (kind !== 0 && kind !== field) throw new MalformedFrameError('bad-frame-type', `a frame holds one kind, found fields ${kind} and ${field}`);
      kind = field; start = r.pos; end = r.pos + n;
      r.pos = end;
    } else if (field >= 2 && field <= 15) {
      throw new MalformedFrameError('bad-frame-type', `field ${field} is reserved in WsFrame (a remoting message is not a frame)`);
    } else r.skip(wire);
  }
  if (kind === 0) throw new MalformedFrameError(bytes.length === 0 ? 'truncated' : 'missing-field', 'WsFrame names no frame kind');
  if (kind === F_BATCH) {
    const m = decodeRemoteMessage(bytes, { dialect: 'v2024', limits });
    if (m.kind !== 'batch') throw new MalformedFrameError('bad-frame-type', `expected a batch, got ${m.kind}`);
    return { type: 'batch', envelopes: m.envelopes };
  }
  if (kind === F_DOCUMENTS) return { type: 'documents', frame: bytes.subarray(start, end) };
  const s = new ProtoReader(bytes, start, end);
  const strings: string[] = ['', '', '', ''];
  const uints: number[] = [0, 0, 0, 0];
  const schema = SCHEMAS[kind]!;
  const maxS = kind === F_HELLO || kind === F_ERROR ? limits.maxFrameBytes : limits.maxStringBytes;
  while (!s.done) {
    const { field, wire } = s.tag();
    const type = schema[field - 1];
    if (type === undefined) { s.skip(wire); continue; }
    if (type === 'S') { s.expectWire(wire, WireType.Len, `${NAMES[kind]}.${field}`); strings[field - 1] = s.string(maxS); }
    else { s.expectWire(wire, WireType.Varint, `${NAMES[kind]}.${field}`); uints[field - 1] = s.uint32(); }
  }
  switch (kind) {
    case F_HELLO: return { type: 'hello', token: strings[0]!, client: strings[1]! };
    case F_WELCOME: return { type: 'welcome', sessionId: strings[0]!, address: strings[1]!, maxFrameBytes: uints[2]! };
    case F_ERROR: return { type: 'error', code: uints[0]!, message: strings[1]!, ref: uints[2]!, ...(strings[3] ? { reason: strings[3] } : {}) };
    case F_PING: return { type: 'ping', nonce: uints[0]! };
    default: return { type: 'pong', nonce: uints[0]! };
  }
}
