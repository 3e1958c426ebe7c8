/**
 * WebSocket transport (`rosetta.v1.msgpack` / `rosetta.v1.protobuf`, protocol/PROTOCOL.md)
 * for browsers and light clients. A client opens with a hello frame carrying its
 * token (verified once), is welcomed with its session id, then exchanges batch
 * frames. Its actors are PIDs at the gateway's own address with ids
 * `ws$<session>/<name>`, so any actor — TS, or a Go node that can only dial the
 * gateway — can address them; everything it sends goes through the edge pipeline.
 *
 * The port also answers plain HTTP GETs for configured JSON routes (the issuer's
 * JWKS, /healthz). No request, however malformed, can end the process: the HTTP
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
import { WS_SESSION_PREFIX, WS_SUBPROTOCOL_MSGPACK, wsCodecFor, type WsCodec } from '../../protocol/index.js';
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
  metrics?: Metrics;
  logger?: Logger;
}

export class WsGateway {
  private server: WebSocketServer | undefined;
  private http: Server | undefined;
  private readonly spaces = new Map<string, WsSpace>();
  private seq = 0;
  private liveness: LivenessSweep<WsConnection> | undefined;
  private readonly types: TypeRegistry;
  private readonly logger: Logger;
  private readonly log: RateLimitedLog;
  private readonly metrics: Metrics;
  url = '';
  /** Every open socket, welcomed or not. */
  private readonly connections = new Set<WsConnection>();
  private host: ConnectionHost | undefined;

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
        tenant, system, names: ts.names, services: ts.services, quota: ts.quota, sessions: ts.sessions,
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
      server: http,
      maxPayload: maxFrame,
      perMessageDeflate: false,
      clientTracking: false, // the gateway tracks its connections itself
      // Unknown subprotocols are refused at the upgrade, before any frame; of several offered, the client's first we speak wins.
      verifyClient: (info: { req: IncomingMessage }) => String(info.req.headers['sec-websocket-protocol'] ?? '').split(',').some((p) => wsCodecFor(p.trim()) !== undefined),
      handleProtocols: (protocols: Set<string>) => [...protocols].find((p) => wsCodecFor(p) !== undefined) ?? false,
    });
    server.on('error', (err) => this.onServerError(err));
    // With a listener, ws leaves answering a refused upgrade to us: 400 and close, never a hanging socket.
    server.on('wsClientError', (err: Error, socket: Duplex) => {
      this.log.warn('bad websocket upgrade', { error: err.message }, 'ws-upgrade');
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      else socket.destroy();
    });
    await new Promise<void>((resolve, reject) => { http.once('error', reject); http.listen(o.port, o.host, () => { http.off('error', reject); resolve(); }); });
    http.on('error', (err) => this.onServerError(err));
    this.server = server;
    const addr = http.address() as { port: number };
    this.url = `ws://${o.host}:${addr.port}`;
    this.host = this.connectionHost(maxFrame);
    server.on('connection', (socket) => this.accept(socket));
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
      closed: (connection) => {
        this.connections.delete(connection);
        this.liveness?.delete(connection);
      },
    };
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
    const server = this.server;
    if (server) {
      for (const c of [...this.connections]) c.terminate();
      await new Promise<void>((r) => server.close(() => r()));
    }
    const http = this.http;
    if (http) { http.closeAllConnections(); await new Promise<void>((r) => http.close(() => r())); }
  }
}
