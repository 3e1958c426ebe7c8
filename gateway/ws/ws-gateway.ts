/**
 * WebSocket transport (`rosetta.v1.msgpack`, protocol/PROTOCOL.md) for browsers and
 * light clients. A client opens with a hello frame carrying its token (verified
 * once), is welcomed with its session id, then exchanges batch frames. Its
 * actors are PIDs at the gateway's own address with ids `ws$<session>/<name>`, so
 * any actor — TS, or a Go node that can only dial the gateway — can address them;
 * the session's envelopes must name one of its own PIDs as sender.
 *
 * @example
 *   const ws = new WsGateway(system, { host: '127.0.0.1', port: 8080, authenticate: (t) => verifier.verify(t) });
 *   await ws.start(); // ws://127.0.0.1:8080
 */
import { WebSocketServer, type WebSocket } from 'ws';
import type { IncomingMessage } from 'node:http';
import {
  MalformedFrameError, StatusCode, WS_SUBPROTOCOL_MSGPACK, wsCodecFor, type WireEnvelope, type WsCodec,
} from '../../protocol/index.js';
import { MessageEnvelope, PID, Stop, Terminated, TerminatedReason, Unwatch, Watch, type ActorSystem } from '../actors/index.js';
import { AuthError, denial, type Principal } from '../auth/index.js';
import type { NameRegistry } from '../registry/index.js';
import { DEFAULT_TENANT, TenantSpaces, type TenantQuota } from '../tenancy/index.js';
import { consoleLogger, type Logger } from '../remote/log.js';
import { MessageSerialization } from '../remote/message-serialization.js';
import { TypeRegistry } from '../remote/type-registry.js';
import { CloseCode } from './close-codes.js';
import { WsSession } from './ws-session.js';

export interface WsGatewayOptions {
  host: string;
  port: number;
  authenticate?: (token: string | undefined) => Promise<Principal>;
  /** Unread bytes a client may accumulate before it is disconnected as a slow consumer. Default 8 MiB. */
  maxBufferedBytes?: number;
  maxFrameBytes?: number;
  helloTimeoutMs?: number;
  pingIntervalMs?: number;
  types?: TypeRegistry;
  /** Names registered by a session's actors are dropped when it closes. */
  names?: NameRegistry;
  logger?: Logger;
}

const SESSION_PREFIX = 'ws$';

interface Space {
  system: ActorSystem;
  names: NameRegistry | undefined;
  serialization: MessageSerialization;
  /** The tenant's quota (none for a single-system gateway). */
  quota: TenantQuota | undefined;
}

export class WsGateway {
  private server: WebSocketServer | undefined;
  /** Live sessions by session id; each belongs to one tenant space. */
  private readonly sessions = new Map<string, { session: WsSession; tenant: string }>();
  private readonly spaces = new Map<string, Space>();
  private seq = 0;
  private readonly unregisters: (() => void)[] = [];
  private pinger: NodeJS.Timeout | undefined;
  private readonly types: TypeRegistry;
  private readonly logger: Logger;
  url = '';
  /** Envelopes refused by permission checks since start. */
  denied = 0;

  /** Given TenantSpaces, each session lives in its token's tenant space (ids resolve only there). */
  constructor(private readonly target: ActorSystem | TenantSpaces, private readonly o: WsGatewayOptions) {
    this.types = o.types ?? new TypeRegistry();
    this.logger = o.logger ?? consoleLogger;
  }

  private spaceFor(tenant: string): Space {
    const key = this.target instanceof TenantSpaces ? tenant : DEFAULT_TENANT;
    let sp = this.spaces.get(key);
    if (sp === undefined) {
      const ts = this.target instanceof TenantSpaces ? this.target.get(key) : undefined;
      const system = ts ? ts.system : (this.target as ActorSystem);
      sp = { system, names: ts ? ts.names : this.o.names, serialization: new MessageSerialization(this.types, () => system.address), quota: ts?.quota };
      this.spaces.set(key, sp);
      // A session's actors resolve only inside its own tenant's registry.
      this.unregisters.push(system.registry.registerLocalResolver((pid) => {
        if (!pid.id.startsWith(SESSION_PREFIX)) return undefined;
        const slash = pid.id.indexOf('/');
        const entry = slash > 0 ? this.sessions.get(pid.id.slice(0, slash)) : undefined;
        return entry !== undefined && entry.tenant === key ? entry.session : undefined;
      }));
    }
    return sp;
  }

