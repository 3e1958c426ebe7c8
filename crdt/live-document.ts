/**
 * One loaded document: a Y.Doc, its durable UpdateLog, the peers attached to it
 * (sync sessions, actor bindings, subscriptions) and, once a peer speaks
 * awareness, its Awareness.
 *
 * Every change reaches the log before it is acknowledged:
 * - a remote update (`applyRemote`) is size-checked, parsed, applied, and then
 *   its raw bytes are appended; the returned promise resolves when they are on
 *   disk. An update that changes nothing is not appended again, but its ack
 *   still waits for the append that made its content present.
 * - a local change (an actor editing the Y.Doc, `transact`) is appended from the
 *   Y.Doc's own `update` event.
 * Peers get each change once (as a y-protocols update message encoded once for
 * all of them), except the peer it came from.
 *
 * @example
 *   const live = await registry.open('notes/1');
 *   await live.transact(() => live.doc.getMap('m').set('k', 1));
 */
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import type { RosettaError } from '../protocol/index.js';
import { DocumentClosedError, DocumentTooLargeError, StoreFailureError } from './errors.js';
import type { CrdtLimits } from './limits.js';
import { encodeAwareness, encodeSyncStep2, encodeSyncUpdate } from '../protocol/documents/index.js';
import type { UpdateLog } from './update-log.js';
import { readStateVector, validateUpdate } from './update-validation.js';

/** One broadcast: the y-protocols message, encoded once; `framed` is filled by the first mux peer to wrap it. */
export interface Broadcast {
  readonly message: Uint8Array;
  readonly update: Uint8Array | undefined;
  /** The Yjs transaction that made the change (its `changed` map names what changed). */
  readonly transaction?: Y.Transaction;
  framed?: Uint8Array;
}

/** Something attached to a document: a sync session, an actor binding, a `$crdt` subscription. */
export interface DocumentPeer {
  /**
   * True for network sessions: the changes of one event-loop turn reach it
   * merged into one update (one message per peer per turn instead of one per
   * change). Actor bindings and subscriptions leave it unset and get every
   * change with its transaction.
   */
  readonly coalesce?: boolean;
  /** A change (or awareness change) this peer did not originate. */
  deliver(b: Broadcast, origin: unknown, kind: 'update' | 'awareness'): void;
  /** The document is going away (unload after a store failure, registry shutdown). */
  documentClosed(reason: RosettaError): void;
}

/** Called by the registry: changes (for debounced hooks and compaction) and a failure that needs eviction. */
export interface DocumentOwner {
  changed(live: LiveDocument): void;
  failed(live: LiveDocument, err: RosettaError): void;
}

/** A full state at or above this size is cached for new peers (step 2 to an empty state vector). */
const CACHE_STATE_BYTES = 16 * 1024;

export class LiveDocument {
  readonly doc: Y.Doc;
  readonly peers = new Set<DocumentPeer>();
  /** Upper bound of the encoded state: snapshot bytes + bytes appended since. */
  bytes: number;
  /** Resolves when the last append is durable (never rejects). */
  private tail: Promise<void> = Promise.resolve();
  /** The last append itself (rejects if the store refused it). */
  private lastAppend: Promise<void> = Promise.resolve();
  private awarenessState: Awareness | undefined;
  private applying = false;
  private captured: [Uint8Array, Y.Transaction][] = [];
  private fullState: Uint8Array | undefined;
  private closedWith: RosettaError | undefined;
  /** Sessions, bindings and subscriptions holding the document loaded. */
  refs = 0;
  /** Changes of this turn waiting to be merged for coalescing peers. */
  private pending: { update: Uint8Array; origin: unknown }[] = [];

  constructor(
    readonly tenant: string,
    readonly name: string,
    readonly log: UpdateLog,
    readonly limits: CrdtLimits,
    private readonly owner: DocumentOwner,
  ) {
    this.doc = new Y.Doc({ gc: true });
    const loaded = log.load();
    this.bytes = loaded.bytes;
    Y.transact(this.doc, () => {
      if (loaded.snapshot) Y.applyUpdate(this.doc, loaded.snapshot);
      for (const u of loaded.updates) Y.applyUpdate(this.doc, u);
    }, this);
    this.doc.on('update', (update: Uint8Array, origin: unknown, _doc: Y.Doc, tr: Y.Transaction) => this.onDocUpdate(update, origin, tr));
  }

  get closed(): boolean {
    return this.closedWith !== undefined;
  }

  /** Resolves once every change made so far is durable. */
  flushed(): Promise<void> {
    return this.tail;
  }

  /**
   * Applies a peer's update. Throws a refusal (too large, malformed, document
   * too large, closed) with the document untouched; otherwise resolves when the
   * update is durable (rejects StoreFailureError if the store refused it).
   */
  applyRemote(update: Uint8Array, origin: unknown): Promise<void> {
    if (this.closedWith) throw new DocumentClosedError(`document '${this.name}' is closed`);
    validateUpdate(update, this.limits.maxUpdateBytes);
    if (this.bytes + update.length > this.limits.maxDocumentBytes) {
      throw new DocumentTooLargeError(`document '${this.name}' would exceed ${this.limits.maxDocumentBytes} bytes`);
    }
    const store = this.doc.store;
    const pendingBefore = store.pendingStructs, pendingDsBefore = store.pendingDs;
    this.applying = true;
    this.captured = [];
    try {
      Y.applyUpdate(this.doc, update, origin);
    } catch (err) {
      // Parsed but failed to integrate: the in-memory state can no longer be trusted. Evict; the log is intact.
      this.applying = false;
      const e = new StoreFailureError(`update could not be integrated into '${this.name}'`, { cause: err });
      this.owner.failed(this, e);
      throw e;
    } finally {
      this.applying = false;
    }
    const effective = this.captured;
    this.captured = [];
    const changed = effective.length > 0 || store.pendingStructs !== pendingBefore || store.pendingDs !== pendingDsBefore;
    if (!changed) return this.tail;
    const durable = this.append(update);
    for (const [u, tr] of effective) this.broadcast(u, origin, tr);
    return durable;
  }

