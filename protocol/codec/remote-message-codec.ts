/**
 * Hand-written codec for Proto.Actor's `remote.RemoteMessage`, in both wire
 * dialects. The gRPC hot path: the decoder returns payloads as zero-copy views and
 * touches nothing but routing fields; the encoder builds the deduplicated
 * type/target/sender tables, sizes everything first and writes one buffer.
 *
 * Index rules (Proto.Actor): type_id and target are 0-based into their tables;
 * sender is 1-based with 0 = no sender; request ids travel in target_request_id /
 * sender_request_id and are cleared from the table PIDs. In the 2025 dialect the
 * target table holds bare ids and the reader rebuilds PIDs with its own address.
 */
import { resolveLimits, type CodecLimits } from './limits.js';
import { MalformedFrameError } from './malformed-frame-error.js';
import { readPid } from './pid-codec.js';
import { decodeUtf8, ProtoReader, WireType } from './proto-reader.js';
import { ALL_SERIALIZERS } from './serializer-ids.js';
import type { Connection, Dialect, RemoteMessage, WireEnvelope, WirePid } from './wire-model.js';

export interface RemoteCodecOptions {
  dialect: Dialect;
  /** v2025 decoding: the address target ids are rebuilt with (the receiver's own). */
  localAddress?: string;
  limits?: Partial<CodecLimits>;
  /** Serializer ids accepted (decode) or allowed to be sent (encode). */
  allowedSerializers?: readonly number[];
}

const F_BATCH = 1, F_CONNECT_REQ = 2, F_CONNECT_RESP = 3, F_DISCONNECT = 4;

// ---------------------------------------------------------------- decoding

export function decodeRemoteMessage(bytes: Uint8Array, options: RemoteCodecOptions): RemoteMessage {
  const limits = resolveLimits(options.limits);
  if (bytes.length > limits.maxFrameBytes) throw new MalformedFrameError('oversize-frame', `frame of ${bytes.length} bytes exceeds ${limits.maxFrameBytes}`);
  const r = new ProtoReader(bytes);
  let result: RemoteMessage | undefined;
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field >= F_BATCH && field <= F_DISCONNECT) {
      r.expectWire(wire, WireType.Len, 'RemoteMessage.message_type');
      const n = r.len(limits.maxFrameBytes);
      const end = r.pos + n;
      const sub = new ProtoReader(bytes, r.pos, end);
      if (field === F_BATCH) result = readBatch(sub, options, limits);
      else if (field === F_CONNECT_REQ) result = readConnectRequest(sub, limits);
      else if (field === F_CONNECT_RESP) result = readConnectResponse(sub, limits);
      else result = { kind: 'disconnect' };
      r.pos = end;
    } else r.skip(wire);
  }
  if (!result) throw new MalformedFrameError('missing-field', 'RemoteMessage has no message_type');
  return result;
}

function readBatch(r: ProtoReader, options: RemoteCodecOptions, limits: CodecLimits): RemoteMessage {
  const typeNames: string[] = [];
  const targets: WirePid[] = [];
  const senders: WirePid[] = [];
  const envelopes: WireEnvelope[] = [];
  const idx: number[] = []; // per envelope: typeId, target, sender
  const localAddress = options.localAddress ?? '';
  const allowed = options.allowedSerializers ?? ALL_SERIALIZERS;
  const maxS = limits.maxStringBytes;
  while (!r.done) {
    const { field, wire } = r.tag();
    switch (field) {
      case 1:
        r.expectWire(wire, WireType.Len, 'MessageBatch.type_names');
        if (typeNames.length >= limits.maxTableEntries) throw new MalformedFrameError('oversize-field', 'too many type names');
        typeNames.push(r.string(maxS));
        break;
      case 2:
        r.expectWire(wire, WireType.Len, 'MessageBatch.targets');
        if (targets.length >= limits.maxTableEntries) throw new MalformedFrameError('oversize-field', 'too many targets');
        targets.push(options.dialect === 'v2024' ? readPidTarget(r, maxS) : readStringTarget(r, maxS, localAddress));
        break;
      case 3: {
        r.expectWire(wire, WireType.Len, 'MessageBatch.envelopes');
        if (envelopes.length >= limits.maxEnvelopes) throw new MalformedFrameError('too-many-envelopes', `more than ${limits.maxEnvelopes} envelopes`);
        const n = r.len(limits.maxFrameBytes);
        envelopes.push(readEnvelope(r, r.pos + n, idx, limits));
        break;
      }
      case 4: {
        r.expectWire(wire, WireType.Len, 'MessageBatch.senders');
        if (senders.length >= limits.maxTableEntries) throw new MalformedFrameError('oversize-field', 'too many senders');
        const n = r.len(maxS * 2 + 16);
        senders.push(readPid(r, r.pos + n, maxS));
        break;
      }
      default: r.skip(wire);
    }
  }
  for (let i = 0; i < envelopes.length; i++) {
    const e = envelopes[i]!;
    const typeId = idx[i * 3]!, target = idx[i * 3 + 1]!, sender = idx[i * 3 + 2]!;
    if (typeId < 0 || typeId >= typeNames.length) throw new MalformedFrameError('index-out-of-range', `envelope ${i}: type_id ${typeId} outside 0..${typeNames.length - 1}`);
    if (target < 0 || target >= targets.length) throw new MalformedFrameError('index-out-of-range', `envelope ${i}: target ${target} outside 0..${targets.length - 1}`);
    if (sender < 0 || sender > senders.length) throw new MalformedFrameError('index-out-of-range', `envelope ${i}: sender ${sender} outside 0..${senders.length} (1-based, 0 = none)`);
    if (!allowed.includes(e.serializerId)) throw new MalformedFrameError('unknown-serializer', `envelope ${i}: serializer id ${e.serializerId} is not one of ${allowed.join(', ')}`);
    e.typeName = typeNames[typeId]!;
    const t = targets[target]!;
    e.target = { address: t.address, id: t.id, requestId: e.target.requestId };
    if (sender > 0) {
      const s = senders[sender - 1]!;
      e.sender = { address: s.address, id: s.id, requestId: e.sender!.requestId };
    } else e.sender = undefined;
  }
  return { kind: 'batch', envelopes };
}

