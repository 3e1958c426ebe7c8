/**
 * EndpointReader: serves one inbound `Receive` stream, as protoactor-go's
 * endpoint_reader — the gRPC adapter over the edge. The shared ConnectionGate
 * verifies the bearer token (frames that arrive meanwhile are held, bounded), takes
 * the tenant's connection slot and ends the stream at expiry or revocation. The
 * first frame must be a ConnectRequest, which the host binds — a server
 * connection's declared address is claimed for the token's tenant, a client
 * connection becomes a session with its member id — or refuses with a status. Then
 * every batch is validated whole (a malformed one closes the stream with
 * INVALID_ARGUMENT — nothing of it is delivered) and goes through the edge pipeline
 * as this connection. Server-connection peers get nothing else on this stream but
 * DisconnectRequest at shutdown; client-connection peers get everything for their
 * actors here.
 */
import * as grpc from '@grpc/grpc-js';
import {
  decodeRemoteMessage, encodeRemoteMessage, MalformedFrameError, reasonFirst, RosettaError, type Connection, type Dialect, type WireEnvelope,
} from '../../protocol/index.js';
import type { PID } from '../actors/index.js';
import type { Principal } from '../auth/index.js';
import { ConnectionGate, type GateHost } from '../edge/connection-gate.js';
import { deliverInbound, type EdgeConnection, type EdgeSpace } from '../edge/inbound-pipeline.js';
import type { PeerIdentity } from '../edge/peer-identity.js';
import { bearerToken } from './bearer-token.js';
import type { Logger } from '../log/logger.js';

/** What a stream became at its handshake: who it speaks for, in which tenant, how it is answered. */
export interface StreamBinding {
  readonly identity: PeerIdentity;
  readonly space: EdgeSpace;
  refuse(error: RosettaError, envelope: WireEnvelope | undefined, sender: PID | undefined): void;
  ownActorStopped?(id: string): void;
  /** The stream ended: give back what it held (its address, its session, its names). */
  release(): void;
}

export interface ReaderHost extends GateHost {
  memberId: string;
  advertisedAddress: string;
  logger: Logger;
  dialectFor(peerAddress: string | undefined): Dialect;
  /** Binds a stream's ConnectRequest, or throws a RosettaError whose status refuses the stream. */
  connect(stream: InboundStream, connection: Connection): StreamBinding;
  closed(stream: InboundStream): void;
}

export type DuplexCall = grpc.ServerDuplexStream<Buffer, Buffer>;

export class InboundStream implements EdgeConnection {
  connection: Connection | undefined;
  dialect: Dialect;
  private binding: StreamBinding | undefined;
  private readonly gate: ConnectionGate<Buffer>;
  private ended = false;
  private unwritten = 0;
  private peerAddress: string | undefined;
  readonly targetsCarryAddress = false;

  constructor(private readonly call: DuplexCall, private readonly host: ReaderHost) {
    this.dialect = host.dialectFor(undefined);
    this.peerAddress = call.getPeer();
    this.gate = new ConnectionGate<Buffer>(host, {
      open: () => {}, // the stream binds at its ConnectRequest, after the gate took its slot
      frame: (buf) => this.onFrame(buf),
      refuse: (error) => this.fail(error.status, reasonFirst(error)),
      end: (error) => this.fail(grpc.status.UNAUTHENTICATED, reasonFirst(error)),
    });
    call.on('data', (buf: Buffer) => this.guarded(() => this.gate.push(buf, buf.length)));
    call.on('end', () => { this.finish(); call.end(); });
    call.on('error', () => this.finish());
    call.on('cancelled', () => this.finish());
    this.gate.authenticate(bearerToken(call.metadata));
  }

  /** Who this stream authenticated as (undefined when authentication is off). */
  get principal(): Principal | undefined { return this.gate.principal; }
  get identity(): PeerIdentity { return this.binding!.identity; }
  get space(): EdgeSpace { return this.binding!.space; }

  refuse(error: RosettaError, envelope: WireEnvelope | undefined, sender: PID | undefined): void {
    this.binding?.refuse(error, envelope, sender);
  }

