/**
 * The wire contract shared by every Rosetta language: typed errors, the
 * Proto.Actor remoting codec (both dialects) and the WebSocket msgpack codec.
 * No transport code lives here.
 */
export * from './errors.js';
export { TokenExpiredError, AUTH_REASONS, type AuthReason } from './auth-reasons.js';
export * from './well-known-ids.js';
export { TypeName } from './type-names.js';
export { CloseCode, closeCodeFor } from './close-codes.js';
export type { Dialect, WirePid, WireEnvelope, Connection, RemoteMessage } from './codec/wire-model.js';
export { MalformedFrameError, type MalformedReason } from './codec/malformed-frame-error.js';
export { defaultLimits, type CodecLimits } from './codec/limits.js';
export { SerializerId, ALL_SERIALIZERS, PROTO_ACTOR_SERIALIZERS } from './codec/serializer-ids.js';
export { encodePid, decodePid } from './codec/pid-codec.js';
export { encodeStringValue, decodeStringValue, STRING_VALUE } from './codec/string-value.js';
export { decodeRemoteMessage, type RemoteCodecOptions } from './codec/remote-message-codec.js';
export { encodeRemoteMessage, encodeBatch, type EncodeOptions } from './codec/remote-message-encoder.js';
export { encodeWsFrame, decodeWsFrame, FrameType, WS_SUBPROTOCOL_MSGPACK, type WsFrame } from './codec/ws-frame-codec.js';
export { encodeWsFrameProtobuf, decodeWsFrameProtobuf, WS_SUBPROTOCOL_PROTOBUF } from './codec/ws-protobuf-codec.js';
export { wsCodecFor, WS_SUBPROTOCOLS, type WsCodec } from './codec/ws-codecs.js';
