/** gRPC transport: Proto.Actor remoting for an ActorSystem. */
export { Remote, type RemoteOptions } from './remote.js';
export { TypedMessage, RawMessage, ActorPidRequest, ActorPidResponse, ActorPidStatus } from './typed-message.js';
export { TypeRegistry } from './type-registry.js';
export { consoleLogger, silentLogger, type Logger } from './log.js';
