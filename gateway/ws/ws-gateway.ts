/**
 * WebSocket transport (`rosetta.v1.msgpack` / `rosetta.v1.protobuf`, protocol/PROTOCOL.md)
 * for browsers and light clients. A client opens with a hello frame carrying its
 * token (verified once), is welcomed with its session id, then exchanges batch
 * frames. Its actors are PIDs at the gateway's own address with ids
 * `ws$<session>/<name>`, so any actor — TS, or a Go node that can only dial the
 * gateway — can address them; everything it sends goes through the edge pipeline.
 *
 * The same port serves replicated documents to stock y-websocket providers at
 * `<yjsPath>/<document>?token=…` (yjs-connection.ts), and answers plain HTTP GETs
 * for configured JSON routes (the issuer's JWKS, /healthz). No request, however malformed, can end the process: the HTTP
 * handlers are guarded, malformed requests are answered 400 by Node's parser and
 * logged rate-limited, slow requests time out, and accept failures (EMFILE) are
 * logged rate-limited instead of thrown.
 *
 * @example
 *   const ws = new WsGateway(spaces, { host: '127.0.0.1', port: 8080, authenticate: (t) => verifier.verify(t) });
 *   await ws.start(); // ws://127.0.0.1:8080
 */
import { WebSocketServer, type WebSocket } from 'ws';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { noopMetrics, type Metrics } from '../actors/index.js';
import { RosettaError, WS_SESSION_PREFIX, WS_SUBPROTOCOL_MSGPACK, wsCodecFor, type WsCodec } from '../../protocol/index.js';
import type { Principal } from '../auth/index.js';
import { EdgeMetrics } from '../edge/edge-metrics.js';
import { LiveConnections } from '../edge/live-connections.js';
import { RateLimitedLog } from '../log/rate-limited-log.js';
import { DEFAULT_TENANT, type TenantSpaces } from '../tenancy/index.js';
import { consoleLogger, type Logger } from '../log/logger.js';
import { MessageSerialization } from '../serialization/message-serialization.js';
import { TypeRegistry } from '../serialization/type-registry.js';
import { LivenessSweep } from './liveness-sweep.js';
import { WsConnection, type ConnectionHost } from './ws-connection.js';
import type { WsSpace } from './ws-space.js';
import { YjsConnection, type YjsHost } from './yjs-connection.js';

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
  /** Where open connections are listed for revocation (shared with the other transports). */
  live?: LiveConnections;
  /** Path prefix of the y-websocket endpoint (`/yjs`); absent: no endpoint. */
  yjsPath?: string;
  metrics?: Metrics;
  logger?: Logger;
}

export class WsGateway {
  private server: WebSocketServer | undefined;
  private http: Server | undefined;
  private readonly spaces = new Map<string, WsSpace>();
  private seq = 0;
  private yjs: WebSocketServer | undefined;
  private liveness: LivenessSweep<WsConnection | YjsConnection> | undefined;
  private readonly types: TypeRegistry;
  private readonly logger: Logger;
  private readonly log: RateLimitedLog;
  private readonly metrics: Metrics;
  url = '';
  /** Every open socket, welcomed or not. */
  private readonly connections = new Set<WsConnection>();
  private readonly documentConnections = new Set<YjsConnection>();
  private host: ConnectionHost | undefined;
  private yjsHost: YjsHost | undefined;

  /** Each session lives in its token's tenant space (ids resolve only there). */
  constructor(private readonly target: TenantSpaces, private readonly o: WsGatewayOptions) {
    this.types = o.types ?? new TypeRegistry();
    this.logger = o.logger ?? consoleLogger;
    this.log = new RateLimitedLog(this.logger);
    this.metrics = o.metrics ?? noopMetrics;
  }

  private spaceFor(tenant: string): WsSpace {
    let sp = this.spaces.get(tenant);
    if (sp === undefined) {
      const ts = this.target.get(tenant);
      const system = ts.system;
      sp = {
        tenant, system, names: ts.names, services: ts.services, quota: ts.quota, sessions: ts.sessions, documents: ts.documents,
        serialization: new MessageSerialization(this.types, () => system.address),
        metrics: new EdgeMetrics(this.metrics, { tenant, transport: 'ws' }),
      };
      this.spaces.set(tenant, sp);
    }
    return sp;
  }

