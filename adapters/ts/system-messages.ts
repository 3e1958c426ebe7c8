/**
 * The Proto.Actor system messages a client exchanges to watch and stop actors,
 * in their protobuf form (`proto/actor.proto`), written and read without a
 * protobuf runtime so the browser bundle stays small:
 * `actor.Watch{Watcher}`, `actor.Unwatch{Watcher}`, `actor.Stop{}` out, `actor.Terminated{who, Why}` in.
 */
import { TypeName, SerializerId, decodePid, encodePid, type WirePid } from '../../protocol/index.js';
import { ProtoReader, WireType } from '../../protocol/codec/proto-reader.js';
import { lenFieldSize, ProtoWriter } from '../../protocol/codec/proto-writer.js';

export const TERMINATED = TypeName.Terminated;

/** Why a watched actor is gone (Proto.Actor's `TerminatedReason`). */
export type TerminatedReason = 'stopped' | 'address-terminated' | 'not-found';
const REASONS: TerminatedReason[] = ['stopped', 'address-terminated', 'not-found'];

export interface Termination {
  who: WirePid;
  why: TerminatedReason;
}

export interface EncodedPayload { typeName: string; serializerId: number; payload: Uint8Array }

/** A message whose only field (1) is a PID: Watch, Unwatch, DeadLetterResponse. */
function pidMessage(typeName: string, pid: WirePid): EncodedPayload {
  const body = encodePid(pid);
  const w = new ProtoWriter(lenFieldSize(body.length));
  w.bytes(1, body);
  return { typeName, serializerId: SerializerId.Protobuf, payload: w.buf };
}

/** `actor.Watch` or `actor.Unwatch` naming `watcher`. */
export function watcherMessage(typeName: typeof TypeName.Watch | typeof TypeName.Unwatch, watcher: WirePid): EncodedPayload {
  return pidMessage(typeName, watcher);
}

export const stopMessage: EncodedPayload = { typeName: TypeName.Stop, serializerId: SerializerId.Protobuf, payload: new Uint8Array(0) };

/** `actor.DeadLetterResponse{Target}`: the answer to a request for an actor this client does not host. */
export function deadLetterResponse(target: WirePid): EncodedPayload {
  return pidMessage(TypeName.DeadLetterResponse, { address: target.address, id: target.id, requestId: 0 });
}

export function readTerminated(payload: Uint8Array): Termination {
  const r = new ProtoReader(payload);
  let who: WirePid = { address: '', id: '', requestId: 0 };
  let why = 0;
  while (!r.done) {
    const t = r.tag();
    if (t.field === 1 && t.wire === WireType.Len) who = decodePid(r.bytes(8192));
    else if (t.field === 2 && t.wire === WireType.Varint) why = r.int32();
    else r.skip(t.wire);
  }
  return { who, why: REASONS[why] ?? 'stopped' };
}
