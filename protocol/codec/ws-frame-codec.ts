/**
 * The WebSocket encoding (subprotocol `rosetta.v1.msgpack`): one msgpack array per
 * binary message, first element the frame type. The grammar is in
 * protocol/PROTOCOL.md; this is its reference implementation. Plain arrays (no
 * msgpackr records or shared structures) so any msgpack library in any language
 * can speak it; decoding validates every element and maps become null-prototype
 * objects (no `__proto__` surprises).
 */
import { Packr } from 'msgpackr';
import { resolveLimits, type CodecLimits } from './limits.js';
import { MalformedFrameError } from './malformed-frame-error.js';
import { ALL_SERIALIZERS } from './serializer-ids.js';
import type { WireEnvelope, WirePid } from './wire-model.js';

export const WS_SUBPROTOCOL_MSGPACK = 'rosetta.v1.msgpack';

export const FrameType = {
  Hello: 0,
  Welcome: 1,
  Batch: 2,
  Error: 3,
  Ping: 4,
  Pong: 5,
  Documents: 6,
} as const;

export type WsFrame =
  | { type: 'hello'; token: string; client: string }
  | { type: 'welcome'; sessionId: string; address: string; maxFrameBytes: number }
  | { type: 'batch'; envelopes: WireEnvelope[] }
  | { type: 'error'; code: number; message: string; ref: number; reason?: string }
  | { type: 'ping'; nonce: number }
  | { type: 'pong'; nonce: number }
  /** Replicated documents multiplexed over the session: one crdt/PROTOCOL.md §2 frame, either way. */
  | { type: 'documents'; frame: Uint8Array };

const packr = new Packr({ useRecords: false, mapsAsObjects: false, moreTypes: false, int64AsType: 'number' } as ConstructorParameters<typeof Packr>[0]);

// ---------------------------------------------------------------- encoding

export function encodeWsFrame(frame: WsFrame): Uint8Array {
  switch (frame.type) {
    case 'hello': return packr.pack([FrameType.Hello, frame.token, frame.client]);
    case 'welcome': return packr.pack([FrameType.Welcome, frame.sessionId, frame.address, frame.maxFrameBytes]);
    case 'error': return packr.pack(frame.reason ? [FrameType.Error, frame.code, frame.message, frame.ref, frame.reason] : [FrameType.Error, frame.code, frame.message, frame.ref]);
    case 'ping': return packr.pack([FrameType.Ping, frame.nonce]);
    case 'pong': return packr.pack([FrameType.Pong, frame.nonce]);
    case 'batch': return packr.pack(batchToArray(frame.envelopes));
    case 'documents': return packr.pack([FrameType.Documents, frame.frame]);
  }
}

function batchToArray(envelopes: readonly WireEnvelope[]): unknown[] {
  const typeIdx = new Map<string, number>();
  const targetIdx = new Map<string, number>();
  const senderIdx = new Map<string, number>();
  const typeNames: string[] = [];
  const targets: [string, string][] = [];
  const senders: [string, string][] = [];
  const rows: unknown[] = [];
  for (let i = 0; i < envelopes.length; i++) {
    const e = envelopes[i]!;
    if (!e.typeName) throw new MalformedFrameError('missing-field', `envelope ${i}: empty type name`);
    if (!e.target.id) throw new MalformedFrameError('missing-field', `envelope ${i}: target has no id`);
    if (!ALL_SERIALIZERS.includes(e.serializerId)) throw new MalformedFrameError('unknown-serializer', `envelope ${i}: serializer ${e.serializerId}`);
    let t = typeIdx.get(e.typeName);
    if (t === undefined) { t = typeNames.length; typeIdx.set(e.typeName, t); typeNames.push(e.typeName); }
    const tk = e.target.address + '\u0000' + e.target.id;
    let g = targetIdx.get(tk);
    if (g === undefined) { g = targets.length; targetIdx.set(tk, g); targets.push([e.target.address, e.target.id]); }
    let s = 0;
    if (e.sender) {
      const sk = e.sender.address + '\u0000' + e.sender.id;
      s = senderIdx.get(sk) ?? 0;
      if (s === 0) { senders.push([e.sender.address, e.sender.id]); s = senders.length; senderIdx.set(sk, s); }
    }
    const headers = e.headers && Object.keys(e.headers).length > 0 ? new Map(Object.entries(e.headers)) : null;
    rows.push([t, g, s, e.serializerId, e.payload, e.target.requestId, e.sender?.requestId ?? 0, headers]);
  }
  return [FrameType.Batch, typeNames, targets, senders, rows];
}

