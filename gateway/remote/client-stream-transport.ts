/**
 * How a gRPC client connection carries its HostedSession (PROTOCOL.md §1a): batches
 * on the client's own `Receive` stream in its dialect, refusals as
 * `rosetta.v1.Error` envelopes to the refused sender (or to `$client/<member>`
 * itself), and the session's end as a gRPC status.
 */
import * as grpc from '@grpc/grpc-js';
import { encodeBatch, type Dialect, type RosettaError, type WireEnvelope, type WirePid } from '../../protocol/index.js';
import type { SessionEnd, SessionTransport } from '../edge/hosted-session.js';
import type { MessageSerialization } from '../serialization/message-serialization.js';

/** What the transport needs of its stream. */
export interface ClientStream {
  readonly dialect: Dialect;
  write(frame: Uint8Array, written?: () => void): void;
  readonly bufferedBytes: number;
  fail(code: grpc.status, details: string): void;
}

const STATUS: Record<SessionEnd, grpc.status> = {
  'slow-consumer': grpc.status.RESOURCE_EXHAUSTED,
  unauthenticated: grpc.status.UNAUTHENTICATED,
  expired: grpc.status.UNAUTHENTICATED,
  'going-away': grpc.status.UNAVAILABLE,
};

export class ClientStreamTransport implements SessionTransport {
  constructor(
    private readonly stream: ClientStream,
    private readonly owner: string,
    private readonly gatewayAddress: () => string,
    private readonly serialization: MessageSerialization,
  ) {}

  encode(envelopes: WireEnvelope[]): Uint8Array {
    return encodeBatch(envelopes, { dialect: this.stream.dialect });
  }

  write(frame: Uint8Array, written?: () => void): void {
    this.stream.write(frame, written);
  }

  get bufferedBytes(): number {
    return this.stream.bufferedBytes;
  }

  refuse(error: RosettaError, ref: number, to: WirePid | undefined): void {
    const wire = this.serialization.toWire(error);
    const target = to !== undefined ? { address: this.gatewayAddress(), id: to.id, requestId: ref } : { address: this.gatewayAddress(), id: this.owner, requestId: ref };
    this.stream.write(encodeBatch([{ target, typeName: wire.typeName, serializerId: wire.serializerId, payload: wire.payload }], { dialect: this.stream.dialect }));
  }

  end(why: SessionEnd, message: string): void {
    this.stream.fail(STATUS[why], message);
  }
}
