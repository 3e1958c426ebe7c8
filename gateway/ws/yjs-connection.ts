/**
 * One stock y-websocket connection: `ws://<gateway><yjsPath>/<document>?token=<jwt>`
 * carries y-protocols 1.0.x messages for one document, unchanged (crdt/PROTOCOL.md
 * §1) — what `new WebsocketProvider('ws://<gateway>/yjs', 'notes/1', doc, { params:
 * { token } })` speaks with no Rosetta code. The token travels in the query (the
 * only thing a stock provider can send; an `Authorization: Bearer` header works
 * too) and is never logged.
 *
 * Lifecycle, the same as every connection's (ConnectionGate): messages sent while
 * the token is verified are held (64 / 5 MiB), then while the document loads
 * (the document limits' queue bound); the token's expiry and a revocation close
 * the connection; it takes a slot of the tenant's connection quota. Every refusal
 * is typed: a write the token does not allow, an oversize update, a malformed
 * message are told to the peer as y-protocols' permission-denied message
 * (`<reason>: <message>`, what a stock client shows) and the connection stays; a
 * refusal of the connection itself (token, read permission, quota) is that message
 * followed by a 44xx close code (protocol/close-codes.ts).
 */
import type { WebSocket } from 'ws';
import { closeCodeFor, InvalidArgumentError, reasonFirst, RosettaError, UnavailableError } from '../../protocol/index.js';
import { encodePermissionDenied, isCrdtRefusal, QueueFullError, SyncSession } from '../../crdt/index.js';
import type { Principal } from '../auth/index.js';
import { crdtAccessOf } from '../documents/index.js';
import { ConnectionGate, type GateHost } from '../edge/connection-gate.js';
import { documentRefused, documentsDisabled } from './document-refusals.js';
import { GuardedSocket } from './guarded-socket.js';
import type { WsSpace } from './ws-space.js';

export interface YjsHost extends GateHost {
  maxBufferedBytes: number;
  spaceFor(principal: Principal | undefined): WsSpace;
  /** The socket closed. */
  closed(connection: YjsConnection): void;
}

export class YjsConnection extends GuardedSocket {
  private readonly gate: ConnectionGate<Buffer>;
  private session: SyncSession | undefined;
  /** Messages that arrived while the document was loading. */
  private early: Buffer[] = [];
  private earlyBytes = 0;
  private space: WsSpace | undefined;
  private done = false;

  constructor(socket: WebSocket, readonly document: string, token: string | undefined, private readonly host: YjsHost) {
    super(socket, { log: host.log, endpoint: 'y-websocket' });
    this.gate = new ConnectionGate<Buffer>(host, {
      open: (p) => this.open(p),
      frame: (data) => this.onOpenMessage(data),
      refuse: (error) => this.close(error),
      end: (error) => this.close(error),
    });
    this.gate.authenticate(token);
  }

  get principal(): Principal | undefined {
    return this.gate.principal;
  }

  /** Ends the connection: the peer is told why (the only refusal a stock client shows), then the close code. */
  close(error: RosettaError): void {
    if (this.done) return;
    this.done = true;
    this.session?.close();
    if (this.socket.readyState === this.socket.OPEN) {
      this.socket.send(encodePermissionDenied(reasonFirst(error, error.reason ?? error.code)));
      this.socket.close(closeCodeFor(error), error.message.slice(0, 120));
    }
  }

  protected fail(error: RosettaError): void {
    this.close(error);
  }

  protected onMessage(data: Buffer, isBinary: boolean): void {
    if (this.done) return;
    if (!isBinary) { this.close(new InvalidArgumentError('y-websocket messages are binary', { reason: 'bad-frame-type' })); return; }
    this.gate.push(data, data.length);
  }

  /** The token was accepted (and the gate took the tenant's slot): open the document (messages meanwhile are queued, bounded). */
  private open(p: Principal | undefined): void {
    const space = this.host.spaceFor(p);
    const documents = space.documents;
    if (documents === undefined) throw documentsDisabled();
    this.space = space;
    SyncSession.open(documents, this.document, {
      send: (bytes) => this.send(bytes),
      principal: crdtAccessOf(p),
      onRefused: (err) => this.refused(err),
      onClose: (err) => this.close(err),
    }).then((session) => {
      if (this.done) { session.close(); return; }
      this.session = session;
      const early = this.early;
      this.early = [];
      for (const data of early) void session.receive(data);
    }, (err: unknown) => {
      const refusal = isCrdtRefusal(err) ? err : new UnavailableError(`document '${this.document}' could not be opened`, { cause: err });
      this.refused(refusal);
      this.close(refusal);
    });
  }

  private onOpenMessage(data: Buffer): void {
    if (this.done) return;
    if (this.session) { void this.session.receive(data); return; }
    const limits = this.space!.documents!.limits;
    this.early.push(data);
    this.earlyBytes += data.length;
    if (this.early.length > limits.maxQueuedFrames || this.earlyBytes > limits.maxQueuedBytes) {
      this.close(new QueueFullError(`more than ${limits.maxQueuedFrames} messages or ${limits.maxQueuedBytes} bytes while '${this.document}' loads`));
    }
  }

  private send(bytes: Uint8Array): void {
    if (this.done) return;
    if (this.socket.bufferedAmount > this.host.maxBufferedBytes) {
      this.close(new RosettaError('RESOURCE_EXHAUSTED', `slow consumer: more than ${this.host.maxBufferedBytes} bytes unread`, { reason: 'slow-consumer' }));
      return;
    }
    this.socket.send(bytes);
  }

  private refused(err: RosettaError): void {
    documentRefused(this.host, this.space?.tenant ?? 'unknown', this.document, err);
  }

  protected onClose(): void {
    this.done = true;
    this.early = [];
    this.gate.closed();
    this.session?.close();
    this.host.closed(this);
  }
}
