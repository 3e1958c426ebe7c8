/**
 * One WebSocket from upgrade to close: the hello (token) → authenticating →
 * open → closed state machine. Frames a client pipelines after its hello are held
 * (bounded, as on gRPC streams) until its token is verified, then handled in order
 * — or dropped with the connection when it is refused. Once open, the connection
 * is an EdgeConnection: its batches go through the edge pipeline into its tenant,
 * its actors (`ws$<session>/…`) are a HostedSession; the token's expiry closes it
 * (4403).
 */
import type { WebSocket } from 'ws';
import { MalformedFrameError, StatusCode, type CodecLimits, type RosettaError, type WireEnvelope, type WsCodec, type WsFrame } from '../../protocol/index.js';
import { TerminatedReason, type PID } from '../actors/index.js';
import { AuthError, TokenExpiredError, type Principal } from '../auth/index.js';
import { HostedSession } from '../edge/hosted-session.js';
import { deliverInbound, type EdgeConnection, type EdgeCounters } from '../edge/inbound-pipeline.js';
import { sessionIdentity, type PeerIdentity } from '../edge/peer-identity.js';
import type { RateLimitedLog } from '../edge/rate-limited-log.js';
import type { Logger } from '../remote/log.js';
import { CloseCode } from './close-codes.js';
import { WsSessionTransport } from './ws-session-transport.js';
import type { WsSpace } from './ws-space.js';

/** Frames a client may send before its token is verified (cf. Hocuspocus GHSA-xwhh-v746-pj9m). */
const MAX_PRE_AUTH_FRAMES = 64;
const MAX_PRE_AUTH_BYTES = 5 * 1024 * 1024;

export interface ConnectionHost {
  authenticate?: (token: string | undefined) => Promise<Principal>;
  logger: Logger;
  log: RateLimitedLog;
  counters: EdgeCounters;
  maxFrameBytes: number;
  /** Decoder limits (one object for every connection: codecs resolve it once). */
  limits: Partial<CodecLimits>;
  maxBufferedBytes: number;
  helloTimeoutMs: number;
  spaceFor(principal: Principal | undefined): WsSpace;
  opened(connection: WsConnection): void;
  /** The socket closed (welcomed or not). */
  closed(connection: WsConnection): void;
}

export class WsConnection implements EdgeConnection {
  private state: 'hello' | 'authenticating' | 'open' | 'closed' = 'hello';
  session: HostedSession | undefined;
  space!: WsSpace;
  principal: Principal | undefined;
  readonly identity: PeerIdentity;
  readonly targetsCarryAddress = true;
  private held: WsFrame[] = [];
  private heldBytes = 0;
  private expiry: NodeJS.Timeout | undefined;
  private releaseConnection: (() => void) | undefined;
  private helloTimer: NodeJS.Timeout | undefined;
  /** A pong (or any frame) arrived since the last ping. */
  private alive = true;

  /** `host` is shared by every connection of a gateway (nothing per connection but this object). */
  constructor(private readonly socket: WebSocket, private readonly codec: WsCodec, readonly address: string, private readonly host: ConnectionHost) {
    this.identity = sessionIdentity(address, () => this.space.system.address);
    this.helloTimer = setTimeout(() => this.reject(CloseCode.HelloTimeout, StatusCode.DEADLINE_EXCEEDED, 'no hello'), host.helloTimeoutMs);
    socket.on('message', (data: Buffer, isBinary: boolean) => this.guarded(() => this.onMessage(data, isBinary)));
    socket.on('pong', () => { this.alive = true; });
    socket.on('close', () => this.guarded(() => this.onClose()));
    socket.on('error', () => socket.terminate());
  }

  terminate(): void {
    this.socket.terminate();
  }

  /** Liveness, once per interval: a connection silent since the last ping is dropped, a live one pinged again. */
  ping(): void {
    if (!this.alive) { this.socket.terminate(); return; }
    this.alive = false;
    this.socket.ping();
  }

  /** EdgeConnection: refusals are error frames answering the refused request. */
  refuse(error: RosettaError, envelope: WireEnvelope | undefined, sender: PID | undefined): void {
    this.session?.refuse(error, sender?.requestId ?? 0, sender);
  }

  ownActorStopped(id: string): void {
    this.session?.actorStopped(id, TerminatedReason.Stopped);
  }