  ownActorStopped(id: string): void {
    this.binding?.ownActorStopped?.(id);
  }

  /** A handler must never end the process: an unexpected error fails this stream alone. */
  private guarded(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.host.log.warn('stream handler failed; stream closed', { error: err instanceof Error ? err.message : String(err) }, 'grpc-handler-failed');
      this.fail(grpc.status.INTERNAL, 'internal error');
    }
  }

  /** The peer's transport address, read once (grpc-js forgets it after the stream closes). */
  get peer(): string {
    return (this.peerAddress ??= this.call.getPeer());
  }

  private onFrame(buf: Buffer): void {
    if (this.ended) return;
    let msg;
    try {
      msg = decodeRemoteMessage(buf, { dialect: this.dialect, localAddress: this.host.advertisedAddress });
    } catch (err) {
      const reason = err instanceof MalformedFrameError ? err.message : String(err);
      this.fail(grpc.status.INVALID_ARGUMENT, `malformed RemoteMessage: ${reason}`);
      return;
    }
    if (this.connection === undefined) {
      if (msg.kind !== 'connect-request') {
        this.fail(grpc.status.FAILED_PRECONDITION, `the first message must be a ConnectRequest, got ${msg.kind}`);
        return;
      }
      this.handshake(msg.connection);
      return;
    }
    if (msg.kind === 'batch') deliverInbound(msg.envelopes, this, this.host.log);
    else if (msg.kind === 'disconnect') this.finish();
    else this.fail(grpc.status.FAILED_PRECONDITION, `unexpected ${msg.kind} after the handshake`);
  }

  private handshake(connection: Connection): void {
    this.connection = connection;
    this.dialect = this.host.dialectFor(connection.type === 'server' ? connection.address : undefined);
    try {
      this.binding = this.host.connect(this, connection);
    } catch (err) {
      if (!(err instanceof RosettaError)) throw err;
      this.host.log.warn('connection refused', { peer: this.peer, type: connection.type, code: err.code, reason: err.reason }, `refused-connect:${err.reason}`);
      this.fail(err.status, reasonFirst(err));
      return;
    }
    this.call.write(Buffer.from(encodeRemoteMessage({ kind: 'connect-response', memberId: this.host.memberId, blocked: false }, { dialect: this.dialect })));
    this.host.logger.info('peer connected', {
      peer: this.peer, type: connection.type, member: connection.memberId, owner: this.binding.identity.owner, tenant: this.binding.space.tenant,
    });
  }

  /** Writes a frame for a client-connection peer on its own stream. */
  write(frame: Uint8Array, written?: () => void): void {
    if (this.ended) return;
    const n = frame.byteLength;
    this.unwritten += n;
    this.call.write(Buffer.from(frame.buffer, frame.byteOffset, n), () => {
      this.unwritten -= n;
      written?.();
    });
  }

  /**
   * Bytes of frames written and not yet taken by HTTP/2 (held while the peer's flow-control window
   * is closed): what the session's slow-consumer bound is checked against. Counted here because
   * the call's own `writableLength` counts messages, not bytes (the stream is in object mode).
   */
  get bufferedBytes(): number {
    return this.unwritten;
  }

  disconnect(): void {
    if (this.ended) return;
    this.call.write(Buffer.from(encodeRemoteMessage({ kind: 'disconnect' }, { dialect: this.dialect })));
    this.call.end();
    this.finish();
  }

  /** Closes the stream with a status the peer sees (logged, rate-limited). */
  fail(code: grpc.status, details: string): void {
    if (this.ended) return;
    this.host.log.warn('closing inbound stream', { peer: this.peer, code: grpc.status[code], details }, `fail:${code}`);
    this.finish();
    this.call.emit('error', { code, details, metadata: new grpc.Metadata() });
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.gate.closed();
    const b = this.binding;
    this.binding = undefined;
    if (b !== undefined) {
      b.release();
      this.host.logger.info('peer disconnected', { peer: this.peer, owner: b.identity.owner, tenant: b.space.tenant });
    }
    this.host.closed(this);
  }
}
