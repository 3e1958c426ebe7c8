/** gRPC transport: Proto.Actor remoting for an ActorSystem. */
export { Remote, type RemoteOptions } from './remote.js';
export { TypedMessage, RawMessage, ActorPidRequest, ActorPidResponse, ActorPidStatus } from '../serialization/typed-message.js';
export { TypeRegistry } from '../serialization/type-registry.js';
export { consoleLogger, silentLogger, type Logger } from '../log/logger.js';
