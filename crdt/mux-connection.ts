/**
 * Many documents over one connection: the transport feeds every frame it
 * receives to `receive(bytes)` and writes whatever `send` is given; this class
 * keeps one SyncSession per open document and speaks the framing of
 * protocol/documents/mux-frame.ts (crdt/PROTOCOL.md).
 *
 * - OPEN: the principal must be able to read the document (else CLOSE with
 *   `read-denied`); frames for it that arrive while it loads are queued, at most
 *   `maxQueuedFrames` / `maxQueuedBytes` (else CLOSE with `queue-full`).
 * - MESSAGE: handed to the document's session; a write is answered with ACK
 *   (cumulative count, once durable) or ERROR (the typed refusal).
 * - CLOSE from the peer leaves the document; CLOSE from here says why it ended.
 * - A malformed frame is answered with an ERROR frame (document "") and dropped.
 * `recheck()` re-asks the principal for every open document (revocation).
 *
 * @example
 *   const mux = new MuxConnection(registry, { send: (b) => ws.send(b), principal });
 *   ws.on('message', (b) => void mux.receive(b));
 *   ws.on('close', () => mux.close());
 */
import type { RosettaError } from '../protocol/index.js';
import { authorize, fullAccess, type CrdtPrincipal } from './authorization.js';
import type { DocumentRegistry } from './document-registry.js';
import {
  DocumentClosedError, QueueFullError, TooManyDocumentsError, isCrdtRefusal, MalformedFrameError, refusalToWire, type CrdtRefusal,
} from './errors.js';
import { decodeMuxFrame, encodeMuxFrame, framePrefixed, MuxKind, muxPrefix } from '../protocol/documents/index.js';
import { SyncSession } from './sync-session.js';

export interface MuxConnectionOptions {
  send(bytes: Uint8Array): void;
  /** Asked per document on OPEN, per write, and on `recheck()`; default: full access. */
  principal?: CrdtPrincipal;
  /** Every refusal sent to the peer, for the gateway's counters and logs. */
  onRefused?(document: string, err: CrdtRefusal): void;
}

interface Opening {
  queue: Uint8Array[];
  bytes: number;
  cancelled: boolean;
}

export class MuxConnection {
  private readonly sessions = new Map<string, SyncSession>();
  private readonly opening = new Map<string, Opening>();
  private readonly principal: CrdtPrincipal;
  private ended = false;
  /** Latest ack count per document not sent yet: one ACK per document per turn. */
  private readonly acks = new Map<string, number>();

  constructor(private readonly registry: DocumentRegistry, private readonly o: MuxConnectionOptions) {
    this.principal = o.principal ?? fullAccess;
  }

  /** Handles one frame. Never throws; resolves when it is handled (a write: once durable or refused). */
  async receive(bytes: Uint8Array): Promise<void> {
    if (this.ended) return;
    let frame;
    try {
      frame = decodeMuxFrame(bytes);
    } catch (err) {
      this.refuse('', err instanceof MalformedFrameError ? err : new MalformedFrameError('malformed frame', { cause: err }));
      return;
    }
    const doc = frame.document;
    switch (frame.kind) {
      case 'open': return this.open(doc);
      case 'message': {
        const s = this.sessions.get(doc);
        if (s) { await s.receive(frame.message); return; }
        const pending = this.opening.get(doc);
        if (!pending) { this.refuse(doc, new DocumentClosedError(`document '${doc}' is not open on this connection`)); return; }
        pending.queue.push(frame.message);
        pending.bytes += frame.message.length;
        const l = this.registry.limits;
        if (pending.queue.length > l.maxQueuedFrames || pending.bytes > l.maxQueuedBytes) {
          pending.cancelled = true;
          this.opening.delete(doc);
          this.closeFrame(doc, new QueueFullError(`more than ${l.maxQueuedFrames} frames or ${l.maxQueuedBytes} bytes queued while '${doc}' loads`));
        }
        return;
      }
      case 'close': {
        const s = this.sessions.get(doc);
        if (s) { this.sessions.delete(doc); s.close(); }
        const pending = this.opening.get(doc);
        if (pending) { pending.cancelled = true; this.opening.delete(doc); }
        return;
      }
      default:
        this.refuse(doc, new MalformedFrameError(`a client may not send ${frame.kind.toUpperCase()} frames`));
    }
  }

