/**
 * EndpointReader: serves one inbound `Receive` stream, as protoactor-go's
 * endpoint_reader. The bearer token is verified first (frames that arrive before
 * are held, bounded); the first frame must be a ConnectRequest, which the host
 * binds — a server connection's declared address is claimed for the token's tenant,
 * a client connection becomes a session with its member id — or refuses with a
 * status. Then every batch is validated whole (a malformed one closes the stream
 * with INVALID_ARGUMENT — nothing of it is delivered) and goes through the edge
 * pipeline as this connection. Server-connection peers get nothing else on this
 * stream but DisconnectRequest at shutdown; client-connection peers get everything
 * for their actors here.
 */
import * as grpc from '@grpc/grpc-js';
import {
  decodeRemoteMessage, encodeRemoteMessage, MalformedFrameError, RosettaError, type Connection, type Dialect, type WireEnvelope,
} from '../../protocol/index.js';
import type { PID } from '../actors/index.js';
import type { Principal } from '../auth/index.js';
import { AuthError } from '../auth/index.js';
import { deliverInbound, type EdgeConnection, type EdgeCounters, type EdgeSpace } from '../edge/inbound-pipeline.js';
import type { PeerIdentity } from '../edge/peer-identity.js';
import type { RateLimitedLog } from '../edge/rate-limited-log.js';
import { bearerToken } from './bearer-token.js';
import type { Logger } from './log.js';

/** Frames a stream may send before its token is verified (bounded, cf. Hocuspocus GHSA-xwhh-v746-pj9m). */
const MAX_PRE_AUTH_FRAMES = 64;
const MAX_PRE_AUTH_BYTES = 5 * 1024 * 1024;

/** What a stream became at its handshake: who it speaks for, in which tenant, how it is answered. */
export interface StreamBinding {
  readonly identity: PeerIdentity;
  readonly space: EdgeSpace;
  refuse(error: RosettaError, envelope: WireEnvelope | undefined, sender: PID | undefined): void;
  ownActorStopped?(id: string): void;
  /** The stream ended: give back what it held (its address, its session, its names, its quota slot). */
  release(): void;
}

export interface ReaderHost {
  /** Verifies the stream's `authorization: Bearer` metadata once; absent = no authentication. */
  authenticate?: (token: string | undefined) => Promise<Principal>;
  memberId: string;
  advertisedAddress: string;
  logger: Logger;
  log: RateLimitedLog;
  counters: EdgeCounters;
  dialectFor(peerAddress: string | undefined): Dialect;
  /** Binds a stream's ConnectRequest, or throws a RosettaError whose status refuses the stream. */
  connect(stream: InboundStream, connection: Connection): StreamBinding;
  closed(stream: InboundStream): void;
}

export type DuplexCall = grpc.ServerDuplexStream<Buffer, Buffer>;

export class InboundStream implements EdgeConnection {
  connection: Connection | undefined;
  dialect: Dialect;
  /** Who this stream authenticated as (undefined when authentication is off). */
  principal: Principal | undefined;
  private binding: StreamBinding | undefined;
  private ended = false;
  private preAuth: Buffer[] | null = null;
  private preAuthBytes = 0;
  private expiryTimer: NodeJS.Timeout | undefined;
  readonly targetsCarryAddress = false;

  constructor(private readonly call: DuplexCall, private readonly host: ReaderHost) {
    this.dialect = host.dialectFor(undefined);
    if (host.authenticate) this.startAuthentication(host.authenticate);
    call.on('data', (buf: Buffer) => this.guarded(() => {
      if (this.preAuth === null) { this.onFrame(buf); return; }
      this.preAuth.push(buf);
      this.preAuthBytes += buf.length;
      if (this.preAuth.length > MAX_PRE_AUTH_FRAMES || this.preAuthBytes > MAX_PRE_AUTH_BYTES) {
        this.fail(grpc.status.RESOURCE_EXHAUSTED, 'too much data before authentication completed');
      }
    }));
    call.on('end', () => { this.finish(); call.end(); });
    call.on('error', () => this.finish());
    call.on('cancelled', () => this.finish());
  }

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

  private startAuthentication(authenticate: (token: string | undefined) => Promise<Principal>): void {
    this.preAuth = [];
    authenticate(bearerToken(this.call.metadata)).then((principal) => this.guarded(() => {
      if (this.ended) return;
      this.principal = principal;
      const ms = principal.expiresAt * 1000 - Date.now();
      this.expiryTimer = setTimeout(() => this.fail(grpc.status.UNAUTHENTICATED, 'expired: token expired during the connection'), Math.max(0, Math.min(ms, 2 ** 31 - 1)));
      this.expiryTimer.unref();
      const queued = this.preAuth ?? [];
      this.preAuth = null;
      for (const f of queued) this.onFrame(f);
    }), (err: unknown) => {
      const reason = err instanceof AuthError ? err.reason : 'error';
      this.host.log.warn('authentication failed', { peer: this.peer, reason }, `grpc-auth:${reason}`);
      this.fail(grpc.status.UNAUTHENTICATED, err instanceof AuthError ? err.message : 'token could not be verified');
    });
  }

  get peer(): string {
    return this.call.getPeer();
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
    if (msg.kind === 'batch') deliverInbound(msg.envelopes, this, this.host.counters, this.host.log);
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
      this.fail(err.status, err.message);
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
    this.call.write(Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength), written);
  }

  get bufferedBytes(): number {
    return this.call.writableLength;
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
    this.preAuth = null;
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    const b = this.binding;
    this.binding = undefined;
    b?.release();
    this.host.closed(this);
  }
}
