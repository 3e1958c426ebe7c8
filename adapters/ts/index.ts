/** The Rosetta client for browsers and Node (WebSocket, rosetta.v1.msgpack). */
export { RosettaClient, type ConnectOptions, type HandlerContext, type PidLike } from './client.js';
export type { Typed } from './payloads.js';
export * from '../../protocol/errors.js';
