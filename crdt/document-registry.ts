/**
 * The documents of one tenant: loaded from the store on first use, kept while
 * something holds them (sessions, actor bindings, subscriptions), unloaded after
 * `idleUnloadMs` without holders. Application hooks, Hocuspocus' points:
 * - `onLoad`    after a document was loaded (may seed it; awaited before use),
 * - `onChange`  debounced (2 s quiet, at most 10 s apart by default),
 * - `onStore`   after a compaction snapshot is durable (on the debounce, when
 *               the log passes its thresholds, and at unload),
 * - `onUnload`  after a document left memory.
 * A hook that throws is reported to `onHookError` and never loses data.
 *
 * @example
 *   const docs = new DocumentRegistry({ store, tenant: 't1', hooks: { onChange: ({ name }) => log(name) } });
 *   const live = await docs.open('notes/1');   // held until docs.release(live)
 */
import * as Y from 'yjs';
import type { RosettaError } from '../protocol/index.js';
import { Debouncer } from './debouncer.js';
import { DocumentClosedError, InvalidDocumentNameError } from './errors.js';
import { crdtLimits, type CrdtLimits } from './limits.js';
import { LiveDocument, type DocumentOwner } from './live-document.js';
import type { CrdtStore } from './update-store.js';

export interface DocumentEvent {
  tenant: string;
  name: string;
  doc: Y.Doc;
}

export interface DocumentHooks {
  onLoad?(e: DocumentEvent): void | Promise<void>;
  onChange?(e: DocumentEvent): void | Promise<void>;
  onStore?(e: DocumentEvent & { state: Uint8Array; upTo: number }): void | Promise<void>;
  onUnload?(e: { tenant: string; name: string }): void | Promise<void>;
  onHookError?(hook: string, err: unknown, name: string): void;
}

export interface DocumentRegistryOptions {
  /** The store, or how to open it on the first load (a gateway opens its store only once documents are used). */
  store: CrdtStore | (() => CrdtStore);
  tenant: string;
  limits?: Partial<CrdtLimits>;
  hooks?: DocumentHooks;
}

const CONTROL = /[\u0000-\u001f\u007f]/;

export class DocumentRegistry implements DocumentOwner {
  readonly tenant: string;
  readonly limits: CrdtLimits;
  private readonly storeOf: () => CrdtStore;
  private readonly hooks: DocumentHooks;
  private readonly live = new Map<string, LiveDocument>();
  private readonly loading = new Map<string, Promise<LiveDocument>>();
  private readonly leaving = new Map<string, Promise<void>>();
  private readonly idle = new Map<string, NodeJS.Timeout>();
  private readonly compacting = new Set<LiveDocument>();
  private readonly debounce: Debouncer<LiveDocument>;
  private closedAll = false;

  constructor(o: DocumentRegistryOptions) {
    const store = o.store;
    this.storeOf = typeof store === 'function' ? store : () => store;
    this.tenant = o.tenant;
    this.limits = crdtLimits(o.limits);
    this.hooks = o.hooks ?? {};
    this.debounce = new Debouncer(this.limits.changeDebounceMs, this.limits.changeMaxDebounceMs, (live) => this.settled(live));
  }

  /** Throws InvalidDocumentNameError unless `name` is 1..maxNameBytes UTF-8 bytes without control characters. */
  checkName(name: string): void {
    if (typeof name !== 'string' || name.length === 0 || CONTROL.test(name) || Buffer.byteLength(name) > this.limits.maxNameBytes) {
      throw new InvalidDocumentNameError(`invalid document name ${JSON.stringify(String(name).slice(0, 64))}`);
    }
  }

  /** Loads (or finds) a document and holds it until `release`. */
  async open(name: string): Promise<LiveDocument> {
    this.checkName(name);
    for (;;) {
      if (this.closedAll) throw new DocumentClosedError('the document registry is closed');
      const found = this.live.get(name);
      if (found && !found.closed) return this.retain(found);
      const leaving = this.leaving.get(name);
      if (leaving) { await leaving; continue; }
      let loading = this.loading.get(name);
      if (!loading) {
        loading = this.load(name);
        this.loading.set(name, loading);
        loading.finally(() => this.loading.delete(name)).catch(() => undefined);
      }
      const live = await loading;
      if (!live.closed) return this.retain(live);
    }
  }

  private async load(name: string): Promise<LiveDocument> {
    const live = new LiveDocument(this.tenant, name, this.storeOf().log(this.tenant, name), this.limits, this);
    if (this.hooks.onLoad) {
      try { await this.hooks.onLoad({ tenant: this.tenant, name, doc: live.doc }); }
      catch (err) { this.hookError('onLoad', err, name); }
    }
    this.live.set(name, live);
    return live;
  }