  /** Runs a local edit in one transaction; resolves when it is durable. */
  transact(fn: (doc: Y.Doc) => void, origin: unknown = null): Promise<void> {
    if (this.closedWith) return Promise.reject(new DocumentClosedError(`document '${this.name}' is closed`));
    const before = this.lastAppend;
    Y.transact(this.doc, () => fn(this.doc), origin);
    return this.lastAppend !== before ? this.lastAppend : this.tail;
  }

  private onDocUpdate(update: Uint8Array, origin: unknown, tr: Y.Transaction): void {
    if (this.applying) { this.captured.push([update, tr]); return; }
    if (this.closedWith) return;
    this.append(update).catch(() => undefined); // a local change: failure evicts (see append)
    this.broadcast(update, origin, tr);
  }

  private append(update: Uint8Array): Promise<void> {
    this.fullState = undefined;
    this.bytes += update.length;
    const durable = this.log.append(update);
    this.lastAppend = durable;
    this.tail = durable.catch(() => undefined);
    durable.catch((err: RosettaError) => this.owner.failed(this, err));
    this.owner.changed(this);
    return durable;
  }

  private broadcast(update: Uint8Array, origin: unknown, transaction: Y.Transaction): void {
    if (this.peers.size === 0) return;
    let b: Broadcast | undefined;
    let coalesced = false;
    for (const p of this.peers) {
      if (p === origin) continue;
      if (p.coalesce) { coalesced = true; continue; }
      p.deliver(b ??= { message: encodeSyncUpdate(update), update, transaction }, origin, 'update');
    }
    if (!coalesced) return;
    if (this.pending.length === 0) process.nextTick(() => this.flushPending());
    this.pending.push({ update, origin });
  }

  /**
   * Sends this turn's changes to the coalescing peers: one merged update for
   * every peer that originated none of them, and for each originating peer one
   * without its own changes.
   */
  private flushPending(): void {
    const pending = this.pending;
    this.pending = [];
    if (this.closedWith || pending.length === 0) return;
    const merge = (list: Uint8Array[]) => (list.length === 1 ? list[0]! : Y.mergeUpdates(list));
    const origins = new Set(pending.map((x) => x.origin));
    let all: Broadcast | undefined;
    const without = new Map<unknown, Broadcast | null>();
    for (const p of this.peers) {
      if (!p.coalesce) continue;
      if (!origins.has(p)) {
        if (!all) { const u = merge(pending.map((x) => x.update)); all = { message: encodeSyncUpdate(u), update: u }; }
        p.deliver(all, undefined, 'update');
        continue;
      }
      let b = without.get(p);
      if (b === undefined) {
        const others = pending.filter((x) => x.origin !== p).map((x) => x.update);
        b = others.length === 0 ? null : (() => { const u = merge(others); return { message: encodeSyncUpdate(u), update: u }; })();
        without.set(p, b);
      }
      if (b) p.deliver(b, undefined, 'update');
    }
  }

  /** The y-protocols step 2 answering a peer's step 1 (what its state vector lacks). */
  syncStep2For(stateVector: Uint8Array): Uint8Array {
    const sv = readStateVector(stateVector);
    if (sv.size > 0) return encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, stateVector));
    if (this.fullState) return this.fullState;
    const message = encodeSyncStep2(Y.encodeStateAsUpdate(this.doc));
    if (message.length >= CACHE_STATE_BYTES) this.fullState = message;
    return message;
  }

  /** The document's awareness, created when first needed (it runs a timer). */
  get awareness(): Awareness {
    if (!this.awarenessState) {
      const a = new Awareness(this.doc);
      a.setLocalState(null);
      a.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
        const clients = [...added, ...updated, ...removed];
        if (clients.length === 0 || this.peers.size === 0) return;
        const b: Broadcast = { message: encodeAwareness(encodeAwarenessUpdate(a, clients)), update: undefined };
        for (const p of this.peers) p.deliver(b, origin, 'awareness');
      });
      this.awarenessState = a;
    }
    return this.awarenessState;
  }

  get hasAwareness(): boolean {
    return this.awarenessState !== undefined && this.awarenessState.getStates().size > 0;
  }

  /** The awareness message for every known state, or undefined when there is none. */
  awarenessMessage(): Uint8Array | undefined {
    if (!this.hasAwareness) return undefined;
    const a = this.awareness;
    return encodeAwareness(encodeAwarenessUpdate(a, [...a.getStates().keys()]));
  }

  /** Applies a peer's awareness update (throws on bad bytes). */
  applyAwareness(update: Uint8Array, origin: unknown): void {
    applyAwarenessUpdate(this.awareness, update, origin);
  }

  removeAwareness(clients: number[]): void {
    if (this.awarenessState && clients.length > 0) removeAwarenessStates(this.awarenessState, clients, null);
  }

  /** Detaches every peer with `reason` and frees the Y.Doc; the log stays. */
  close(reason: RosettaError): void {
    if (this.closedWith) return;
    this.closedWith = reason;
    for (const p of [...this.peers]) p.documentClosed(reason);
    this.peers.clear();
    this.doc.destroy();
    this.fullState = undefined;
  }
}
