/**
 * KvStore: key/value state that stays small however often it is rewritten.
 *
 * A Y.Map keeps a tombstone per overwritten value (500K writes over 10 keys grow
 * its encoded state to megabytes). Here the state is a Y.Array of `{key, val}`
 * entries: a write appends the new entry and deletes the old one, and deleted
 * runs from one client merge into a single struct, so the document stays the
 * size of its live entries. Concurrent writes of one key leave two entries; every
 * replica picks the same winner (the rightmost in the converged array) and
 * deletes the others, so all replicas agree.
 *
 * @example
 *   const kv = KvStore.of(doc, 'settings');
 *   kv.set('theme', 'dark');
 *   kv.observe((changes) => { for (const [key, c] of changes) console.log(key, c.action, c.value); });
 */
import * as Y from 'yjs';

export interface KvEntry<V> {
  key: string;
  val: V;
}

export interface KvChange<V> {
  action: 'add' | 'update' | 'delete';
  /** The value after the change (undefined when deleted). */
  value: V | undefined;
}

export type KvObserver<V> = (changes: Map<string, KvChange<V>>, transaction: Y.Transaction) => void;

export class KvStore<V = unknown> {
  private readonly map = new Map<string, KvEntry<V>>();
  private readonly observers = new Set<KvObserver<V>>();
  /** Keys changed by this replica's set/delete in the running transaction, with whether they existed before. */
  private readonly localBefore = new Map<string, boolean>();

  /** The store kept in the document's top-level array `name`. */
  static of<V = unknown>(doc: Y.Doc, name: string): KvStore<V> {
    return new KvStore<V>(doc.getArray<KvEntry<V>>(name));
  }

  constructor(readonly yarray: Y.Array<KvEntry<V>>) {
    const seen = new Map<string, number>();
    const losers: number[] = [];
    yarray.forEach((e, i) => {
      const prev = seen.get(e.key);
      if (prev !== undefined) losers.push(prev);
      seen.set(e.key, i);
      this.map.set(e.key, e);
    });
    if (losers.length > 0) this.deleteIndices(losers);
    yarray.observe((event, tr) => this.onEvent(event, tr));
  }

  get size(): number { return this.map.size; }
  has(key: string): boolean { return this.map.has(key); }
  get(key: string): V | undefined { return this.map.get(key)?.val; }
  keys(): IterableIterator<string> { return this.map.keys(); }
  *entries(): IterableIterator<[string, V]> { for (const [k, e] of this.map) yield [k, e.val]; }
  toJSON(): Record<string, V> { return Object.fromEntries(this.entries()); }

  set(key: string, val: V): void {
    const doc = this.yarray.doc;
    const write = () => {
      const old = this.map.get(key);
      if (!this.localBefore.has(key)) this.localBefore.set(key, old !== undefined);
      const entry: KvEntry<V> = { key, val };
      this.yarray.push([entry]);
      this.map.set(key, entry);
      if (old !== undefined) this.deleteEntry(old);
    };
    if (doc) doc.transact(write); else write();
  }

  delete(key: string): void {
    const old = this.map.get(key);
    if (old === undefined) return;
    const doc = this.yarray.doc;
    const write = () => {
      if (!this.localBefore.has(key)) this.localBefore.set(key, true);
      this.map.delete(key);
      this.deleteEntry(old);
    };
    if (doc) doc.transact(write); else write();
  }

  observe(fn: KvObserver<V>): void { this.observers.add(fn); }
  unobserve(fn: KvObserver<V>): void { this.observers.delete(fn); }

  /** Index of `entry` (by identity) among the array's live elements, walking its items once. */
  private indexOf(entry: KvEntry<V>): number {
    let index = 0;
    for (let item = this.yarray._start; item !== null; item = item.right) {
      if (item.deleted || !item.countable) continue;
      const content = item.content.getContent() as KvEntry<V>[];
      const j = content.indexOf(entry);
      if (j >= 0) return index + j;
      index += item.length;
    }
    return -1;
  }

  private deleteEntry(entry: KvEntry<V>): void {
    const i = this.indexOf(entry);
    if (i >= 0) this.yarray.delete(i, 1);
  }

  private deleteIndices(indices: number[]): void {
    const run = () => { for (const i of [...indices].sort((a, b) => b - a)) this.yarray.delete(i, 1); };
    if (this.yarray.doc) this.yarray.doc.transact(run); else run();
  }

  private onEvent(event: Y.YArrayEvent<KvEntry<V>>, tr: Y.Transaction): void {
    const touched = new Set<string>(this.localBefore.keys());
    const before = new Map(this.localBefore);
    this.localBefore.clear();
    for (const item of event.changes.deleted) {
      for (const e of item.content.getContent() as KvEntry<V>[]) {
        if (this.map.get(e.key) === e) {
          if (!before.has(e.key)) before.set(e.key, true);
          this.map.delete(e.key);
          touched.add(e.key);
        }
      }
    }
    const conflicts = new Set<string>();
    for (const item of event.changes.added) {
      if (item.deleted) continue;
      for (const e of item.content.getContent() as KvEntry<V>[]) {
        const cur = this.map.get(e.key);
        if (cur === e) continue;
        if (!before.has(e.key)) before.set(e.key, cur !== undefined);
        touched.add(e.key);
        if (cur === undefined) this.map.set(e.key, e); else conflicts.add(e.key);
      }
    }
    if (conflicts.size > 0) this.resolve(conflicts);
    if (this.observers.size === 0 || touched.size === 0) return;
    const changes = new Map<string, KvChange<V>>();
    for (const key of touched) {
      const now = this.map.get(key);
      const existed = before.get(key) ?? false;
      if (now === undefined && !existed) continue;
      changes.set(key, { action: now === undefined ? 'delete' : existed ? 'update' : 'add', value: now?.val });
    }
    if (changes.size > 0) for (const fn of this.observers) fn(changes, tr);
  }

  /** Concurrent writes of the same keys: the rightmost live entry wins everywhere; the others are deleted. */
  private resolve(keys: Set<string>): void {
    const positions = new Map<string, number[]>();
    let index = 0;
    for (let item = this.yarray._start; item !== null; item = item.right) {
      if (item.deleted || !item.countable) continue;
      const content = item.content.getContent() as KvEntry<V>[];
      content.forEach((e, j) => {
        if (!keys.has(e.key)) return;
        const list = positions.get(e.key) ?? [];
        list.push(index + j);
        positions.set(e.key, list);
        this.map.set(e.key, e); // the last one seen is the rightmost
      });
      index += item.length;
    }
    const losers = [...positions.values()].flatMap((list) => list.slice(0, -1));
    if (losers.length > 0) this.deleteIndices(losers);
  }
}