  async start(): Promise<string> {
    const o = this.o;
    const maxFrame = o.maxFrameBytes ?? 4 * 1024 * 1024;
    const http = createServer({ requestTimeout: 30_000, headersTimeout: 10_000, keepAliveTimeout: 5_000 }, (req, res) => this.onHttpRequest(req, res));
    http.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => this.onClientError(err, socket));
    this.http = http;
    const server = new WebSocketServer({
      noServer: true,
      maxPayload: maxFrame,
      perMessageDeflate: false,
      clientTracking: false, // the gateway tracks its connections itself
      // Unknown subprotocols are refused at the upgrade, before any frame; of several offered, the client's first we speak wins.
      verifyClient: (info: { req: IncomingMessage }) => String(info.req.headers['sec-websocket-protocol'] ?? '').split(',').some((p) => wsCodecFor(p.trim()) !== undefined),
      handleProtocols: (protocols: Set<string>) => [...protocols].find((p) => wsCodecFor(p) !== undefined) ?? false,
    });
    server.on('wsClientError', (err: Error, socket: Duplex) => this.onBadUpgrade(err, socket));
    if (o.yjsPath !== undefined) {
      // A stock y-websocket provider offers no subprotocol: any (or none) is accepted on this path.
      this.yjs = new WebSocketServer({ noServer: true, maxPayload: maxFrame, perMessageDeflate: false, clientTracking: false });
      this.yjs.on('wsClientError', (err: Error, socket: Duplex) => this.onBadUpgrade(err, socket));
    }
    http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.onUpgrade(req, socket, head));
    await new Promise<void>((resolve, reject) => { http.once('error', reject); http.listen(o.port, o.host, () => { http.off('error', reject); resolve(); }); });
    http.on('error', (err) => this.onServerError(err));
    this.server = server;
    const addr = http.address() as { port: number };
    this.url = `ws://${o.host}:${addr.port}`;
    this.host = this.connectionHost(maxFrame);
    this.yjsHost = this.documentHost();
    this.liveness = new LivenessSweep(o.pingIntervalMs ?? 30_000);
    this.liveness.start();
    return this.url;
  }

  /** Plain GETs answer the configured JSON routes; everything else 426. Guarded: a bad request never throws out. */
  private onHttpRequest(req: IncomingMessage, res: ServerResponse): void {
    try {
      const raw = req.url ?? '/';
      const q = raw.indexOf('?');
      const path = q < 0 ? raw : raw.slice(0, q);
      const route = req.method === 'GET' && Object.hasOwn(this.o.httpRoutes ?? {}, path) ? this.o.httpRoutes![path] : undefined;
      if (route === undefined) { res.writeHead(426, { 'content-type': 'text/plain' }).end('WebSocket only: rosetta.v1.msgpack, rosetta.v1.protobuf\n'); return; }
      const body = JSON.stringify(route());
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=60' }).end(body);
    } catch (err) {
      this.log.warn('http request failed', { error: err instanceof Error ? err.message : String(err) }, 'http-failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error\n');
    }
  }

  /**
   * Upgrades go by path: `<yjsPath>/<document>` to the y-websocket endpoint, anything else to the
   * session endpoint (which refuses unknown subprotocols). Guarded: a bad request never throws out,
   * and the request line (which may carry a token) is never logged.
   */
  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    try {
      const raw = req.url ?? '/';
      const q = raw.indexOf('?');
      const path = q < 0 ? raw : raw.slice(0, q);
      const prefix = `${this.o.yjsPath}/`;
      if (this.yjs === undefined || !path.startsWith(prefix)) {
        this.server!.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
        return;
      }
      let document: string;
      try {
        document = decodeURIComponent(path.slice(prefix.length));
      } catch {
        this.onBadUpgrade(new Error('document name is not valid percent-encoded UTF-8'), socket);
        return;
      }
      const token = (q < 0 ? null : new URLSearchParams(raw.slice(q + 1)).get('token')) ?? bearerToken(req.headers.authorization);
      this.yjs.handleUpgrade(req, socket, head, (ws) => this.acceptDocument(ws, document, token));
    } catch (err) {
      this.onBadUpgrade(err instanceof Error ? err : new Error(String(err)), socket);
    }
  }

  /** A refused upgrade: 400 and close, never a hanging socket; logged rate-limited, without the request line. */
  private onBadUpgrade(err: Error, socket: Duplex): void {
    this.log.warn('bad websocket upgrade', { error: err.message }, 'ws-upgrade');
    socket.on('error', () => socket.destroy());
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  }

  /** Node's parser refused a request (malformed line or headers, timeouts): answered 400/408 and logged, rate-limited. */
  private onClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
    this.log.warn('malformed http request', { code: err.code ?? 'error' }, `http-client-error:${err.code ?? 'error'}`);
    if (err.code === 'ECONNRESET' || !socket.writable) { socket.destroy(); return; }
    const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
  }

  private onServerError(err: NodeJS.ErrnoException): void {
    if (err.code === 'EMFILE' || err.code === 'ENFILE') {
      this.log.warn('cannot accept connections: out of file descriptors (raise the limit: ulimit -n)', { code: err.code, port: 'websocket' }, `accept:${err.code}`);
      return;
    }
    this.log.warn('websocket server error', { code: err.code, error: err.message }, `ws-server:${err.code}`);
  }

  /** What every connection shares: one object per gateway, so a connection costs only its own state. */
  private connectionHost(maxFrame: number): ConnectionHost {
    return {
      authenticate: this.o.authenticate,
      log: this.log,
      live: this.o.live ?? new LiveConnections(),
      transport: 'ws',
      metrics: this.metrics,
      maxFrameBytes: maxFrame,
      limits: { maxFrameBytes: maxFrame },
      maxBufferedBytes: this.o.maxBufferedBytes ?? 8 * 1024 * 1024,
      helloTimeoutMs: this.o.helloTimeoutMs ?? 10_000,
      spaceFor: (p) => this.spaceFor(p?.tenant ?? DEFAULT_TENANT),
      admit: (p) => this.spaceFor(p?.tenant ?? DEFAULT_TENANT).quota?.acquireConnection() ?? noop,
      closed: (connection) => {
        this.connections.delete(connection);
        this.liveness?.delete(connection);
      },
    };
  }

  /** What every y-websocket connection shares. */
  private documentHost(): YjsHost {
    const host = this.host!;
    return {
      authenticate: host.authenticate,
      log: host.log,
      live: host.live,
      transport: 'yjs',
      metrics: host.metrics,
      maxBufferedBytes: host.maxBufferedBytes,
      spaceFor: host.spaceFor,
      admit: host.admit,
      closed: (connection) => {
        this.documentConnections.delete(connection);
        this.liveness?.delete(connection);
      },
    };
  }

  private acceptDocument(socket: WebSocket, document: string, token: string | undefined): void {
    const c = new YjsConnection(socket, document, token, this.yjsHost!);
    this.documentConnections.add(c);
    this.liveness!.add(c);
  }

  private accept(socket: WebSocket): void {
    const codec: WsCodec = wsCodecFor(socket.protocol) ?? wsCodecFor(WS_SUBPROTOCOL_MSGPACK)!;
    const address = `${WS_SESSION_PREFIX}${(++this.seq).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    const c = new WsConnection(socket, codec, address, this.host!);
    this.connections.add(c);
    this.liveness!.add(c);
  }

  get sessionCount(): number {
    let n = 0;
    for (const c of this.connections) if (c.session !== undefined && !c.session.closed) n++;
    return n;
  }

  async shutdown(): Promise<void> {
    this.liveness?.stop();
    for (const c of this.connections) c.session?.end('going-away', 'gateway shutting down');
    for (const c of this.documentConnections) c.close(new RosettaError('UNAVAILABLE', 'gateway shutting down', { reason: 'going-away' }));
    const server = this.server;
    if (server) {
      for (const c of [...this.connections]) c.terminate();
      for (const c of [...this.documentConnections]) c.terminate();
      await new Promise<void>((r) => server.close(() => r()));
      await new Promise<void>((r) => (this.yjs ? this.yjs.close(() => r()) : r()));
    }
    const http = this.http;
    if (http) { http.closeAllConnections(); await new Promise<void>((r) => http.close(() => r())); }
  }
}

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), for non-browser y-websocket clients. */
function bearerToken(header: string | undefined): string | undefined {
  const m = header === undefined ? null : /^bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : undefined;
}

function noop(): void {}
