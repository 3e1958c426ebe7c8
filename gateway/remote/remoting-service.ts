/**
 * The grpc-js service definition of Proto.Actor's `remote.Remoting` service.
 *
 * Frames cross grpc-js as raw bytes: the (de)serializers are identities and the
 * hand-written codec in protocol/ decodes only what routing needs. proto-loader
 * objects cost about twice as much per envelope (see bench/codec-protobuf), and
 * payloads stay opaque on the way through.
 */
import type { ServiceDefinition, MethodDefinition } from '@grpc/grpc-js';

const identity = (b: Buffer): Buffer => b;

function bytesMethod(name: string, requestStream: boolean, responseStream: boolean): MethodDefinition<Buffer, Buffer> {
  return {
    path: `/remote.Remoting/${name}`,
    requestStream,
    responseStream,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
    originalName: name.charAt(0).toLowerCase() + name.slice(1),
  };
}

/** `Receive` is the bidirectional stream every peer uses; the two unary calls are operators' diagnostics. */
export const remotingService: ServiceDefinition = {
  Receive: bytesMethod('Receive', true, true),
  ListProcesses: bytesMethod('ListProcesses', false, false),
  GetProcessDiagnostics: bytesMethod('GetProcessDiagnostics', false, false),
};
