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
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { StatusCode, WS_SUBPROTOCOL_MSGPACK, wsCodecFor, type WsCodec } from '../../protocol/index.js';
import type { ActorSystem } from '../actors/index.js';
import type { Principal } from '../auth/index.js';
import type { NameRegistry } from '../registry/index.js';
import { DEFAULT_TENANT, TenantSpaces } from '../tenancy/index.js';
import { consoleLogger, type Logger } from '../remote/log.js';
import { MessageSerialization } from '../remote/message-serialization.js';
import { TypeRegistry } from '../remote/type-registry.js';
import { CloseCode } from './close-codes.js';
import { WsConnection, type ConnectionHost } from './ws-connection.js';
import { deliverFromClient } from './ws-inbound.js';
import type { WsSession } from './ws-session.js';
import type { WsSpace } from './ws-space.js';

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
  /** JSON answered to plain HTTP GETs by path, e.g. `{ '/.well-known/jwks.json': () => keys.jwks() }`. */
  httpRoutes?: Record<string, () => unknown>;
  /** Names registered by a session's actors are dropped when it closes. */
  names?: NameRegistry;
  logger?: Logger;
}

const SESSION_PREFIX = 'ws$';

export class WsGateway {
  private server: WebSocketServer | undefined;
  private http: Server | undefined;
  /** Live sessions by session id; each belongs to one tenant space. */
  private readonly sessions = new Map<string, { session: WsSession; tenant: string; principal: Principal | undefined }>();
  private readonly spaces = new Map<string, WsSpace>();
  private seq = 0;
  private readonly unregisters: (() => void)[] = [];
  private pinger: NodeJS.Timeout | undefined;
  private readonly types: TypeRegistry;
  private readonly logger: Logger;
  url = '';
  private readonly counters = { denied: 0 };
  /** Every open socket, welcomed or not (for liveness pings). */
  private readonly connections = new Set<WsConnection>();
  private host: ConnectionHost | undefined;
  /** Envelopes refused by permission checks since start. */
  get denied(): number { return this.counters.denied; }

  /** Given TenantSpaces, each session lives in its token's tenant space (ids resolve only there). */
  constructor(private readonly target: ActorSystem | TenantSpaces, private readonly o: WsGatewayOptions) {
    this.types = o.types ?? new TypeRegistry();
    this.logger = o.logger ?? consoleLogger;
  }

  private spaceFor(tenant: string): WsSpace {
    const key = this.target instanceof TenantSpaces ? tenant : DEFAULT_TENANT;
    let sp = this.spaces.get(key);
    if (sp === undefined) {
      const ts = this.target instanceof TenantSpaces ? this.target.get(key) : undefined;
      const system = ts ? ts.system : (this.target as ActorSystem);
      sp = { tenant: key, system, names: ts ? ts.names : this.o.names, serialization: new MessageSerialization(this.types, () => system.address), quota: ts?.quota };
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
    // Plain HTTP GETs on the same port answer the configured JSON routes (e.g. the issuer's JWKS).
    const http = createServer((req, res) => {
      const route = req.method === 'GET' ? o.httpRoutes?.[new URL(req.url ?? '/', 'http://x').pathname] : undefined;
      if (route === undefined) { res.writeHead(426, { 'content-type': 'text/plain' }).end('WebSocket only: rosetta.v1.msgpack, rosetta.v1.protobuf\n'); return; }
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=60' }).end(JSON.stringify(route()));
    });
    this.http = http;
    const server = new WebSocketServer({
      server: http,
      maxPayload: maxFrame,
      perMessageDeflate: false,
      clientTracking: false, // the gateway tracks its connections itself
      // Unknown subprotocols are refused at the upgrade, before any frame; of several offered, the client's first we speak wins.
      verifyClient: (info: { req: IncomingMessage }) => String(info.req.headers['sec-websocket-protocol'] ?? '').split(',').some((p) => wsCodecFor(p.trim()) !== undefined),
      handleProtocols: (protocols: Set<string>) => [...protocols].find((p) => wsCodecFor(p) !== undefined) ?? false,
    });
    await new Promise<void>((resolve, reject) => { http.once('error', reject); http.listen(o.port, o.host, () => resolve()); });
    this.server = server;
    const addr = http.address() as { port: number };
    this.url = `ws://${o.host}:${addr.port}`;
    this.host = this.connectionHost(maxFrame);
    server.on('connection', (socket) => this.accept(socket));
    this.pinger = setInterval(() => { for (const c of this.connections) c.ping(); }, o.pingIntervalMs ?? 30_000);
    this.pinger.unref();
    return this.url;
  }

  /** What every connection shares: one object per gateway, so a connection costs only its own state. */
  private connectionHost(maxFrame: number): ConnectionHost {
    return {
      authenticate: this.o.authenticate,
      logger: this.logger,
      maxFrameBytes: maxFrame,
      limits: { maxFrameBytes: maxFrame },
      maxBufferedBytes: this.o.maxBufferedBytes ?? 8 * 1024 * 1024,
      helloTimeoutMs: this.o.helloTimeoutMs ?? 10_000,
      spaceFor: (p) => this.spaceFor(p?.tenant ?? DEFAULT_TENANT),
      opened: (session, principal, space) => {
        this.sessions.set(session.address, { session, tenant: space.tenant, principal });
      },
      closed: (connection, session, space) => {
        this.connections.delete(connection);
        if (session === undefined) return;
        this.sessions.delete(session.address);
        space?.names?.unregisterOwner(session.address);
      },
      deliver: (frame, session, space, principal) => deliverFromClient(frame.envelopes, session, space, principal, this.counters, this.logger),
    };
  }

  private accept(socket: WebSocket): void {
    const codec: WsCodec = wsCodecFor(socket.protocol) ?? wsCodecFor(WS_SUBPROTOCOL_MSGPACK)!;
    const address = `${SESSION_PREFIX}${(++this.seq).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    this.connections.add(new WsConnection(socket, codec, address, this.host!));
  }

  /** Closes every session whose principal matches (a revoked token): error frame UNAUTHENTICATED, close 4401. Returns how many. */
  closeWhere(pred: (p: Principal) => boolean, message: string): number {
    let n = 0;
    for (const { session, principal } of this.sessions.values()) {
      if (principal === undefined || session.closed || !pred(principal)) continue;
      session.error(StatusCode.UNAUTHENTICATED, message);
      session.close(CloseCode.Unauthenticated, message.slice(0, 120));
      n++;
    }
    return n;
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
      for (const c of [...this.connections]) c.terminate();
      await new Promise<void>((r) => server.close(() => r()));
    }
    const http = this.http;
    if (http) { http.closeAllConnections(); await new Promise<void>((r) => http.close(() => r())); }
  }
}
