/**
 * Encoder half of the RemoteMessage codec (see remote-message-codec.ts). It
 * validates what it sends — older Go peers panic on an unknown serializer id or an
 * empty type name — and writes canonical protobuf (field order, defaults omitted),
 * byte-identical to protoc for the same message.
 */
import { resolveLimits } from './limits.js';
import { MalformedFrameError } from './malformed-frame-error.js';
import { pidBodySize, writePidBody } from './pid-codec.js';
import { WireType } from './proto-reader.js';
import { int32Size, lenFieldSize, ProtoWriter, utf8Length, varintSize } from './proto-writer.js';
import type { RemoteCodecOptions } from './remote-message-codec.js';
import { ALL_SERIALIZERS } from './serializer-ids.js';
import type { Connection, RemoteMessage, WireEnvelope, WirePid } from './wire-model.js';

export type EncodeOptions = Pick<RemoteCodecOptions, 'dialect' | 'allowedSerializers' | 'limits'>;

export function encodeRemoteMessage(msg: RemoteMessage, options: EncodeOptions): Uint8Array {
  switch (msg.kind) {
    case 'batch': return encodeBatch(msg.envelopes, options);
    case 'connect-request': return encodeConnectRequest(msg.connection, options);
    case 'connect-response': {
      const ml = utf8Length(msg.memberId);
      const body = (ml ? lenFieldSize(ml) : 0) + (msg.blocked ? 2 : 0);
      const w = new ProtoWriter(lenFieldSize(body));
      w.nested(3, body);
      if (ml) w.string(2, msg.memberId, ml);
      if (msg.blocked) { w.tag(3, WireType.Varint); w.uint32(1); }
      return w.buf;
    }
    case 'disconnect': {
      const w = new ProtoWriter(2);
      w.nested(4, 0);
      return w.buf;
    }
  }
}

function encodeConnectRequest(c: Connection, options: EncodeOptions): Uint8Array {
  const ml = utf8Length(c.memberId);
  let inner = ml ? lenFieldSize(ml) : 0;
  let al = 0;
  const blocks = c.type === 'server' && options.dialect === 'v2025' ? c.blockList : [];
  if (c.type === 'server') {
    al = utf8Length(c.address);
    if (al) inner += lenFieldSize(al);
    for (const b of blocks) inner += lenFieldSize(utf8Length(b));
  }
  const req = lenFieldSize(inner);
  const w = new ProtoWriter(lenFieldSize(req));
  w.nested(2, req);
  w.nested(c.type === 'client' ? 1 : 2, inner);
  if (ml) w.string(1, c.memberId, ml);
  if (c.type === 'server') {
    if (al) w.string(2, c.address, al);
    for (const b of blocks) w.string(3, b, utf8Length(b));
  }
  return w.buf;
}

function pidKey(p: WirePid): string {
  return p.address + '\u0000' + p.id;
}

