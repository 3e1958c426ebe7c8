/**
 * The durable log of one document, (tenant, document) in a CrdtStore: appends
 * Yjs v1 updates under increasing sequence numbers, loads snapshot + later
 * updates, and compacts a prefix of the log into a new snapshot.
 *
 * Crash safety rests on LMDB's ordered, atomic commits: a compaction is one
 * transaction (write the snapshot covering seq ≤ upTo, delete those updates)
 * queued after the appends it covers, so after any crash the store holds either
 * the old snapshot and all its updates or the new snapshot and the rest.
 *
 * @example
 *   const log = store.log('t', 'doc');
 *   const { snapshot, updates } = log.load();
 *   await log.append(update);                     // durable when resolved
 *   await log.compact(Y.encodeStateAsUpdate(doc), log.lastSeq);
 */
import { StoreFailureError } from './errors.js';
import type { CrdtStore } from './update-store.js';

export interface LoadedLog {
  /** v1 state-as-update covering seq ≤ snapshotSeq, if a snapshot exists. */
  snapshot: Uint8Array | undefined;
  /** Updates after the snapshot, in seq order. */
  updates: Uint8Array[];
  /** Snapshot bytes + update bytes: the document's size for limits. */
  bytes: number;
}

const MAX_SEQ = Number.MAX_SAFE_INTEGER;

export class UpdateLog {
  /** Last sequence number assigned (0 before the first append). */
  lastSeq = 0;
  /** Seq covered by the stored snapshot. */
  snapshotSeq = 0;
  /** Updates and bytes appended since the last snapshot. */
  sinceSnapshot = { updates: 0, bytes: 0 };
  private loaded = false;

  constructor(private readonly store: CrdtStore, readonly tenant: string, readonly document: string) {}

  /** Reads the snapshot and the updates after it. Synchronous: LMDB reads are memory-mapped. */
  load(): LoadedLog {
    const snap = this.store.snapshots.get([this.tenant, this.document]);
    this.snapshotSeq = snap?.upTo ?? 0;
    this.lastSeq = this.snapshotSeq;
    const updates: Uint8Array[] = [];
    let bytes = snap?.state.length ?? 0;
    for (const { key, value } of this.store.updates.getRange({ start: [this.tenant, this.document, this.snapshotSeq + 1], end: [this.tenant, this.document, MAX_SEQ] })) {
      updates.push(value);
      bytes += value.length;
      this.lastSeq = key[2] as number;
    }
    this.sinceSnapshot = { updates: updates.length, bytes: bytes - (snap?.state.length ?? 0) };
    this.loaded = true;
    return { snapshot: snap?.state, updates, bytes };
  }

  /**
   * Appends one update; resolves once it is committed and flushed, rejects with
   * StoreFailureError if the store refused it (then it was not acknowledged).
   * The sequence number is taken synchronously, so appends keep call order.
   */
  append(update: Uint8Array): Promise<void> {
    if (!this.loaded) this.load();
    const seq = ++this.lastSeq;
    this.sinceSnapshot.updates++;
    this.sinceSnapshot.bytes += update.length;
    let write: Promise<unknown>;
    try {
      write = this.store.updates.put([this.tenant, this.document, seq], update);
    } catch (err) {
      write = Promise.reject(err); // e.g. the store was closed: same path as a failed commit
    }
    return this.store.durable(write).catch((err: unknown) => {
      throw new StoreFailureError(`appending update ${seq} of '${this.document}' failed`, { cause: err });
    });
  }

  /**
   * Replaces the snapshot with `state` (which must contain every update with
   * seq ≤ upTo) and deletes those updates, in one transaction.
   */
  compact(state: Uint8Array, upTo: number): Promise<void> {
    const { tenant, document } = this;
    const from = this.snapshotSeq;
    const previous = this.sinceSnapshot;
    this.snapshotSeq = upTo;
    this.sinceSnapshot = { updates: this.lastSeq - upTo, bytes: 0 };
    let txn: Promise<unknown>;
    try {
      txn = this.store.root.transaction(() => {
        this.store.snapshots.put([tenant, document], { upTo, state });
        for (const key of this.store.updates.getKeys({ start: [tenant, document, from + 1], end: [tenant, document, upTo + 1] })) {
          this.store.updates.remove(key);
        }
      });
    } catch (err) {
      txn = Promise.reject(err);
    }
    return this.store.durable(txn).catch((err: unknown) => {
      this.sinceSnapshot = previous;
      throw new StoreFailureError(`compacting '${document}' failed`, { cause: err });
    });
  }

  /** Deletes the document's snapshot and every update. */
  drop(): Promise<void> {
    const { tenant, document } = this;
    const txn = this.store.root.transaction(() => {
      this.store.snapshots.remove([tenant, document]);
      for (const key of this.store.updates.getKeys({ start: [tenant, document, 0], end: [tenant, document, MAX_SEQ] })) {
        this.store.updates.remove(key);
      }
    });
    this.lastSeq = this.snapshotSeq = 0;
    this.sinceSnapshot = { updates: 0, bytes: 0 };
    return this.store.durable(txn);
  }
}