  private retain(live: LiveDocument): LiveDocument {
    live.refs++;
    const t = this.idle.get(live.name);
    if (t) { clearTimeout(t); this.idle.delete(live.name); }
    return live;
  }

  /** Drops one hold; the last one starts the idle timer. */
  release(live: LiveDocument): void {
    if (live.refs > 0) live.refs--;
    if (live.refs > 0 || live.closed || this.live.get(live.name) !== live) return;
    const t = setTimeout(() => { this.idle.delete(live.name); if (live.refs === 0) void this.unload(live.name); }, this.limits.idleUnloadMs);
    t.unref();
    this.idle.set(live.name, t);
  }

  /** A loaded document, if it is in memory. */
  get(name: string): LiveDocument | undefined {
    return this.live.get(name);
  }

  get loadedCount(): number {
    return this.live.size;
  }

  /** DocumentOwner: every durable change of a loaded document. */
  changed(live: LiveDocument): void {
    this.debounce.touch(live);
    const s = live.log.sinceSnapshot;
    if (s.updates >= this.limits.compactAfterUpdates || s.bytes >= this.limits.compactAfterBytes) this.scheduleCompaction(live);
  }

  /** DocumentOwner: a store failure or an update Yjs could not integrate; memory is no longer the log's state. */
  failed(live: LiveDocument, err: RosettaError): void {
    if (this.live.get(live.name) !== live) return;
    this.evict(live, err);
  }

  private settled(live: LiveDocument): void {
    if (live.closed) return;
    this.runHook('onChange', live.name, () => this.hooks.onChange?.({ tenant: this.tenant, name: live.name, doc: live.doc }));
    this.scheduleCompaction(live);
  }

  private scheduleCompaction(live: LiveDocument): void {
    if (this.compacting.has(live)) return;
    this.compacting.add(live);
    setImmediate(() => { void this.compact(live).finally(() => this.compacting.delete(live)); });
  }

  /** Writes a snapshot of the document's current state and drops the updates it covers. */
  async compact(live: LiveDocument): Promise<void> {
    if (live.closed || live.log.lastSeq === live.log.snapshotSeq) return;
    const state = Y.encodeStateAsUpdate(live.doc);
    const upTo = live.log.lastSeq;
    live.bytes = state.length; // appends after this point add to it
    try {
      await live.log.compact(state, upTo);
    } catch (err) {
      this.hookError('compaction', err, live.name);
      return;
    }
    this.runHook('onStore', live.name, () => this.hooks.onStore?.({ tenant: this.tenant, name: live.name, doc: live.doc, state, upTo }));
  }

  /** Flushes hooks, compacts and frees a document now (peers are told DocumentClosedError). */
  async unload(name: string): Promise<void> {
    const live = this.live.get(name);
    if (!live) return this.leaving.get(name);
    const done = (async () => {
      if (this.debounce.has(live)) this.debounce.flush(live);
      await this.compact(live);
      await live.flushed();
      this.live.delete(name);
      live.close(new DocumentClosedError(`document '${name}' was unloaded`));
      this.runHook('onUnload', name, () => this.hooks.onUnload?.({ tenant: this.tenant, name }));
    })();
    this.leaving.set(name, done);
    try { await done; } finally { this.leaving.delete(name); }
  }

  private evict(live: LiveDocument, err: RosettaError): void {
    this.debounce.cancel(live);
    this.live.delete(live.name);
    live.close(err);
    const done = live.flushed().finally(() => { if (this.leaving.get(live.name) === done) this.leaving.delete(live.name); });
    this.leaving.set(live.name, done);
  }

  /** Unloads every document (compacting each) and refuses new opens. */
  async close(): Promise<void> {
    this.closedAll = true;
    for (const t of this.idle.values()) clearTimeout(t);
    this.idle.clear();
    await Promise.all([...this.loading.values()].map((p) => p.catch(() => undefined)));
    await Promise.all([...this.live.keys()].map((n) => this.unload(n)));
    await Promise.all([...this.leaving.values()]);
    this.debounce.cancelAll();
  }

  private runHook(hook: string, name: string, call: () => void | Promise<void> | undefined): void {
    try {
      const r = call();
      if (r && typeof (r as Promise<void>).catch === 'function') (r as Promise<void>).catch((err) => this.hookError(hook, err, name));
    } catch (err) {
      this.hookError(hook, err, name);
    }
  }

  private hookError(hook: string, err: unknown, name: string): void {
    if (this.hooks.onHookError) this.hooks.onHookError(hook, err, name);
    else process.emitWarning(`crdt ${hook} for '${name}' failed: ${(err as Error)?.message ?? err}`);
  }
}
