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
  decodeWsFrame, encodeWsFrame, MalformedFrameError, StatusCode, WS_SUBPROTOCOL_MSGPACK, type WireEnvelope,
} from '../../protocol/index.js';
import { MessageEnvelope, PID, Stop, Terminated, Unwatch, Watch, type ActorSystem } from '../actors/index.js';
import { AuthError, denial, type Principal } from '../auth/index.js';
import type { NameRegistry } from '../registry/index.js';
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

export class WsGateway {
  private server: WebSocketServer | undefined;
  private readonly sessions = new Map<string, WsSession>();
  private seq = 0;
  private unregister: (() => void) | undefined;
  private pinger: NodeJS.Timeout | undefined;
  private readonly serialization: MessageSerialization;
  private readonly logger: Logger;
  url = '';
  /** Envelopes refused by permission checks since start. */
  denied = 0;

  constructor(private readonly system: ActorSystem, private readonly o: WsGatewayOptions) {
    this.serialization = new MessageSerialization(o.types ?? new TypeRegistry(), () => system.address);
    this.logger = o.logger ?? consoleLogger;
  }

  async start(): Promise<string> {
    const o = this.o;
    const maxFrame = o.maxFrameBytes ?? 4 * 1024 * 1024;
    const server = new WebSocketServer({
      host: o.host,
      port: o.port,
      maxPayload: maxFrame,
      perMessageDeflate: false,
      // Unknown subprotocols are refused at the upgrade, before any frame.
      verifyClient: (info: { req: IncomingMessage }) => String(info.req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim()).includes(WS_SUBPROTOCOL_MSGPACK),
      handleProtocols: (protocols: Set<string>) => (protocols.has(WS_SUBPROTOCOL_MSGPACK) ? WS_SUBPROTOCOL_MSGPACK : false),
    });
    await new Promise<void>((resolve, reject) => { server.once('listening', resolve); server.once('error', reject); });
    this.server = server;
    const addr = server.address() as { port: number };
    this.url = `ws://${o.host}:${addr.port}`;
    this.unregister = this.system.registry.registerLocalResolver((pid) => {
      if (!pid.id.startsWith(SESSION_PREFIX)) return undefined;
      const slash = pid.id.indexOf('/');
      return slash > 0 ? this.sessions.get(pid.id.slice(0, slash)) : undefined;
    });
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
    const address = `${SESSION_PREFIX}${(++this.seq).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    const session = new WsSession(address, socket, this.system, this.serialization, this.o.maxBufferedBytes ?? 8 * 1024 * 1024);
    let principal: Principal | undefined;
    let state: 'hello' | 'authenticating' | 'open' = 'hello';
    let expiry: NodeJS.Timeout | undefined;
    const helloTimer = setTimeout(() => session.close(CloseCode.HelloTimeout, 'no hello'), this.o.helloTimeoutMs ?? 10_000);
    const reject = (code: number, status: number, message: string): void => { session.error(status, message); session.close(code, message.slice(0, 120)); };

    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) { reject(CloseCode.ProtocolError, StatusCode.INVALID_ARGUMENT, 'text frames are not part of rosetta.v1.msgpack'); return; }
      let frame;
      try {
        frame = decodeWsFrame(data, { maxFrameBytes: maxFrame });
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
          if (session.closed) return;
          principal = p;
          state = 'open';
          this.sessions.set(address, session);
          if (p) {
            expiry = setTimeout(() => reject(CloseCode.TokenExpired, StatusCode.UNAUTHENTICATED, 'expired: token expired during the connection'), Math.max(0, Math.min(p.expiresAt * 1000 - Date.now(), 2 ** 31 - 1)));
            expiry.unref();
          }
          socket.send(encodeWsFrame({ type: 'welcome', sessionId: address, address: this.system.address, maxFrameBytes: maxFrame }));
        }, (err: unknown) => {
          this.logger.warn('websocket authentication failed', { reason: err instanceof AuthError ? err.reason : 'error' });
          reject(CloseCode.Unauthenticated, StatusCode.UNAUTHENTICATED, err instanceof AuthError ? err.message : 'token could not be verified');
        });
        return;
      }
      if (state !== 'open') { reject(CloseCode.ProtocolError, StatusCode.FAILED_PRECONDITION, 'frames before authentication completed'); return; }
      if (frame.type === 'batch') this.deliver(frame.envelopes, session, principal);
      else if (frame.type === 'ping') socket.send(encodeWsFrame({ type: 'pong', nonce: frame.nonce }));
      else if (frame.type !== 'pong') reject(CloseCode.ProtocolError, StatusCode.INVALID_ARGUMENT, `unexpected ${frame.type} frame`);
    });
    socket.on('close', () => {
      clearTimeout(helloTimer);
      if (expiry) clearTimeout(expiry);
      session.closed = true;
      this.sessions.delete(address);
      this.o.names?.unregisterWhere((pid) => pid.id.startsWith(address + '/'));
    });
    socket.on('error', () => socket.terminate());
  }

  private deliver(envelopes: WireEnvelope[], session: WsSession, principal: Principal | undefined): void {
    const system = this.system;
    for (const e of envelopes) {
      if (e.sender && !e.sender.id.startsWith(session.address + '/')) {
        session.error(StatusCode.INVALID_ARGUMENT, `sender ${e.sender.address}/${e.sender.id} is not one of this session's PIDs`);
        continue;
      }
      const sender = e.sender ? new PID(system.address, e.sender.id, e.sender.requestId) : undefined;
      const target = new PID(e.target.address || system.address, e.target.id, e.target.requestId);
      let message: unknown;
      try {
        message = this.serialization.fromWire(e.typeName, e.serializerId, e.payload);
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
      if (message instanceof Watch || message instanceof Unwatch || message instanceof Stop || message instanceof Terminated) {
        system.registry.resolve(target).sendSystemMessage(target, message);
      } else {
        system.sendUser(target, e.headers && Object.keys(e.headers).length > 0 ? new MessageEnvelope(message, e.headers) : message, sender);
      }
    }
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  async shutdown(): Promise<void> {
    if (this.pinger) clearInterval(this.pinger);
    for (const s of this.sessions.values()) s.close(CloseCode.GoingAway, 'gateway shutting down');
    this.unregister?.();
    const server = this.server;
    if (server) {
      for (const c of server.clients) c.terminate();
      await new Promise<void>((r) => server.close(() => r()));
    }
  }
}