function readEnvelope(r: ProtoReader, end: number, idx: number[], limits: CodecLimits): WireEnvelope {
  const outerEnd = r.end;
  r.end = end;
  let typeId = 0, target = 0, sender = 0, serializerId = 0, treq = 0, sreq = 0;
  let payload: Uint8Array = EMPTY;
  let headers: Record<string, string> | undefined;
  while (r.pos < end) {
    const { field, wire } = r.tag();
    switch (field) {
      case 1: r.expectWire(wire, WireType.Varint, 'MessageEnvelope.type_id'); typeId = r.int32(); break;
      case 2: r.expectWire(wire, WireType.Len, 'MessageEnvelope.message_data'); payload = r.bytes(limits.maxFrameBytes); break;
      case 3: r.expectWire(wire, WireType.Varint, 'MessageEnvelope.target'); target = r.int32(); break;
      case 4: r.expectWire(wire, WireType.Varint, 'MessageEnvelope.sender'); sender = r.int32(); break;
      case 5: r.expectWire(wire, WireType.Varint, 'MessageEnvelope.serializer_id'); serializerId = r.int32(); break;
      case 6: {
        r.expectWire(wire, WireType.Len, 'MessageEnvelope.message_header');
        const n = r.len(limits.maxFrameBytes);
        headers = readHeader(r, r.pos + n, headers ?? {}, limits);
        break;
      }
      case 7: r.expectWire(wire, WireType.Varint, 'MessageEnvelope.target_request_id'); treq = r.uint32(); break;
      case 8: r.expectWire(wire, WireType.Varint, 'MessageEnvelope.sender_request_id'); sreq = r.uint32(); break;
      default: r.skip(wire);
    }
  }
  r.end = outerEnd;
  idx.push(typeId, target, sender);
  return {
    target: { address: '', id: '', requestId: treq },
    sender: { address: '', id: '', requestId: sreq },
    typeName: '',
    serializerId,
    payload,
    headers,
  };
}

function readHeader(r: ProtoReader, end: number, into: Record<string, string>, limits: CodecLimits): Record<string, string> {
  const outerEnd = r.end;
  r.end = end;
  let count = Object.keys(into).length;
  while (r.pos < end) {
    const { field, wire } = r.tag();
    if (field !== 1) { r.skip(wire); continue; }
    r.expectWire(wire, WireType.Len, 'MessageHeader.header_data');
    const n = r.len(limits.maxFrameBytes);
    const entryEnd = r.pos + n;
    r.end = entryEnd;
    let key = '', value = '';
    while (r.pos < entryEnd) {
      const t = r.tag();
      if (t.field === 1) { r.expectWire(t.wire, WireType.Len, 'header key'); key = r.string(limits.maxStringBytes); }
      else if (t.field === 2) { r.expectWire(t.wire, WireType.Len, 'header value'); value = r.string(limits.maxStringBytes); }
      else r.skip(t.wire);
    }
    r.end = end;
    if (!(key in into) && ++count > limits.maxHeaderEntries) throw new MalformedFrameError('oversize-field', `more than ${limits.maxHeaderEntries} headers`);
    into[key] = value;
  }
  r.end = outerEnd;
  return into;
}

