/**
 * The server side of y-protocols 1.0.x sync for one document and one peer, over
 * an abstract `send(bytes)`: the transport feeds every message the peer sent to
 * `receive(bytes)` and writes whatever `send` is given.
 *
 * - On start the server sends sync step 1 (its state vector) and, when anyone
 *   has one, the awareness states. It answers step 1 with step 2.
 * - Step 2 and update messages are writes: applied, appended durably, and only
 *   then acknowledged (`onAck(count)`, and `receive` resolves). Each write
 *   message gets exactly one ack or one refusal, in order.
 * - A peer that may not write has writes with new content refused
 *   (ReadOnlyError); writes that carry nothing new are acknowledged.
 * - Refusals go to `onRefused` and, unless `announceRefusals` is false, to the
 *   peer as y-protocols' auth permission-denied message (what a stock
 *   y-websocket client can show).
 * - Awareness as y-protocols: states it controls are removed when it closes.
 *
 * @example
 *   const s = await SyncSession.open(registry, 'notes/1', { send: (b) => ws.send(b), principal });
 *   ws.on('message', (b) => void s.receive(b));
 *   ws.on('close', () => s.close());
 */
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import type { RosettaError } from '../protocol/index.js';
import { authorize, fullAccess, type CrdtPrincipal } from './authorization.js';
import {
  DocumentClosedError, MalformedMessageError, MalformedUpdateError, ReadDeniedError, ReadOnlyError, UpdateTooLargeError,
  isCrdtRefusal, type CrdtRefusal,
} from './errors.js';
import type { DocumentRegistry } from './document-registry.js';
import type { Broadcast, DocumentPeer, LiveDocument } from './live-document.js';
import { encodePermissionDenied, encodeSyncStep1, readMessage } from '../protocol/documents/index.js';
import { isEmptyUpdate } from './update-validation.js';

export interface SyncSessionOptions {
  send(bytes: Uint8Array): void;
  /** Asked on open, on every write and on `recheck()`; default: may read and write. */
  principal?: CrdtPrincipal;
  /** Something the peer sent was refused (the session stays open): for the transport's counters and logs. */
  onRefused?(err: CrdtRefusal): void;
  /**
   * Tell the peer about each refusal with y-protocols' auth permission-denied
   * message (reason text `<reason>: <message>`), the only refusal a stock
   * y-websocket client understands. Default true; the mux framing sends ERROR frames instead.
   */
  announceRefusals?: boolean;
  /** `count` write messages are now durable. */
  onAck?(count: number): void;
  /** The session ended from this side (read permission gone, document unloaded or evicted). */
  onClose?(err: RosettaError): void;
  /**
   * Sends a broadcast (a change or awareness update encoded once for every peer
   * of the document) instead of `send(b.message)`: the mux framing frames it
   * once and reuses the bytes for every connection (`b.framed`).
   */
  sendBroadcast?(b: Broadcast): void;
}

export class SyncSession implements DocumentPeer {
  /** Changes of one turn arrive merged into one update message. */
  readonly coalesce = true;
  /** Write messages acknowledged (durable) so far. */
  acked = 0;
  private readonly principal: CrdtPrincipal;
  private readonly controlled = new Set<number>();
  private ended: RosettaError | undefined;

  /** Authorizes reading, loads (or finds) the document, and starts the session. */
  static async open(registry: DocumentRegistry, name: string, options: SyncSessionOptions): Promise<SyncSession> {
    authorize(options.principal ?? fullAccess, name, 'read');
    const live = await registry.open(name);
    const s = new SyncSession(live, registry, options);
    s.start();
    return s;
  }

  /** Use `open`; the constructor takes a document already held for this session. */
  constructor(readonly live: LiveDocument, private readonly registry: DocumentRegistry, private readonly o: SyncSessionOptions) {
    this.principal = o.principal ?? fullAccess;
  }

  get name(): string {
    return this.live.name;
  }

  get closed(): boolean {
    return this.ended !== undefined;
  }

  /** Joins the document's peers and sends step 1 and the awareness states. */
  start(): void {
    this.live.peers.add(this);
    this.o.send(encodeSyncStep1(Y.encodeStateVector(this.live.doc)));
    const awareness = this.live.awarenessMessage();
    if (awareness) this.o.send(awareness);
  }

