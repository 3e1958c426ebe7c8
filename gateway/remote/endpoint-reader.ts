/**
 * EndpointReader: serves one inbound `Receive` stream, as protoactor-go's
 * endpoint_reader. The first frame must be a ConnectRequest, answered with
 * ConnectResponse; then every batch is validated whole (a malformed one closes the
 * stream with INVALID_ARGUMENT and a log line — nothing of it is delivered) and its
 * envelopes are handed to the manager. Server-connection peers get nothing else on
 * this stream but DisconnectRequest at shutdown; client-connection peers get their
 * replies here.
 */
import * as grpc from '@grpc/grpc-js';
import { decodeRemoteMessage, encodeBatch, encodeRemoteMessage, MalformedFrameError, type Connection, type Dialect, type WireEnvelope } from '../../protocol/index.js';
import type { Principal } from '../auth/index.js';
import { AuthError } from '../auth/index.js';
import { bearerToken } from './bearer-token.js';
import type { Logger } from './log.js';

/** Frames a stream may send before its token is verified (bounded, cf. Hocuspocus GHSA-xwhh-v746-pj9m). */
const MAX_PRE_AUTH_FRAMES = 64;
const MAX_PRE_AUTH_BYTES = 5 * 1024 * 1024;

export interface ReaderHost {
  /** Verifies the stream's `authorization: Bearer` metadata once; absent = no authentication. */
  authenticate?: (token: string | undefined) => Promise<Principal>;
  memberId: string;
  advertisedAddress: string;
  logger: Logger;
  dialectFor(peerAddress: string | undefined): Dialect;
  deliver(envelopes: WireEnvelope[], from: InboundStream): void;
  opened(stream: InboundStream): void;
  closed(stream: InboundStream): void;
}

export type DuplexCall = grpc.ServerDuplexStream<Buffer, Buffer>;

export class InboundStream {
  connection: Connection | undefined;
  dialect: Dialect;
  /** Who this stream authenticated as (undefined when authentication is off). */
  principal: Principal | undefined;
  /** Gives the stream's slot back to its tenant's connection quota (set when it took one). */
  releaseConnection: (() => void) | undefined;
  private ended = false;
  private preAuth: Buffer[] | null = null;
  private preAuthBytes = 0;
  private expiryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly call: DuplexCall, private readonly host: ReaderHost) {
    this.dialect = host.dialectFor(undefined);
    if (host.authenticate) this.startAuthentication(host.authenticate);
    call.on('data', (buf: Buffer) => {
      if (this.preAuth === null) { this.onFrame(buf); return; }
      this.preAuth.push(buf);
      this.preAuthBytes += buf.length;
      if (this.preAuth.length > MAX_PRE_AUTH_FRAMES || this.preAuthBytes > MAX_PRE_AUTH_BYTES) {
        this.fail(grpc.status.RESOURCE_EXHAUSTED, 'too much data before authentication completed');
      }
    });
    call.on('end', () => { this.finish(); call.end(); });
    call.on('error', () => this.finish());
    call.on('cancelled', () => this.finish());
  }

  private startAuthentication(authenticate: (token: string | undefined) => Promise<Principal>): void {
    this.preAuth = [];
    authenticate(bearerToken(this.call.metadata)).then((principal) => {
      if (this.ended) return;
      this.principal = principal;
      const ms = principal.expiresAt * 1000 - Date.now();
      this.expiryTimer = setTimeout(() => this.fail(grpc.status.UNAUTHENTICATED, 'expired: token expired during the connection'), Math.max(0, Math.min(ms, 2 ** 31 - 1)));
      this.expiryTimer.unref();
      const queued = this.preAuth ?? [];
      this.preAuth = null;
      for (const f of queued) this.onFrame(f);
    }, (err: unknown) => {
      const reason = err instanceof AuthError ? err.message : 'token could not be verified';
      this.host.logger.warn('authentication failed', { peer: this.peer, reason: err instanceof AuthError ? err.reason : 'error' });
      this.fail(grpc.status.UNAUTHENTICATED, reason);
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
      this.connection = msg.connection;
      this.dialect = this.host.dialectFor(msg.connection.type === 'server' ? msg.connection.address : undefined);
      this.call.write(Buffer.from(encodeRemoteMessage({ kind: 'connect-response', memberId: this.host.memberId, blocked: false }, { dialect: this.dialect })));
      this.host.logger.info('peer connected', { peer: this.peer, type: msg.connection.type, member: msg.connection.memberId, ...(msg.connection.type === 'server' ? { address: msg.connection.address } : {}) });
      this.host.opened(this);
      return;
    }
    if (msg.kind === 'batch') this.host.deliver(msg.envelopes, this);
    else if (msg.kind === 'disconnect') this.finish();
    else this.fail(grpc.status.FAILED_PRECONDITION, `unexpected ${msg.kind} after the handshake`);
  }

  /** Replies for client-connection peers travel back on their own stream. */
  send(envelopes: WireEnvelope[]): void {
    if (this.ended) return;
    this.call.write(Buffer.from(encodeBatch(envelopes, { dialect: this.dialect })));
  }

  disconnect(): void {
    if (this.ended) return;
    this.call.write(Buffer.from(encodeRemoteMessage({ kind: 'disconnect' }, { dialect: this.dialect })));
    this.call.end();
    this.finish();
  }

  /** Closes the stream with a status the peer sees (logged). */
  fail(code: grpc.status, details: string): void {
    this.host.logger.warn('closing inbound stream', { peer: this.peer, code: grpc.status[code], details });
    this.finish();
    this.call.emit('error', { code, details, metadata: new grpc.Metadata() });
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.preAuth = null;
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.host.closed(this);
  }
}
