/**
 * One Y.Doc kept in sync with a gateway document over the client's session
 * (crdt/PROTOCOL.md §2, the client side of the mux framing): OPEN, then y-protocols
 * sync — the gateway's step 1 is answered with what it lacks, its step 2 and
 * updates are applied, every local change is sent as an update. Each write the
 * gateway accepts is acknowledged once durable (cumulative ACK frames), each
 * refused one is reported (ERROR frames, typed). After a reconnect the document is
 * opened again and the two sides exchange what the other lacks, so edits made
 * while disconnected are not lost.
 *
 * Created by SyncedDocuments.open; see there for an example.
 */
import * as Y from 'yjs';
import { errorFromStatus, UnavailableError, type RosettaError } from '../../protocol/index.js';
import {
  encodeMuxFrame, encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate, framePrefixed, MuxKind, muxPrefix, readMessage, type MuxFrame, type MuxRefusal,
} from '../../protocol/documents/index.js';

interface FlushWaiter {
  /** Answered writes (acked + refused) of the current session this waiter needs… */
  writes: number;
  /** …or, when a change could not be sent (disconnected), the answer to the next session's resync. */
  afterResync: boolean;
  resolve(): void;
  reject(e: RosettaError): void;
}

export class SyncedDocument {
  /** Resolves after the first sync with the gateway (its step 2 applied): the doc holds the gateway's state. */
  readonly synced: Promise<void>;
  /** Resolves when the gateway closed the document (read permission gone, gateway shutting down) or `close()` was called. */
  readonly closed: Promise<RosettaError | undefined>;
  private resolveSynced!: () => void;
  private resolveClosed!: (e: RosettaError | undefined) => void;
  private readonly refusalListeners = new Set<(e: RosettaError) => void>();
  private readonly waiters: FlushWaiter[] = [];
  /** Writes sent in this session (counts restart with the gateway's after a reconnect). */
  private sent = 0;
  /** A change could not be sent: only the next session's resync carries it. */
  private unsent = false;
  private acked = 0;
  private refused = 0;
  private ended = false;
  /** The start of every MESSAGE frame of this document, encoded once (not per local change). */
  private readonly messagePrefix: Uint8Array;

  /** @internal use SyncedDocuments.open */
  constructor(readonly name: string, readonly doc: Y.Doc, private readonly send: (frame: Uint8Array) => boolean, private readonly forget: () => void) {
    this.messagePrefix = muxPrefix(name, MuxKind.Message);
    this.synced = new Promise((r) => { this.resolveSynced = r; });
    this.closed = new Promise((r) => { this.resolveClosed = r; });
    doc.on('update', this.onLocalUpdate);
    this.open();
  }

  /**
   * Resolves once every change made to the doc so far is durable at the gateway (or was refused:
   * see onRefused); rejects if the document closes first.
   */
  flushed(): Promise<void> {
    if (this.ended) return Promise.reject(new UnavailableError(`document '${this.name}' is closed`, { reason: 'document-closed' }));
    if (!this.unsent && this.answered() >= this.sent) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ writes: this.sent, afterResync: this.unsent, resolve, reject }));
  }

  /** Refusals of this document's writes (read-only, too large…), typed with their reason. */
  onRefused(listener: (e: RosettaError) => void): () => void {
    this.refusalListeners.add(listener);
    return () => { this.refusalListeners.delete(listener); };
  }

  /** Leaves the document (the Y.Doc stays as it is). */
  close(): void {
    if (this.ended) return;
    this.send(encodeMuxFrame({ kind: 'close', document: this.name }));
    this.end(undefined);
  }

  /** @internal a frame of this document from the gateway. */
  receive(frame: MuxFrame): void {
    if (this.ended) return;
    switch (frame.kind) {
      case 'message': this.onMessage(frame.message); return;
      case 'ack': this.acked = Math.max(this.acked, frame.count); this.settle(); return;
      case 'error': this.refused++; this.report(refusalError(frame.refusal)); this.settle(); return;
      case 'close': this.end(frame.refusal ? refusalError(frame.refusal) : undefined); return;
      default: return;
    }
  }

  /** @internal the session was replaced (reconnect): open again; writes still unanswered are re-sent by the sync. */
  reopened(): void {
    if (this.ended) return;
    for (const w of this.waiters) w.afterResync = true;
    this.sent = 0;
    this.acked = 0;
    this.refused = 0;
    this.open();
  }

  /** @internal the client closed for good. */
  clientClosed(): void {
    this.end(undefined);
  }

  private open(): void {
    this.send(encodeMuxFrame({ kind: 'open', document: this.name }));
    this.send(framePrefixed(this.messagePrefix, encodeSyncStep1(Y.encodeStateVector(this.doc))));
  }

  private onMessage(bytes: Uint8Array): void {
    let m;
    try { m = readMessage(bytes); } catch { return; } // the gateway's messages are well-formed; nothing to answer a bad one with
    switch (m.kind) {
      case 'step1': {
        // What the gateway lacks — including changes a lost session never acknowledged: a write like any other.
        if (!this.write(encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, m.stateVector)))) return;
        this.unsent = false;
        for (const w of this.waiters) if (w.afterResync) { w.afterResync = false; w.writes = this.sent; }
        return;
      }
      case 'step2':
        Y.applyUpdate(this.doc, m.update, this);
        this.resolveSynced();
        return;
      case 'update':
        Y.applyUpdate(this.doc, m.update, this);
        return;
      case 'auth':
        if (m.denied) this.report(errorFromStatus(7, m.reason, { reason: m.reason.split(':')[0] }));
        return;
      default:
        return; // awareness is not part of this binding
    }
  }

  private readonly onLocalUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this || this.ended) return;
    this.write(encodeSyncUpdate(update));
  };

  private write(message: Uint8Array): boolean {
    if (!this.send(framePrefixed(this.messagePrefix, message))) { this.unsent = true; return false; }
    this.sent++;
    return true;
  }

  private answered(): number {
    return this.acked + this.refused;
  }

  private settle(): void {
    const done = this.answered();
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const w = this.waiters[i]!;
      if (!w.afterResync && done >= w.writes) { this.waiters.splice(i, 1); w.resolve(); }
    }
  }

  private report(e: RosettaError): void {
    for (const l of this.refusalListeners) l(e);
  }

  private end(reason: RosettaError | undefined): void {
    if (this.ended) return;
    this.ended = true;
    this.doc.off('update', this.onLocalUpdate);
    const unanswered = reason ?? new UnavailableError(`document '${this.name}' was closed`, { reason: 'document-closed' });
    for (const w of this.waiters.splice(0)) w.reject(unanswered);
    this.forget();
    this.resolveClosed(reason);
  }
}

function refusalError(r: MuxRefusal): RosettaError {
  return errorFromStatus(r.status, r.message, { reason: r.reason });
}