  /**
   * Handles one message from the peer. Never throws: resolves to undefined when
   * done (a write: once durable) or to the refusal it reported.
   */
  async receive(bytes: Uint8Array): Promise<RosettaError | undefined> {
    try {
      if (this.ended) throw new DocumentClosedError(`session for '${this.name}' is closed`);
      // lib0 views may read past a slice's end into the rest of its buffer: give it exact bytes.
      const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
      const m = readMessage(own);
      switch (m.kind) {
        case 'step1':
          this.o.send(this.live.syncStep2For(m.stateVector));
          return undefined;
        case 'step2':
        case 'update':
          await this.write(m.update);
          this.acked++;
          this.o.onAck?.(this.acked);
          return undefined;
        case 'awareness':
          this.awareness(m.update);
          return undefined;
        case 'query-awareness': {
          const a = this.live.awarenessMessage();
          if (a) this.o.send(a);
          return undefined;
        }
        case 'auth':
          return undefined; // servers send these; a peer's is ignored, as y-websocket servers do
      }
    } catch (err) {
      return this.refuse(err);
    }
  }

  private write(update: Uint8Array): Promise<void> {
    if (this.principal.canWrite(this.name)) return this.live.applyRemote(update, this);
    if (update.length > this.live.limits.maxUpdateBytes) throw new UpdateTooLargeError(`update of ${update.length} bytes exceeds the limit`);
    if (isEmptyUpdate(update)) return this.live.flushed();
    let known: boolean;
    try { known = Y.snapshotContainsUpdate(Y.snapshot(this.live.doc), update); }
    catch (err) { throw new MalformedUpdateError('not a Yjs v1 update', { cause: err }); }
    if (!known) throw new ReadOnlyError(`'${this.name}' is read-only for this peer`);
    return this.live.flushed();
  }

  private awareness(update: Uint8Array): void {
    if (update.length > this.live.limits.maxUpdateBytes) throw new UpdateTooLargeError(`awareness update of ${update.length} bytes exceeds the limit`);
    const changes = readAwarenessClients(update);
    try { this.live.applyAwareness(update, this); }
    catch (err) { throw new MalformedMessageError('malformed awareness update', { cause: err }); }
    for (const [client, gone] of changes) {
      if (gone) this.controlled.delete(client); else this.controlled.add(client);
    }
  }

  private refuse(err: unknown): RosettaError {
    const refusal: CrdtRefusal = isCrdtRefusal(err) ? err : new MalformedMessageError('message could not be handled', { cause: err });
    this.o.onRefused?.(refusal);
    if (this.o.announceRefusals !== false && !this.ended) this.o.send(encodePermissionDenied(`${refusal.reason}: ${refusal.message}`));
    return refusal;
  }

  /** DocumentPeer: a change this peer did not make. */
  deliver(b: Broadcast): void {
    if (this.ended) return;
    if (this.o.sendBroadcast) this.o.sendBroadcast(b);
    else this.o.send(b.message);
  }

  /** DocumentPeer: the document went away. */
  documentClosed(reason: RosettaError): void {
    if (this.ended) return;
    this.ended = reason;
    this.o.onClose?.(reason);
  }

  /** Re-asks the principal: a peer that may no longer read is closed with ReadDeniedError. */
  recheck(): boolean {
    if (this.ended) return false;
    if (this.principal.canRead(this.name)) return true;
    const err = new ReadDeniedError(`may no longer read '${this.name}'`);
    this.close(err);
    this.o.onClose?.(err);
    return false;
  }

  /** Leaves the document (its awareness states are removed) and releases it. */
  close(reason: RosettaError = new DocumentClosedError('session closed')): void {
    if (this.ended) return;
    this.ended = reason;
    this.live.peers.delete(this);
    if (!this.live.closed) this.live.removeAwareness([...this.controlled]);
    this.registry.release(this.live);
  }
}

/** Client ids in an awareness update, each with whether its state is `null` (gone). Throws on bad bytes. */
function readAwarenessClients(update: Uint8Array): [number, boolean][] {
  try {
    const d = decoding.createDecoder(update);
    const n = decoding.readVarUint(d);
    const out: [number, boolean][] = [];
    for (let i = 0; i < n; i++) {
      const client = decoding.readVarUint(d);
      decoding.readVarUint(d); // clock
      out.push([client, decoding.readVarString(d) === 'null']);
    }
    return out;
  } catch (err) {
    throw new MalformedMessageError('malformed awareness update', { cause: err });
  }
}