// ---------------------------------------------------------------- decoding

export function decodeWsFrame(bytes: Uint8Array, limitsIn?: Partial<CodecLimits>): WsFrame {
  const limits = resolveLimits(limitsIn);
  if (bytes.length > limits.maxFrameBytes) throw new MalformedFrameError('oversize-frame', `frame of ${bytes.length} bytes exceeds ${limits.maxFrameBytes}`);
  let v: unknown;
  try {
    v = packr.unpack(bytes);
  } catch (err) {
    const msg = (err as Error)?.message ?? String(err);
    throw new MalformedFrameError(/end of|incomplete|insufficient|beyond/i.test(msg) ? 'truncated' : 'bad-value', `not a msgpack value: ${msg}`, { cause: err });
  }
  const a = asArray(v, 'frame', 1, 5);
  const type = a[0];
  switch (type) {
    case FrameType.Hello: return { type: 'hello', token: str(a, 1, 'token', limits.maxFrameBytes), client: a.length > 2 ? str(a, 2, 'client', limits.maxStringBytes) : '' };
    case FrameType.Welcome: return { type: 'welcome', sessionId: str(a, 1, 'sessionId', limits.maxStringBytes), address: str(a, 2, 'address', limits.maxStringBytes), maxFrameBytes: uint(a, 3, 'maxFrameBytes') };
    case FrameType.Error: {
      const reason = a.length > 4 ? str(a, 4, 'reason', limits.maxStringBytes) : '';
      return { type: 'error', code: uint(a, 1, 'code'), message: str(a, 2, 'message', limits.maxFrameBytes), ref: uint(a, 3, 'ref'), ...(reason ? { reason } : {}) };
    }
    case FrameType.Ping: return { type: 'ping', nonce: uint(a, 1, 'nonce') };
    case FrameType.Pong: return { type: 'pong', nonce: uint(a, 1, 'nonce') };
    case FrameType.Batch: return { type: 'batch', envelopes: readBatch(a, limits) };
    case FrameType.Documents: {
      if (a.length !== 2 || !(a[1] instanceof Uint8Array)) throw new MalformedFrameError('bad-value', 'a documents frame is [6, bin]');
      return { type: 'documents', frame: a[1] };
    }
    default: throw new MalformedFrameError('bad-frame-type', `unknown frame type ${JSON.stringify(type)}`);
  }
}

