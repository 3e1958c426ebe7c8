/**
 * How TS actors see payloads that crossed the wire, and how they send typed
 * payloads to Go or JVM peers.
 *
 * - `TypedMessage`: a decoded payload with its type name and the serializer it
 *   came in (protobuf 0, JSON 1, msgpack 32). Reply with the same serializer by
 *   passing `ctx.message.serializerId` back.
 * - `RawMessage`: a payload nobody here can decode (unknown protobuf type): it is
 *   still routed, forwarded and answered — the gateway never needs to understand it.
 * - A JS `string` travels as `google.protobuf.StringValue`, which every
 *   protoactor-go binary can decode without code generation.
 *
 * @example
 *   ctx.send(goPid, new TypedMessage('google.protobuf.Int32Value', { value: 7 }));
 */
import { SerializerId } from '../../protocol/index.js';

export class TypedMessage<T = Record<string, unknown>> {
  constructor(
    readonly typeName: string,
    readonly value: T,
    readonly serializerId: number = SerializerId.Protobuf,
  ) {}
}

export class RawMessage {
  constructor(
    readonly typeName: string,
    readonly serializerId: number,
    readonly payload: Uint8Array,
  ) {}
}

/** Proto.Actor's remote spawn request (`remote.ActorPidRequest`), answered by the activator. */
export class ActorPidRequest {
  constructor(readonly name: string, readonly kind: string) {}
}

/** Proto.Actor's status codes for `remote.ActorPidResponse`. */
export const ActorPidStatus = { OK: 0, Unavailable: 1, Timeout: 2, ProcessNameAlreadyExists: 3, Error: 4, DeadLetter: 5 } as const;

export class ActorPidResponse {
  constructor(readonly pid: import('../actors/index.js').PID | undefined, readonly statusCode: number) {}
}