/** Encodes envelopes as one `RemoteMessage{message_batch}` frame. */
export function encodeBatch(envelopes: readonly WireEnvelope[], options: EncodeOptions): Uint8Array {
  const allowed = options.allowedSerializers ?? ALL_SERIALIZERS;
  const limits = resolveLimits(options.limits);
  const v2024 = options.dialect === 'v2024';
  const typeIdx = new Map<string, number>();
  const targetIdx = new Map<string, number>();
  const senderIdx = new Map<string, number>();
  const typeNames: string[] = [];
  const targets: WirePid[] = [];
  const senders: WirePid[] = [];
  const n = envelopes.length;
  const refs = new Int32Array(n * 3);
  const sizes = new Int32Array(n * 2); // envelope body size, header body size
  let total = 0;

  for (let i = 0; i < n; i++) {
    const e = envelopes[i]!;
    if (!allowed.includes(e.serializerId)) throw new MalformedFrameError('unknown-serializer', `envelope ${i}: serializer ${e.serializerId} is not allowed for this peer (${allowed.join(', ')})`);
    if (!e.typeName) throw new MalformedFrameError('missing-field', `envelope ${i}: empty type name`);
    if (!e.target.id) throw new MalformedFrameError('missing-field', `envelope ${i}: target has no id`);
    if (e.payload.length > limits.maxFrameBytes) throw new MalformedFrameError('oversize-frame', `envelope ${i}: payload of ${e.payload.length} bytes`);

    let t = typeIdx.get(e.typeName);
    if (t === undefined) { t = typeNames.length; typeIdx.set(e.typeName, t); typeNames.push(e.typeName); }
    const tk = v2024 ? pidKey(e.target) : e.target.id;
    let g = targetIdx.get(tk);
    if (g === undefined) { g = targets.length; targetIdx.set(tk, g); targets.push(e.target); }
    let s = 0;
    if (e.sender) {
      const sk = pidKey(e.sender);
      s = senderIdx.get(sk) ?? 0;
      if (s === 0) { senders.push(e.sender); s = senders.length; senderIdx.set(sk, s); }
    }
    refs[i * 3] = t; refs[i * 3 + 1] = g; refs[i * 3 + 2] = s;

    let size = 0;
    if (t) size += 1 + int32Size(t);
    if (e.payload.length) size += lenFieldSize(e.payload.length);
    if (g) size += 1 + int32Size(g);
    if (s) size += 1 + int32Size(s);
    if (e.serializerId) size += 1 + int32Size(e.serializerId);
    let hsize = 0;
    if (e.headers) {
      for (const k in e.headers) hsize += lenFieldSize(entrySize(k, e.headers[k]!));
      if (hsize) size += lenFieldSize(hsize);
    }
    if (e.target.requestId) size += 1 + varintSize(e.target.requestId);
    if (e.sender?.requestId) size += 1 + varintSize(e.sender.requestId);
    sizes[i * 2] = size; sizes[i * 2 + 1] = hsize;
    total += lenFieldSize(size);
  }
  for (const tn of typeNames) total += lenFieldSize(utf8Length(tn));
  for (const t of targets) total += lenFieldSize(v2024 ? pidBodySize(noRequestId(t)) : utf8Length(t.id));
  for (const s of senders) total += lenFieldSize(pidBodySize(noRequestId(s)));
  if (total > limits.maxFrameBytes) throw new MalformedFrameError('oversize-frame', `batch of ${total} bytes exceeds ${limits.maxFrameBytes}; split it`);

  const w = new ProtoWriter(lenFieldSize(total));
  w.nested(1, total);
  for (const tn of typeNames) w.string(1, tn, utf8Length(tn));
  for (const t of targets) {
    if (v2024) { const p = noRequestId(t); w.nested(2, pidBodySize(p)); writePidBody(w, p); }
    else w.string(2, t.id, utf8Length(t.id));
  }
  for (let i = 0; i < n; i++) {
    const e = envelopes[i]!;
    const t = refs[i * 3]!, g = refs[i * 3 + 1]!, s = refs[i * 3 + 2]!;
    w.nested(3, sizes[i * 2]!);
    if (t) { w.tag(1, WireType.Varint); w.int32(t); }
    if (e.payload.length) w.bytes(2, e.payload);
    if (g) { w.tag(3, WireType.Varint); w.int32(g); }
    if (s) { w.tag(4, WireType.Varint); w.int32(s); }
    if (e.serializerId) { w.tag(5, WireType.Varint); w.int32(e.serializerId); }
    const hsize = sizes[i * 2 + 1]!;
    if (hsize) {
      w.nested(6, hsize);
      for (const k in e.headers!) {
        const v = e.headers![k]!;
        const kl = utf8Length(k), vl = utf8Length(v);
        w.nested(1, entrySize(k, v));
        if (kl) w.string(1, k, kl);
        if (vl) w.string(2, v, vl);
      }
    }
    if (e.target.requestId) { w.tag(7, WireType.Varint); w.uint32(e.target.requestId); }
    if (e.sender?.requestId) { w.tag(8, WireType.Varint); w.uint32(e.sender.requestId); }
  }
  for (const s of senders) { const p = noRequestId(s); w.nested(4, pidBodySize(p)); writePidBody(w, p); }
  if (w.pos !== w.buf.length) throw new Error(`internal: batch size mismatch ${w.pos} != ${w.buf.length}`);
  return w.buf;
}

function entrySize(k: string, v: string): number {
  const kl = utf8Length(k), vl = utf8Length(v);
  return (kl ? lenFieldSize(kl) : 0) + (vl ? lenFieldSize(vl) : 0);
}

function noRequestId(p: WirePid): WirePid {
  return p.requestId ? { address: p.address, id: p.id, requestId: 0 } : p;
}