function readBatch(a: unknown[], limits: CodecLimits): WireEnvelope[] {
  if (a.length !== 5) throw new MalformedFrameError('bad-value', `batch frame has ${a.length} elements, expected 5`);
  const typeNames = asArray(a[1], 'typeNames', 0, limits.maxTableEntries).map((t, i) => checkStr(t, `typeNames[${i}]`, limits.maxStringBytes));
  const targets = asArray(a[2], 'targets', 0, limits.maxTableEntries).map((p, i) => readPid(p, `targets[${i}]`, limits));
  const senders = asArray(a[3], 'senders', 0, limits.maxTableEntries).map((p, i) => readPid(p, `senders[${i}]`, limits));
  const rows = asArray(a[4], 'envelopes', 0, Infinity);
  if (rows.length > limits.maxEnvelopes) throw new MalformedFrameError('too-many-envelopes', `more than ${limits.maxEnvelopes} envelopes`);
  const out: WireEnvelope[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = asArray(rows[i], `envelopes[${i}]`, 8, 8);
    const t = uint(r, 0, 'typeIndex'), g = uint(r, 1, 'targetIndex'), s = uint(r, 2, 'senderIndex');
    if (t >= typeNames.length) throw new MalformedFrameError('index-out-of-range', `envelope ${i}: type index ${t} outside 0..${typeNames.length - 1}`);
    if (g >= targets.length) throw new MalformedFrameError('index-out-of-range', `envelope ${i}: target index ${g} outside 0..${targets.length - 1}`);
    if (s > senders.length) throw new MalformedFrameError('index-out-of-range', `envelope ${i}: sender index ${s} outside 0..${senders.length}`);
    const serializerId = uint(r, 3, 'serializerId');
    if (!ALL_SERIALIZERS.includes(serializerId)) throw new MalformedFrameError('unknown-serializer', `envelope ${i}: serializer id ${serializerId}`);
    const payload = r[4];
    if (!(payload instanceof Uint8Array)) throw new MalformedFrameError('bad-value', `envelope ${i}: payload must be bin`);
    const treq = uint(r, 5, 'targetRequestId'), sreq = uint(r, 6, 'senderRequestId');
    const target = targets[g]!;
    const sender = s > 0 ? senders[s - 1]! : undefined;
    out[i] = {
      target: { address: target.address, id: target.id, requestId: treq },
      sender: sender ? { address: sender.address, id: sender.id, requestId: sreq } : undefined,
      typeName: typeNames[t]!,
      serializerId,
      payload,
      headers: readHeaders(r[7], i, limits),
    };
  }
  return out;
}

function readPid(v: unknown, what: string, limits: CodecLimits): WirePid {
  const p = asArray(v, what, 2, 2);
  const id = checkStr(p[1], `${what}.id`, limits.maxStringBytes);
  if (!id) throw new MalformedFrameError('missing-field', `${what} has an empty id`);
  return { address: checkStr(p[0], `${what}.address`, limits.maxStringBytes), id, requestId: 0 };
}

function readHeaders(v: unknown, i: number, limits: CodecLimits): Record<string, string> | undefined {
  if (v === null || v === undefined) return undefined;
  if (!(v instanceof Map)) throw new MalformedFrameError('bad-value', `envelope ${i}: headers must be a map or nil`);
  if (v.size > limits.maxHeaderEntries) throw new MalformedFrameError('oversize-field', `envelope ${i}: more than ${limits.maxHeaderEntries} headers`);
  const out: Record<string, string> = Object.create(null);
  for (const [k, val] of v) out[checkStr(k, 'header key', limits.maxStringBytes)] = checkStr(val, 'header value', limits.maxStringBytes);
  return out;
}

function asArray(v: unknown, what: string, min: number, max: number): unknown[] {
  if (!Array.isArray(v)) throw new MalformedFrameError('bad-value', `${what} must be an array`);
  if (v.length < min || v.length > max) throw new MalformedFrameError(v.length > max && max >= 1000 ? 'oversize-field' : 'bad-value', `${what} has ${v.length} elements (expected ${min}..${max})`);
  return v;
}

function str(a: unknown[], i: number, what: string, max: number): string {
  return checkStr(a[i], what, max);
}

function checkStr(v: unknown, what: string, max: number): string {
  if (typeof v !== 'string') throw new MalformedFrameError('bad-value', `${what} must be a string`);
  if (v.length > max) throw new MalformedFrameError('oversize-field', `${what} is longer than ${max}`);
  return v;
}

function uint(a: unknown[], i: number, what: string): number {
  const v = a[i];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new MalformedFrameError('bad-value', `${what} must be an unsigned 32-bit integer`);
  return v;
}
