/**
 * Typed refusals of the CRDT service. Each is a RosettaError subclass (so
 * `err.code` is a gRPC canonical name and `err.status` its number) with a stable
 * machine-readable `reason` within the code, the same strings the mux framing's
 * ERROR/CLOSE frames and rosetta.v1.Error carry (crdt/PROTOCOL.md, "Refusals").
 *
 * @example
 *   const r = await session.receive(bytes);
 *   if (r instanceof CrdtRefusal && r.reason === CrdtReason.ReadOnly) showReadOnlyBanner();
 */
import {
  FailedPreconditionError, InternalError, InvalidArgumentError, PermissionDeniedError, ResourceExhaustedError,
  UnavailableError, type RosettaError, type StatusName,
} from '../protocol/index.js';

/** Reasons, one per refusal; wire-visible, never renamed. */
export const CrdtReason = {
  UpdateTooLarge: 'update-too-large',
  DocumentTooLarge: 'document-too-large',
  MalformedUpdate: 'malformed-update',
  MalformedMessage: 'malformed-message',
  MalformedFrame: 'malformed-frame',
  InvalidDocumentName: 'invalid-document-name',
  ReadOnly: 'read-only',
  ReadDenied: 'read-denied',
  QueueFull: 'queue-full',
  TooManyDocuments: 'too-many-documents',
  DocumentClosed: 'document-closed',
  ConsistencyUnavailable: 'consistency-unavailable',
  StoreFailure: 'store-failure',
} as const;
export type CrdtReason = (typeof CrdtReason)[keyof typeof CrdtReason];

/** What every CRDT refusal has: a canonical code, a reason, a message. */
export interface CrdtRefusal extends RosettaError {
  readonly reason: CrdtReason;
}

/** An update larger than `limits.maxUpdateBytes` (RESOURCE_EXHAUSTED). */
export class UpdateTooLargeError extends ResourceExhaustedError implements CrdtRefusal {
  override readonly reason = CrdtReason.UpdateTooLarge;
}
/** Applying the update would take the document past `limits.maxDocumentBytes` (RESOURCE_EXHAUSTED). */
export class DocumentTooLargeError extends ResourceExhaustedError implements CrdtRefusal {
  override readonly reason = CrdtReason.DocumentTooLarge;
}
/** Bytes that are not a Yjs v1 update; the document is left untouched (INVALID_ARGUMENT). */
export class MalformedUpdateError extends InvalidArgumentError implements CrdtRefusal {
  override readonly reason = CrdtReason.MalformedUpdate;
}
/** A y-protocols message that cannot be parsed or has an unknown type (INVALID_ARGUMENT); thrown by the wire codec in protocol/documents. */
export { MalformedSyncMessageError as MalformedMessageError } from '../protocol/documents/index.js';
/** A multiplexing frame that cannot be parsed (INVALID_ARGUMENT); thrown by the wire codec in protocol/documents. */
export { MalformedMuxFrameError as MalformedFrameError } from '../protocol/documents/index.js';
/** An empty, oversized or control-character document name (INVALID_ARGUMENT). */
export class InvalidDocumentNameError extends InvalidArgumentError implements CrdtRefusal {
  override readonly reason = CrdtReason.InvalidDocumentName;
}
/** A write (step 2 or update with new content) from a peer that may only read (PERMISSION_DENIED). */
export class ReadOnlyError extends PermissionDeniedError implements CrdtRefusal {
  override readonly reason = CrdtReason.ReadOnly;
}
/** The peer may not read this document, or no longer may (PERMISSION_DENIED). */
export class ReadDeniedError extends PermissionDeniedError implements CrdtRefusal {
  override readonly reason = CrdtReason.ReadDenied;
}
/** A bounded queue (frames waiting for a document to load) is full (RESOURCE_EXHAUSTED). */
export class QueueFullError extends ResourceExhaustedError implements CrdtRefusal {
  override readonly reason = CrdtReason.QueueFull;
}
/** One connection opened more documents than `limits.maxDocumentsPerConnection` (RESOURCE_EXHAUSTED). */
export class TooManyDocumentsError extends ResourceExhaustedError implements CrdtRefusal {
  override readonly reason = CrdtReason.TooManyDocuments;
}
/** The document session is closed (the connection left it, or the registry shut down) (UNAVAILABLE). */
export class DocumentClosedError extends UnavailableError implements CrdtRefusal {
  override readonly reason = CrdtReason.DocumentClosed;
}
/** A consistency level one gateway cannot honestly give (anything above LOCAL) (FAILED_PRECONDITION). */
export class ConsistencyUnavailableError extends FailedPreconditionError implements CrdtRefusal {
  override readonly reason = CrdtReason.ConsistencyUnavailable;
}
/** The embedded store failed to write; nothing was acknowledged (INTERNAL). */
export class StoreFailureError extends InternalError implements CrdtRefusal {
  override readonly reason = CrdtReason.StoreFailure;
}

/** True for any of the refusals above. */
export function isCrdtRefusal(err: unknown): err is CrdtRefusal {
  return err instanceof Error && typeof (err as { reason?: unknown }).reason === 'string' && typeof (err as { code?: unknown }).code === 'string';
}

/** The wire triple of a refusal (numeric gRPC status, reason, message). */
export function refusalToWire(err: RosettaError & { reason?: string }): { status: number; code: StatusName; reason: string; message: string } {
  return { status: err.status, code: err.code, reason: err.reason ?? '', message: err.message };
}
