/**
 * Protobuf types the gateway can decode: Proto.Actor's `actor` and `remote`
 * messages, Rosetta's `rosetta.v1`, Google's well-known wrappers, and any
 * .proto files an application loads. Built on protobufjs directly, the engine
 * inside @grpc/proto-loader: proto-loader produces grpc-js service definitions
 * (used for `remote.Remoting`, see gateway/remote/remoting-service.ts), not codecs
 * for arbitrary payload types looked up by name at run time, which is what
 * routing opaque payloads and decoding typed ones needs.
 */
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import protobuf from 'protobufjs';

const protoDir = fileURLToPath(new URL('../../../protocol/proto/', import.meta.url));

export class TypeRegistry {
  readonly root = new protobuf.Root();
  private readonly cache = new Map<string, protobuf.Type | null>();

  constructor() {
    this.root.resolvePath = (origin, target) => {
      if (target.startsWith('google/protobuf/')) return target; // served from protobufjs' bundled commons
      if (target === 'actor.proto') return join(protoDir, 'actor.proto');
      return origin ? join(dirname(origin), target) : target;
    };
    this.root.loadSync([
      join(protoDir, 'actor.proto'),
      join(protoDir, 'remote-v2025', 'remote.proto'),
      join(protoDir, 'rosetta.proto'),
      join(protoDir, 'crdt.proto'),
      'google/protobuf/wrappers.proto',
      'google/protobuf/empty.proto',
      'google/protobuf/struct.proto',
    ], { keepCase: true });
  }

  /** Adds an application's .proto files (their messages become decodable payloads). */
  load(...files: string[]): void {
    this.root.loadSync(files, { keepCase: true });
    this.cache.clear();
  }

  /** The type for a full name (`pkg.Message`), or undefined when unknown. */
  lookup(typeName: string): protobuf.Type | undefined {
    let t = this.cache.get(typeName);
    if (t === undefined) {
      try {
        t = this.root.lookupType(typeName);
      } catch {
        t = null;
      }
      this.cache.set(typeName, t);
    }
    return t ?? undefined;
  }
}
