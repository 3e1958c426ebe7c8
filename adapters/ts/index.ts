/** The Rosetta client for browsers and Node (WebSocket, rosetta.v1.msgpack). */
export { RosettaClient, TimeoutError, type ConnectOptions, type DocumentFrameListener, type HandlerContext, type PidLike, type Status, type Watching, type Termination, type TerminatedReason } from './client.js';
export type { Typed } from './payloads.js';
export * from '../../protocol/errors.js';
export { TokenExpiredError, type AuthReason } from '../../protocol/auth-reasons.js';
