/**
 * The actor state API: a TS actor owns a document as its replicated state —
 * maps, arrays, texts and KvStores in one Y.Doc shared with every other peer of
 * the document (browsers, other actors, Go/JVM actors through `$crdt`) — and
 * hears about changes it did not make as messages in its mailbox.
 *
 * Writes made through `transact` resolve once durable. Changes by other peers
 * arrive as `DocumentChanged` (the v1 update bytes and the changed keys per
 * top-level structure); if the document goes away (evicted after a store
 * failure, registry closed), `DocumentClosed` arrives and the state is unusable.
 *
 * @example
 *   const state = await ReplicatedState.open(registry, 'cart/42', { system: ctx.system, notify: ctx.self });
 *   await state.transact(() => state.kv('items').set('sku-1', 2));
 *   // later, in receive: if (ctx.message instanceof DocumentChanged) …
 */
import type * as Y from 'yjs';
import type { ActorSystem, PID } from '../gateway/actors/index.js';
import type { RosettaError } from '../protocol/index.js';
import type { DocumentRegistry } from './document-registry.js';
import { DocumentClosedError } from './errors.js';
import { KvStore } from './kv-store.js';
import type { Broadcast, DocumentPeer, LiveDocument } from './live-document.js';

/** A change another peer made; `keys` maps each top-level structure that changed to its changed keys (empty for arrays/texts). */
export class DocumentChanged {
  constructor(
    readonly document: string,
    readonly update: Uint8Array,
    readonly keys: ReadonlyMap<string, ReadonlySet<string>>,
  ) {}
}

/** The document is no longer loaded for this state; open it again to continue. */
export class DocumentClosed {
  constructor(readonly document: string, readonly reason: RosettaError) {}
}

export interface ReplicatedStateOptions {
  /** Where DocumentChanged / DocumentClosed go: an actor of `system`. */
  system?: ActorSystem;
  notify?: PID;
  /** Or a callback (tests, non-actor code). */
  onChange?(change: DocumentChanged): void;
  onClose?(closed: DocumentClosed): void;
}

export class ReplicatedState implements DocumentPeer {
  private readonly kvs = new Map<string, KvStore<any>>();
  private ended = false;

  static async open(registry: DocumentRegistry, document: string, options: ReplicatedStateOptions = {}): Promise<ReplicatedState> {
    const live = await registry.open(document);
    const s = new ReplicatedState(live, registry, options);
    live.peers.add(s);
    return s;
  }

  private constructor(private readonly live: LiveDocument, private readonly registry: DocumentRegistry, private readonly o: ReplicatedStateOptions) {}

  get document(): string { return this.live.name; }
  get doc(): Y.Doc { return this.live.doc; }
  get closed(): boolean { return this.ended || this.live.closed; }

  map<T = unknown>(name: string): Y.Map<T> { return this.live.doc.getMap<T>(name); }
  array<T = unknown>(name: string): Y.Array<T> { return this.live.doc.getArray<T>(name); }
  text(name: string): Y.Text { return this.live.doc.getText(name); }

  /** A KvStore over the top-level array `name` (one instance per name and state). */
  kv<V = unknown>(name: string): KvStore<V> {
    let kv = this.kvs.get(name);
    if (!kv) { kv = KvStore.of<V>(this.live.doc, name); this.kvs.set(name, kv); }
    return kv as KvStore<V>;
  }

  /** Runs `fn` as one transaction; resolves when the change is durable. Not echoed back as DocumentChanged. */
  transact(fn: () => void): Promise<void> {
    if (this.closed) return Promise.reject(new DocumentClosedError(`'${this.document}' is closed for this state`));
    return this.live.transact(() => fn(), this);
  }

  /** DocumentPeer. Awareness is not an actor's business; updates become DocumentChanged. */
  deliver(b: Broadcast, _origin: unknown, kind: 'update' | 'awareness'): void {
    if (kind !== 'update' || this.ended || !b.update) return;
    const keys = b.transaction ? changedKeys(this.live.doc, b.transaction) : new Map<string, Set<string>>();
    const change = new DocumentChanged(this.document, b.update, keys);
    if (this.o.notify && this.o.system) this.o.system.root.send(this.o.notify, change);
    this.o.onChange?.(change);
  }

  /** DocumentPeer. */
  documentClosed(reason: RosettaError): void {
    if (this.ended) return;
    this.ended = true;
    const closed = new DocumentClosed(this.document, reason);
    if (this.o.notify && this.o.system) this.o.system.root.send(this.o.notify, closed);
    this.o.onClose?.(closed);
  }

  /** Stops listening and lets the document unload when idle. */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    this.live.peers.delete(this);
    this.registry.release(this.live);
  }
}

/** Changed keys per top-level structure in a finished transaction (nested types count for their top-level parent). */
export function changedKeys(doc: Y.Doc, tr: Y.Transaction): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const nameOf = (t: Y.AbstractType<any>): string | undefined => {
    while (t._item !== null && t._item.parent) t = t._item.parent as Y.AbstractType<any>;
    for (const [name, s] of doc.share) if (s === t) return name;
    return undefined;
  };
  for (const [type, subs] of tr.changed) {
    const name = nameOf(type);
    if (name === undefined) continue;
    const set = out.get(name) ?? new Set<string>();
    if (type._item === null) for (const k of subs) if (k !== null) set.add(k);
    out.set(name, set);
  }
  return out;
}