  /** A handler must never end the process: an unexpected error closes this connection alone. */
  private guarded(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.host.log.warn('websocket handler failed; connection closed', { error: err instanceof Error ? err.message : String(err) }, 'ws-handler-failed');
      this.reject(CloseCode.InternalError, StatusCode.INTERNAL, 'internal error');
    }
  }

  private reject(code: number, status: number, message: string): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.held = [];
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(this.codec.encode({ type: 'error', code: status, message, ref: 0 }));
    this.socket.close(code, message.slice(0, 120));
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    if (this.state === 'closed') return;
    this.alive = true;
    if (!isBinary) { this.reject(CloseCode.ProtocolError, StatusCode.INVALID_ARGUMENT, `text frames are not part of ${this.codec.subprotocol}`); return; }
    let frame: WsFrame;
    try {
      frame = this.codec.decode(data, this.host.limits);
    } catch (err) {
      this.reject(CloseCode.ProtocolError, StatusCode.INVALID_ARGUMENT, err instanceof MalformedFrameError ? err.message : 'bad frame');
      return;
    }
    if (this.state === 'hello') { this.onHello(frame); return; }
    if (this.state === 'authenticating') {
      this.held.push(frame);
      this.heldBytes += data.length;
      if (this.held.length > MAX_PRE_AUTH_FRAMES || this.heldBytes > MAX_PRE_AUTH_BYTES) this.reject(CloseCode.ProtocolError, StatusCode.RESOURCE_EXHAUSTED, 'too much data before authentication completed');
      return;
    }
    this.onFrame(frame);
  }

  private onHello(frame: WsFrame): void {
    if (frame.type !== 'hello') { this.reject(CloseCode.ProtocolError, StatusCode.INVALID_ARGUMENT, 'the first frame must be hello'); return; }
    clearTimeout(this.helloTimer);
    this.helloTimer = undefined;
    this.state = 'authenticating';
    const auth = this.host.authenticate ? this.host.authenticate(frame.token || undefined) : Promise.resolve(undefined);
    auth.then((p) => this.guarded(() => this.open(p)), (err: unknown) => {
      this.host.log.warn('websocket authentication failed', { reason: err instanceof AuthError ? err.reason : 'error' }, `ws-auth:${err instanceof AuthError ? err.reason : 'error'}`);
      // One rule on every path: an expired token is 4403, any other refused token 4401.
      const close = err instanceof TokenExpiredError ? CloseCode.TokenExpired : CloseCode.Unauthenticated;
      this.reject(close, StatusCode.UNAUTHENTICATED, err instanceof AuthError ? err.message : 'token could not be verified');
    });
  }

  private open(p: Principal | undefined): void {
    if (this.state === 'closed') return;
    const space = this.host.spaceFor(p);
    try {
      this.releaseConnection = space.quota?.acquireConnection();
    } catch (err) {
      this.reject(CloseCode.OverQuota, StatusCode.RESOURCE_EXHAUSTED, (err as Error).message);
      return;
    }
    this.space = space;
    this.principal = p;
    const session = new HostedSession(this.identity, new WsSessionTransport(this.socket, this.codec), space, this.host.maxBufferedBytes);
    this.session = session;
    space.sessions.add(session);
    this.state = 'open';
    this.host.opened(this);
    if (p) {
      this.expiry = setTimeout(() => {
        session.refuse(new TokenExpiredError('token expired during the connection'));
        session.end('expired', 'token expired');
      }, Math.max(0, Math.min(p.expiresAt * 1000 - Date.now(), 2 ** 31 - 1)));
      this.expiry.unref();
    }
    this.socket.send(this.codec.encode({ type: 'welcome', sessionId: this.address, address: space.system.address, maxFrameBytes: this.host.maxFrameBytes }));
    const held = this.held;
    this.held = [];
    for (const f of held) this.onFrame(f);
  }

  private onFrame(frame: WsFrame): void {
    if (this.state !== 'open') return;
    if (frame.type === 'batch') deliverInbound(frame.envelopes, this, this.host.counters, this.host.log);
    else if (frame.type === 'ping') this.socket.send(this.codec.encode({ type: 'pong', nonce: frame.nonce }));
    else if (frame.type !== 'pong') this.reject(CloseCode.ProtocolError, StatusCode.INVALID_ARGUMENT, `unexpected ${frame.type} frame`);
  }

  private onClose(): void {
    this.state = 'closed';
    this.held = [];
    clearTimeout(this.helloTimer);
    if (this.expiry) clearTimeout(this.expiry);
    this.releaseConnection?.();
    if (this.session) {
      this.session.ended();
      this.space.sessions.remove(this.session);
      this.space.names?.unregisterOwner(this.identity.owner);
    }
    this.host.closed(this);
  }
}