  async start(): Promise<string> {
    const o = this.o;
    const maxFrame = o.maxFrameBytes ?? 4 * 1024 * 1024;
    const server = new WebSocketServer({
      host: o.host,
      port: o.port,
      maxPayload: maxFrame,
      perMessageDeflate: false,
      // Unknown subprotocols are refused at the upgrade, before any frame; of several offered, the client's first we speak wins.
      verifyClient: (info: { req: IncomingMessage }) => String(info.req.headers['sec-websocket-protocol'] ?? '').split(',').some((p) => wsCodecFor(p.trim()) !== undefined),
      handleProtocols: (protocols: Set<string>) => [...protocols].find((p) => wsCodecFor(p) !== undefined) ?? false,
    });
    await new Promise<void>((resolve, reject) => { server.once('listening', resolve); server.once('error', reject); });
    this.server = server;
    const addr = server.address() as { port: number };
    this.url = `ws://${o.host}:${addr.port}`;
    server.on('connection', (socket) => this.accept(socket, maxFrame));
    const alive = new WeakSet<WebSocket>();
    server.on('connection', (s) => { alive.add(s); s.on('pong', () => alive.add(s)); });
    this.pinger = setInterval(() => {
      for (const s of server.clients) {
        if (!alive.has(s)) { s.terminate(); continue; }
        alive.delete(s);
        s.ping();
      }
    }, o.pingIntervalMs ?? 30_000);
    this.pinger.unref();
    return this.url;
  }

