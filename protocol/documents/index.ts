export { MuxKind, encodeMuxFrame, decodeMuxFrame, muxPrefix, framePrefixed, type MuxFrame, type MuxRefusal } from './mux-frame.js';
export {
  MessageType, SyncType, AuthType, readMessage, encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate, encodeAwareness,
  encodeQueryAwareness, encodePermissionDenied, type SyncMessage,
} from './sync-messages.js';
export { MalformedMuxFrameError, MalformedSyncMessageError } from './malformed.js';
