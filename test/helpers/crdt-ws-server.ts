/**
 * A minimal WebSocket transport for the crdt library, for tests and the
 * benchmark — the shape the gateway mounts on its own port:
 *  - `ws://host:port/<document>?token=…`  one document, y-websocket style (the
 *    stock WebsocketProvider puts the room in the path and `params` in the query);
 *  - `ws://host:port/?mux=1&token=…`      many documents, crdt/PROTOCOL.md framing.
 * The token is turned into a principal by `principalFor`; it is never logged.
 * Frames that arrive while a document loads are queued in arrival order.
 */
import type { IncomingMessage } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  MuxConnection, SyncSession, fullAccess, type CrdtPrincipal, type CrdtRefusal, type DocumentRegistry,
} from '../../crdt/index.js';

export interface CrdtWsServerOptions {
  registry: DocumentRegistry;
  /**
   * Cork each socket for the rest of the event-loop turn on its first send, so
   * every frame a turn produces for it leaves in one write (FIELD-NOTES: one
   * `send` per message is one syscall). Default true.
   */
  cork?: boolean;
  principalFor?(token: string | null): CrdtPrincipal | undefined;
  onRefused?(document: string, err: CrdtRefusal): void;
}

export class CrdtWsServer {
  readonly wss: WebSocketServer;
  readonly ready: Promise<number>;
  readonly sessions = new Set<SyncSession | MuxConnection>();

  constructor(private readonly o: CrdtWsServerOptions) {
    this.wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 });
    this.ready = new Promise((resolve) => this.wss.on('listening', () => resolve((this.wss.address() as { port: number }).port)));
    this.wss.on('connection', (ws, req) => this.accept(ws, req));
  }

  get url(): Promise<string> {
    return this.ready.then((port) => `ws://127.0.0.1:${port}`);
  }

  private accept(ws: WebSocket, req: IncomingMessage): void {
    const u = new URL(req.url ?? '/', 'http://x');
    const principal = this.o.principalFor ? this.o.principalFor(u.searchParams.get('token')) : fullAccess;
    if (!principal) { ws.close(4401, 'unauthenticated'); return; }
    const socket = (ws as unknown as { _socket: import('node:net').Socket })._socket;
    let corked = false;
    const uncork = () => { corked = false; socket.uncork(); };
    const cork = this.o.cork !== false;
    const send = (b: Uint8Array) => {
      if (ws.readyState !== ws.OPEN) return;
      if (cork && !corked) { corked = true; socket.cork(); process.nextTick(uncork); }
      ws.send(b);
    };
    ws.on('error', () => ws.terminate());
    if (u.searchParams.get('mux') === '1') {
      const mux = new MuxConnection(this.o.registry, { send, principal, onRefused: this.o.onRefused });
      this.sessions.add(mux);
      ws.on('message', (data: Buffer) => void mux.receive(data));
      ws.on('close', () => { mux.close(); this.sessions.delete(mux); });
      return;
    }
    const document = decodeURIComponent(u.pathname.slice(1));
    const early: Buffer[] = [];
    let session: SyncSession | undefined;
    let gone = false;
    ws.on('message', (data: Buffer) => { if (session) void session.receive(data); else early.push(data); });
    ws.on('close', () => { gone = true; if (session) { session.close(); this.sessions.delete(session); } });
    SyncSession.open(this.o.registry, document, {
      send,
      principal,
      onRefused: (err) => this.o.onRefused?.(document, err),
      onClose: (err) => ws.close(err.code === 'PERMISSION_DENIED' ? 4403 : 4500, err.message.slice(0, 100)),
    }).then((s) => {
      if (gone) { s.close(); return; }
      session = s;
      this.sessions.add(s);
      for (const d of early) void s.receive(d);
      early.length = 0;
    }, (err: CrdtRefusal) => ws.close(err.code === 'PERMISSION_DENIED' ? 4403 : 4400, String(err.message).slice(0, 100)));
  }

  async close(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    await new Promise<void>((r) => this.wss.close(() => r()));
  }
}