  private accept(socket: WebSocket, maxFrame: number): void {
    const codec: WsCodec = wsCodecFor(socket.protocol) ?? wsCodecFor(WS_SUBPROTOCOL_MSGPACK)!;
    const address = `${SESSION_PREFIX}${(++this.seq).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    let session: WsSession | undefined;
    let principal: Principal | undefined;
    let space: Space | undefined;
    let state: 'hello' | 'authenticating' | 'open' | 'closed' = 'hello';
    let expiry: NodeJS.Timeout | undefined;
    let releaseConnection: (() => void) | undefined;
    const reject = (code: number, status: number, message: string): void => {
      if (state === 'closed') return;
      state = 'closed';
      if (socket.readyState === socket.OPEN) socket.send(codec.encode({ type: 'error', code: status, message, ref: 0 }));
      socket.close(code, message.slice(0, 120));
    };
    const helloTimer = setTimeout(() => reject(CloseCode.HelloTimeout, StatusCode.DEADLINE_EXCEEDED, 'no hello'), this.o.helloTimeoutMs ?? 10_000);

    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (state === 'closed') return;
      if (!isBinary) { reject(CloseCode.ProtocolError, StatusCode.INVALID_ARGUMENT, `text frames are not part of ${codec.subprotocol}`); return; }
      let frame;
      try {
        frame = codec.decode(data, { maxFrameBytes: maxFrame });
      } catch (err) {
        reject(CloseCode.ProtocolError, StatusCode.INVALID_ARGUMENT, err instanceof MalformedFrameError ? err.message : 'bad frame');
        return;
      }
      if (state === 'hello') {
        if (frame.type !== 'hello') { reject(CloseCode.ProtocolError, StatusCode.INVALID_ARGUMENT, 'the first frame must be hello'); return; }
        clearTimeout(helloTimer);
        state = 'authenticating';
        const auth = this.o.authenticate ? this.o.authenticate(frame.token || undefined) : Promise.resolve(undefined);
        auth.then((p) => {
          if (state === 'closed') return;
          principal = p;
          space = this.spaceFor(p?.tenant ?? DEFAULT_TENANT);
          try {
            releaseConnection = space.quota?.acquireConnection();
          } catch (err) {
            reject(CloseCode.OverQuota, StatusCode.RESOURCE_EXHAUSTED, (err as Error).message);
            return;
          }
          session = new WsSession(address, socket, codec, space.system, space.serialization, this.o.maxBufferedBytes ?? 8 * 1024 * 1024, space.quota);
          this.sessions.set(address, { session, tenant: this.target instanceof TenantSpaces ? p?.tenant ?? DEFAULT_TENANT : DEFAULT_TENANT });
          state = 'open';
          if (p) {
            expiry = setTimeout(() => { session?.error(StatusCode.UNAUTHENTICATED, 'expired: token expired during the connection'); session?.close(CloseCode.TokenExpired, 'token expired'); }, Math.max(0, Math.min(p.expiresAt * 1000 - Date.now(), 2 ** 31 - 1)));
            expiry.unref();
          }
          socket.send(codec.encode({ type: 'welcome', sessionId: address, address: space.system.address, maxFrameBytes: maxFrame }));
        }, (err: unknown) => {
          this.logger.warn('websocket authentication failed', { reason: err instanceof AuthError ? err.reason : 'error' });
          reject(CloseCode.Unauthenticated, StatusCode.UNAUTHENTICATED, err instanceof AuthError ? err.message : 'token could not be verified');
        });
        return;
      }
      if (state !== 'open' || !session || !space) { reject(CloseCode.ProtocolError, StatusCode.FAILED_PRECONDITION, 'frames before authentication completed'); return; }
      if (frame.type === 'batch') this.deliver(frame.envelopes, session, space, principal);
      else if (frame.type === 'ping') socket.send(codec.encode({ type: 'pong', nonce: frame.nonce }));
      else if (frame.type !== 'pong') reject(CloseCode.ProtocolError, StatusCode.INVALID_ARGUMENT, `unexpected ${frame.type} frame`);
    });
    socket.on('close', () => {
      state = 'closed';
      clearTimeout(helloTimer);
      if (expiry) clearTimeout(expiry);
      session?.ended();
      releaseConnection?.();
      this.sessions.delete(address);
      space?.names?.unregisterWhere((pid) => pid.id.startsWith(address + '/'));
    });
    socket.on('error', () => socket.terminate());
  }

  private deliver(envelopes: WireEnvelope[], session: WsSession, space: Space, principal: Principal | undefined): void {
    const system = space.system;
    const admitted = space.quota ? space.quota.admitEnvelopes(envelopes.length) : envelopes.length;
    if (admitted < envelopes.length) this.refuseOverRate(envelopes, admitted, session, space.quota!);
    for (let i = 0; i < admitted; i++) {
      const e = envelopes[i]!;
      if (e.sender && !e.sender.id.startsWith(session.address + '/')) {
        session.error(StatusCode.INVALID_ARGUMENT, `sender ${e.sender.address}/${e.sender.id} is not one of this session's PIDs`);
        continue;
      }
      const sender = e.sender ? new PID(system.address, e.sender.id, e.sender.requestId) : undefined;
      const target = new PID(e.target.address || system.address, e.target.id, e.target.requestId);
      let message: unknown;
      try {
        message = space.serialization.fromWire(e.typeName, e.serializerId, e.payload);
      } catch (err) {
        session.error(StatusCode.INVALID_ARGUMENT, (err as Error).message, e.sender?.requestId ?? 0);
        continue;
      }
      const denied = denial(principal, e.target.id, message);
      if (denied) {
        this.denied++;
        this.logger.warn('websocket envelope denied', { tenant: principal!.tenant, subject: principal!.subject, target: e.target.id });
        session.error(StatusCode.PERMISSION_DENIED, denied, e.sender?.requestId ?? 0);
        continue;
      }
      if (message instanceof Stop && e.target.id.startsWith(session.address + '/')) {
        session.actorStopped(e.target.id, TerminatedReason.Stopped); // the client stopped one of its own actors
      } else if (message instanceof Watch || message instanceof Unwatch || message instanceof Stop || message instanceof Terminated) {
        system.registry.resolve(target).sendSystemMessage(target, message);
      } else {
        system.sendUser(target, e.headers && Object.keys(e.headers).length > 0 ? new MessageEnvelope(message, e.headers) : message, sender);
      }
    }
  }

  /** Envelopes past the tenant's rate are not delivered: requests fail with RESOURCE_EXHAUSTED, sends are reported once per batch. */
  private refuseOverRate(envelopes: WireEnvelope[], from: number, session: WsSession, quota: TenantQuota): void {
    const message = quota.exhaustedMessage('envelopes');
    let unanswered = 0;
    for (let i = from; i < envelopes.length; i++) {
      const ref = envelopes[i]!.sender?.requestId ?? 0;
      if (ref !== 0) session.error(StatusCode.RESOURCE_EXHAUSTED, message, ref);
      else unanswered++;
    }
    if (unanswered > 0) session.error(StatusCode.RESOURCE_EXHAUSTED, `${message}: ${unanswered} envelopes refused`);
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  async shutdown(): Promise<void> {
    if (this.pinger) clearInterval(this.pinger);
    for (const { session } of this.sessions.values()) session.close(CloseCode.GoingAway, 'gateway shutting down');
    for (const u of this.unregisters) u();
    const server = this.server;
    if (server) {
      for (const c of server.clients) c.terminate();
      await new Promise<void>((r) => server.close(() => r()));
    }
  }
}
