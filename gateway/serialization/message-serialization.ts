/**
 * Converts between runtime messages and wire payloads (type name, serializer id,
 * bytes). Proto.Actor's own system messages map to their `actor.*` types so Go
 * peers understand watch, termination, stop and dead letters; strings travel as
 * `google.protobuf.StringValue`; `TypedMessage` uses the serializer it names;
 * `RawMessage` passes through untouched.
 */
import { pack, unpack } from 'msgpackr';
import { TypeName, decodeStringValue, encodeStringValue, InvalidArgumentError, RosettaError, SerializerId, STRING_VALUE, errorFromStatus } from '../../protocol/index.js';
import {
  DeadLetterResponse, PID, PoisonPill, Stop, Terminated, Unwatch, Watch, poisonPillMessage, stopMessage, type TerminatedReason,
} from '../actors/index.js';
import { ActorPidRequest, ActorPidResponse, RawMessage, TypedMessage } from './typed-message.js';
import type { TypeRegistry } from './type-registry.js';

export interface WirePayload {
  typeName: string;
  serializerId: number;
  payload: Uint8Array;
}

/** A PID in protobufjs object form (`actor.PID`, keepCase field names). */
type PidObject = { Address?: string; Id?: string; request_id?: number };

const utf8 = new TextEncoder();
const utf8d = new TextDecoder();

export class MessageSerialization {
  constructor(private readonly types: TypeRegistry, private readonly localAddress: () => string) {}

  private pidObject(pid: PID): PidObject {
    const address = pid.address === 'nonhost' ? this.localAddress() : pid.address;
    return { Address: address, Id: pid.id, ...(pid.requestId ? { request_id: pid.requestId } : {}) };
  }

  private proto(typeName: string, value: object): WirePayload {
    const type = this.types.lookup(typeName);
    if (!type) throw new InvalidArgumentError(`unknown protobuf type '${typeName}': load its .proto with remote.types.load()`);
    const err = type.verify(value);
    if (err) throw new InvalidArgumentError(`invalid ${typeName}: ${err}`);
    return { typeName, serializerId: SerializerId.Protobuf, payload: type.encode(type.fromObject(value)).finish() };
  }

  /** Runtime message → wire payload; throws InvalidArgumentError for what cannot cross the wire. */
  toWire(message: unknown): WirePayload {
    if (typeof message === 'string') return { typeName: STRING_VALUE, serializerId: SerializerId.Protobuf, payload: encodeStringValue(message) };
    if (message instanceof RawMessage) return { typeName: message.typeName, serializerId: message.serializerId, payload: message.payload };
    if (message instanceof TypedMessage) {
      switch (message.serializerId) {
        case SerializerId.Protobuf: return this.proto(message.typeName, message.value as object);
        case SerializerId.Json: return { typeName: message.typeName, serializerId: SerializerId.Json, payload: utf8.encode(JSON.stringify(message.value)) };
        case SerializerId.Msgpack: return { typeName: message.typeName, serializerId: SerializerId.Msgpack, payload: pack(message.value) };
        default: throw new InvalidArgumentError(`unknown serializer id ${message.serializerId}`);
      }
    }
    if (message instanceof Watch) return this.proto(TypeName.Watch, { Watcher: this.pidObject(message.watcher) });
    if (message instanceof Unwatch) return this.proto(TypeName.Unwatch, { Watcher: this.pidObject(message.watcher) });
    if (message instanceof Terminated) return this.proto(TypeName.Terminated, { who: this.pidObject(message.who), Why: message.why });
    if (message instanceof Stop) return this.proto(TypeName.Stop, {});
    if (message instanceof PoisonPill) return this.proto(TypeName.PoisonPill, {});
    if (message instanceof DeadLetterResponse) return this.proto(TypeName.DeadLetterResponse, message.target ? { Target: this.pidObject(message.target) } : {});
    if (message instanceof ActorPidRequest) return this.proto(TypeName.ActorPidRequest, { name: message.name, kind: message.kind });
    if (message instanceof ActorPidResponse) return this.proto(TypeName.ActorPidResponse, { ...(message.pid ? { pid: this.pidObject(message.pid) } : {}), status_code: message.statusCode });
    if (message instanceof RosettaError) return this.proto(TypeName.Error, { code: message.status, message: message.message, ...(message.reason ? { reason: message.reason } : {}) });
    const what = message === null ? 'null' : typeof message === 'object' ? (message as object).constructor?.name ?? 'object' : typeof message;
    throw new InvalidArgumentError(`a ${what} cannot cross the wire: send a string, TypedMessage or RawMessage`);
  }

  /** Wire payload → runtime message. Undecodable protobuf types arrive as RawMessage. */
  fromWire(typeName: string, serializerId: number, payload: Uint8Array): unknown {
    if (serializerId === SerializerId.Json) {
      try {
        return new TypedMessage(typeName, JSON.parse(utf8d.decode(payload)), SerializerId.Json);
      } catch (err) {
        throw new InvalidArgumentError(`payload of ${typeName} is not valid JSON`, { cause: err });
      }
    }
    if (serializerId === SerializerId.Msgpack) {
      try {
        return new TypedMessage(typeName, unpack(payload), SerializerId.Msgpack);
      } catch (err) {
        throw new InvalidArgumentError(`payload of ${typeName} is not valid msgpack`, { cause: err });
      }
    }
    if (typeName === STRING_VALUE) {
      try {
        return decodeStringValue(payload);
      } catch (err) {
        throw new InvalidArgumentError(`payload is not a valid ${typeName}`, { cause: err });
      }
    }
    const type = this.types.lookup(typeName);
    if (!type) return new RawMessage(typeName, serializerId, payload);
    let o: Record<string, any>;
    try {
      o = type.toObject(type.decode(payload), { defaults: true, longs: Number, enums: Number }) as Record<string, any>;
    } catch (err) {
      throw new InvalidArgumentError(`payload is not a valid ${typeName}`, { cause: err });
    }
    switch (typeName) {
      case TypeName.Watch: return new Watch(this.pid(o['Watcher']));
      case TypeName.Unwatch: return new Unwatch(this.pid(o['Watcher']));
      case TypeName.Terminated: return new Terminated(this.pid(o['who']), o['Why'] as TerminatedReason);
      case TypeName.Stop: return stopMessage;
      case TypeName.PoisonPill: return poisonPillMessage;
      case TypeName.DeadLetterResponse: return new DeadLetterResponse(o['Target'] ? this.pid(o['Target']) : undefined);
      case TypeName.ActorPidRequest: return new ActorPidRequest(o['name'], o['kind']);
      case TypeName.ActorPidResponse: return new ActorPidResponse(o['pid'] ? this.pid(o['pid']) : undefined, o['status_code']);
      case TypeName.Error: return errorFromStatus(o['code'], o['message'], o['reason'] ? { reason: String(o['reason']) } : undefined);
      default: return new TypedMessage(typeName, o, SerializerId.Protobuf);
    }
  }

  private pid(o: PidObject | null | undefined): PID {
    if (!o || !o.Id) throw new InvalidArgumentError('PID without an Id');
    return new PID(o.Address ?? '', o.Id, o.request_id ?? 0);
  }
}