function readPidTarget(r: ProtoReader, maxS: number): WirePid {
  const n = r.len(maxS * 2 + 16);
  const start = r.pos;
  const end = start + n;
  let pid: WirePid | undefined;
  let failure: unknown;
  try {
    pid = readPid(r, end, maxS);
  } catch (err) {
    failure = err;
  }
  r.pos = end;
  if (pid && pid.id) return pid;
  if (isPrintableText(r.buf, start, end)) {
    throw new MalformedFrameError('wrong-dialect', 'a target is a bare id string: the peer speaks the v2025 dialect (string targets), this endpoint expects v2024 (PID targets)');
  }
  if (failure) throw failure;
  throw new MalformedFrameError('missing-field', 'target PID has no Id');
}

function readStringTarget(r: ProtoReader, maxS: number, localAddress: string): WirePid {
  const n = r.len(maxS);
  const start = r.pos;
  const end = start + n;
  if (looksLikePid(r.buf, start, end, maxS)) {
    throw new MalformedFrameError('wrong-dialect', 'a target is an encoded actor.PID: the peer speaks the v2024 dialect (PID targets), this endpoint expects v2025 (string targets)');
  }
  const id = decodeUtf8(r.buf, start, end);
  r.pos = end;
  if (!id) throw new MalformedFrameError('missing-field', 'empty target id');
  return { address: localAddress, id, requestId: 0 };
}

/** A real id never starts with a control byte; an encoded PID starts with tag 0x0a or 0x12 and parses whole. */
function looksLikePid(buf: Uint8Array, start: number, end: number, maxS: number): boolean {
  const first = buf[start];
  if (first !== 0x0a && first !== 0x12) return false;
  try {
    const r = new ProtoReader(buf, start, end);
    const pid = readPid(r, end, maxS);
    return pid.id.length > 0 && r.pos === end;
  } catch {
    return false;
  }
}

function isPrintableText(buf: Uint8Array, start: number, end: number): boolean {
  if (end === start) return false;
  for (let i = start; i < end; i++) if (buf[i]! < 0x20 || buf[i] === 0x7f) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(start, end));
    return true;
  } catch {
    return false;
  }
}

function readConnectRequest(r: ProtoReader, limits: CodecLimits): RemoteMessage {
  let connection: Connection | undefined;
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field !== 1 && field !== 2) { r.skip(wire); continue; }
    r.expectWire(wire, WireType.Len, 'ConnectRequest.connection_type');
    const n = r.len(limits.maxFrameBytes);
    const end = r.pos + n;
    const sub = new ProtoReader(r.buf, r.pos, end);
    let memberId = '', address = '';
    const blockList: string[] = [];
    while (!sub.done) {
      const t = sub.tag();
      if (t.field === 1) { sub.expectWire(t.wire, WireType.Len, 'member_id'); memberId = sub.string(limits.maxStringBytes); }
      else if (t.field === 2 && field === 2) { sub.expectWire(t.wire, WireType.Len, 'address'); address = sub.string(limits.maxStringBytes); }
      else if (t.field === 3 && field === 2) {
        sub.expectWire(t.wire, WireType.Len, 'block_list');
        if (blockList.length >= limits.maxTableEntries) throw new MalformedFrameError('oversize-field', 'block list too long');
        blockList.push(sub.string(limits.maxStringBytes));
      } else sub.skip(t.wire);
    }
    connection = field === 1 ? { type: 'client', memberId } : { type: 'server', memberId, address, blockList };
    r.pos = end;
  }
  if (!connection) throw new MalformedFrameError('missing-field', 'ConnectRequest has no connection_type');
  return { kind: 'connect-request', connection };
}

function readConnectResponse(r: ProtoReader, limits: CodecLimits): RemoteMessage {
  let memberId = '', blocked = false;
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 2) { r.expectWire(wire, WireType.Len, 'ConnectResponse.member_id'); memberId = r.string(limits.maxStringBytes); }
    else if (field === 3) { r.expectWire(wire, WireType.Varint, 'ConnectResponse.blocked'); blocked = r.uint32() !== 0; }
    else r.skip(wire);
  }
  return { kind: 'connect-response', memberId, blocked };
}

const EMPTY = new Uint8Array(0);
export { EMPTY as emptyPayload };
