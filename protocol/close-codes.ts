import type { RosettaError } from './errors.js';

/** WebSocket close codes Rosetta uses (4xxx: application-defined, Hocuspocus style). */
export const CloseCode = {
  /** Normal closure. */
  Normal: 1000,
  /** The frame or handshake violated rosetta.v1.msgpack. */
  ProtocolError: 4400,
  /** No valid token (missing, malformed, forged, revoked…). */
  Unauthenticated: 4401,
  /** The token has expired (at the hello or during the connection): reconnect with a fresh one. */
  TokenExpired: 4403,
  /** The token does not allow what the connection is for (a document it may not read). */
  PermissionDenied: 4406,
  /** No hello within the deadline. */
  HelloTimeout: 4408,
  /** The client did not read fast enough: its send buffer passed the limit. */
  SlowConsumer: 4429,
  /** The tenant is at its connection quota (RESOURCE_EXHAUSTED); retrying later may succeed. */
  OverQuota: 4430,
  /** The gateway is shutting down. */
  GoingAway: 1001,
  /** The gateway hit an unexpected condition handling this connection (the connection alone is closed). */
  InternalError: 1011,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** The close code that goes with a refusal, by its code and reason (one rule for every path). */
export function closeCodeFor(error: RosettaError): number {
  switch (error.code) {
    case 'UNAUTHENTICATED': return error.reason === 'expired' ? CloseCode.TokenExpired : CloseCode.Unauthenticated;
    case 'DEADLINE_EXCEEDED': return CloseCode.HelloTimeout;
    case 'PERMISSION_DENIED': return CloseCode.PermissionDenied;
    case 'RESOURCE_EXHAUSTED':
      if (error.reason === 'slow-consumer') return CloseCode.SlowConsumer;
      if (error.reason === 'connections') return CloseCode.OverQuota;
      return CloseCode.ProtocolError;
    case 'INTERNAL': return CloseCode.InternalError;
    case 'UNAVAILABLE': return CloseCode.GoingAway; // not now (shutting down, document evicted): reconnecting may succeed
    default: return CloseCode.ProtocolError;
  }
}
