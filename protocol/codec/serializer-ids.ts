/**
 * Payload serializer ids carried by every envelope. 0 and 1 are Proto.Actor's own
 * (Go and .NET). Applications register custom serializers from 2 upward, so
 * Rosetta's msgpack takes 32, out of their way. Legacy Go (2024) panics on any id
 * above 1: encoders restrict ids per peer (`allowedSerializers`).
 */
export const SerializerId = {
  Protobuf: 0,
  Json: 1,
  Msgpack: 32,
} as const;
export type SerializerId = (typeof SerializerId)[keyof typeof SerializerId];

export const ALL_SERIALIZERS: readonly number[] = [SerializerId.Protobuf, SerializerId.Json, SerializerId.Msgpack];
/** What a Proto.Actor Go peer can decode. */
export const PROTO_ACTOR_SERIALIZERS: readonly number[] = [SerializerId.Protobuf, SerializerId.Json];
