/** Payloads across the wire: runtime messages ↔ (type name, serializer id, bytes), and the protobuf types known to the gateway. */
export { MessageSerialization, type WirePayload } from './message-serialization.js';
export { TypeRegistry } from './type-registry.js';
export { TypedMessage, RawMessage, ActorPidRequest, ActorPidResponse, ActorPidStatus } from './typed-message.js';
