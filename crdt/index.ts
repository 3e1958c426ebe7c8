/**
 * crdt/: replicated state on Yjs documents (update format v1), per tenant,
 * durable in the embedded LMDB store. No transport here: the gateway feeds
 * bytes into SyncSession / MuxConnection and writes what they send.
 */
export * from './errors.js';
export { crdtLimits, defaultCrdtLimits, type CrdtLimits } from './limits.js';
export { CrdtStore, type SnapshotRecord } from './update-store.js';
export { UpdateLog, type LoadedLog } from './update-log.js';
export { validateUpdate, isEmptyUpdate, EMPTY_UPDATE } from './update-validation.js';
export { LiveDocument, type Broadcast, type DocumentPeer } from './live-document.js';
export { DocumentRegistry, type DocumentHooks, type DocumentEvent, type DocumentRegistryOptions } from './document-registry.js';
export { Debouncer } from './debouncer.js';
export {
  MessageType, SyncType, readMessage, encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate, encodeAwareness,
  encodeQueryAwareness, encodePermissionDenied, type SyncMessage,
} from '../protocol/documents/index.js';
export { SyncSession, type SyncSessionOptions } from './sync-session.js';
export { authorize, accessOf, fullAccess, readOnlyAccess, MutablePrincipal, type CrdtPrincipal, type CrdtOperation, type DocumentAccess } from './authorization.js';
export { MuxKind, encodeMuxFrame, decodeMuxFrame, muxPrefix, framePrefixed, type MuxFrame, type MuxRefusal } from '../protocol/documents/index.js';
export { MuxConnection, type MuxConnectionOptions } from './mux-connection.js';
export { KvStore, type KvEntry, type KvChange, type KvObserver } from './kv-store.js';
export { ReplicatedState, DocumentChanged, DocumentClosed, changedKeys, type ReplicatedStateOptions } from './replicated-state.js';
export { replicatedProps, type ReplicatedPropsOptions } from './replicated-props.js';
export { CrdtService, CrdtStructure, CrdtConsistency } from './crdt-service.js';
export { CrdtRequest } from './crdt-request.js';
export { jsonToValue, valueToJson, entryToProto, entryFromProto, type ProtoEntry, type ProtoValue } from './proto-values.js';
