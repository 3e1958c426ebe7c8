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
