/**
 * The grpc-js service definition of Proto.Actor's `remote.Remoting` service, loaded
 * by @grpc/proto-loader from protocol/proto/remote-v2025/remote.proto — the method
 * names, paths and streaming flags come from the .proto, not from code here.
 *
 * Where cost matters it is overridden: `Receive` frames cross grpc-js as raw bytes
 * (identity (de)serializers) and the hand-written codec in protocol/ decodes only
 * what routing needs — proto-loader objects cost about twice as much per envelope
 * (bench/codec-protobuf), and payloads stay opaque on the way through. The two
 * diagnostic calls keep proto-loader's codecs (responses as plain objects); their
 * requests are decoded in the handler (`decodeRequest`) so a malformed one is
 * answered INVALID_ARGUMENT rather than grpc-js's INTERNAL.
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

const protoDir = fileURLToPath(new URL('../../../protocol/proto/', import.meta.url));
const identity = (b: Buffer): Buffer => b;

const loaded = loadSync(join(protoDir, 'remote-v2025', 'remote.proto'), {
  keepCase: true, longs: Number, enums: Number, defaults: true, oneofs: true, includeDirs: [protoDir],
})['remote.Remoting'] as unknown as Record<'Receive' | 'ListProcesses' | 'GetProcessDiagnostics', MethodDefinition<object, object>>;

/** A method whose requests reach the handler as bytes. */
const bytesIn = <Res>(m: MethodDefinition<object, Res>): MethodDefinition<Buffer, Res> => ({ ...m, requestSerialize: identity, requestDeserialize: identity });

export const remotingService: ServiceDefinition = {
  Receive: { ...loaded.Receive, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity },
  ListProcesses: bytesIn(loaded.ListProcesses),
  GetProcessDiagnostics: bytesIn(loaded.GetProcessDiagnostics),
};

/** proto-loader's request decoders of the two diagnostic calls (they throw on malformed bytes). */
export const decodeRequest = {
  ListProcesses: (b: Buffer) => loaded.ListProcesses.requestDeserialize(b) as Record<string, any>,
  GetProcessDiagnostics: (b: Buffer) => loaded.GetProcessDiagnostics.requestDeserialize(b) as Record<string, any>,
};