  private async open(doc: string): Promise<void> {
    if (this.sessions.has(doc) || this.opening.has(doc)) return; // already open: OPEN is idempotent
    if (this.sessions.size + this.opening.size >= this.registry.limits.maxDocumentsPerConnection) {
      this.closeFrame(doc, new TooManyDocumentsError(`at most ${this.registry.limits.maxDocumentsPerConnection} documents per connection`));
      return;
    }
    const pending: Opening = { queue: [], bytes: 0, cancelled: false };
    this.opening.set(doc, pending);
    let session: SyncSession;
    try {
      this.registry.checkName(doc);
      authorize(this.principal, doc, 'read');
      const live = await this.registry.open(doc);
      session = new SyncSession(live, this.registry, this.sessionOptions(doc));
    } catch (err) {
      if (this.opening.get(doc) === pending) this.opening.delete(doc);
      if (!pending.cancelled && !this.ended) this.closeFrame(doc, isCrdtRefusal(err) ? err : new DocumentClosedError(`'${doc}' could not be opened`, { cause: err }));
      return;
    }
    if (pending.cancelled || this.ended) { session.close(); return; }
    this.opening.delete(doc);
    this.sessions.set(doc, session);
    session.start();
    for (const m of pending.queue) void session.receive(m);
  }

  private sessionOptions(doc: string) {
    const prefix = muxPrefix(doc, MuxKind.Message);
    return {
      principal: this.principal,
      announceRefusals: false,
      send: (m: Uint8Array) => this.o.send(framePrefixed(prefix, m)),
      sendBroadcast: (b: { message: Uint8Array; framed?: Uint8Array }) => this.o.send(b.framed ??= framePrefixed(prefix, b.message)),
      onAck: (count: number) => this.ack(doc, count),
      onRefused: (err: CrdtRefusal) => this.refuse(doc, err),
      onClose: (err: RosettaError) => {
        if (this.sessions.get(doc)?.closed) this.sessions.delete(doc);
        this.closeFrame(doc, err);
      },
    };
  }

  /** Acks are cumulative, so the writes that became durable in one turn share one ACK. */
  private ack(doc: string, count: number): void {
    if (this.acks.size === 0) process.nextTick(() => this.flushAcks());
    this.acks.set(doc, count);
  }

  private flushAcks(): void {
    if (this.ended) { this.acks.clear(); return; }
    for (const [document, count] of this.acks) this.o.send(encodeMuxFrame({ kind: 'ack', document, count }));
    this.acks.clear();
  }

  private refuse(doc: string, err: CrdtRefusal): void {
    this.flushAcks(); // an ERROR must not overtake the ACK of an earlier write
    this.o.onRefused?.(doc, err);
    if (!this.ended) this.o.send(encodeMuxFrame({ kind: 'error', document: doc, refusal: refusalToWire(err) }));
  }

  private closeFrame(doc: string, err: RosettaError): void {
    if (isCrdtRefusal(err)) this.o.onRefused?.(doc, err);
    if (!this.ended) this.o.send(encodeMuxFrame({ kind: 'close', document: doc, refusal: refusalToWire(err) }));
  }

  /** Re-asks the principal for every open document; those no longer readable get CLOSE `read-denied`. */
  recheck(): void {
    for (const s of [...this.sessions.values()]) s.recheck();
  }

  /** The connection is gone: every session leaves its document. */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    for (const p of this.opening.values()) p.cancelled = true;
    this.opening.clear();
    for (const s of this.sessions.values()) s.close();
    this.sessions.clear();
  }
}
