/**
 * The embedded store for CRDT documents: one LMDB environment (the `lmdb`
 * package) with two sub-databases shared by every tenant.
 *
 *   crdt-updates    [tenant, document, seq]  → one Yjs v1 update (raw bytes)
 *   crdt-snapshots  [tenant, document]       → { upTo: seq, state: v1 state-as-update }
 *
 * A document's state is its snapshot plus every update with seq > upTo, applied
 * in seq order. Writes are acknowledged only once flushed (fsync'd): `durable()`
 * waits for the commit and then for its flush, so an acknowledged update
 * survives kill -9 and power loss alike. One process owns a store at a time
 * (sequence numbers are kept in memory by each document's UpdateLog).
 *
 * @example
 *   const store = CrdtStore.open('/var/lib/rosetta/crdt');
 *   const log = store.log('tenant-a', 'notes/1');
 *   await log.append(update);
 *   await store.close();
 */
import { open, type Database, type RootDatabase } from 'lmdb';
import { UpdateLog } from './update-log.js';

export interface SnapshotRecord {
  upTo: number;
  state: Uint8Array;
}

export class CrdtStore {
  readonly updates: Database<Uint8Array, (string | number)[]>;
  readonly snapshots: Database<SnapshotRecord, string[]>;
  private readonly ownsRoot: boolean;

  /**
   * Uses an LMDB environment the gateway already has open (its sub-databases
   * are named `crdt-*`), or `CrdtStore.open(path)` for one of its own.
   */
  constructor(readonly root: RootDatabase, options: { ownsRoot?: boolean } = {}) {
    this.ownsRoot = options.ownsRoot ?? false;
    this.updates = root.openDB<Uint8Array, (string | number)[]>({ name: 'crdt-updates', encoding: 'binary' });
    this.snapshots = root.openDB<SnapshotRecord, string[]>({ name: 'crdt-snapshots', encoding: 'msgpack' });
  }

  /** Opens (creating if needed) an environment at `path`, synced on every commit. */
  static open(path: string, options: { mapSize?: number } = {}): CrdtStore {
    const root = open({
      path,
      maxDbs: 16,
      // Commit promises resolve when visible; `.flushed` when on disk. durable() waits for both.
      separateFlushed: true,
      ...(options.mapSize ? { mapSize: options.mapSize } : {}),
    } as Parameters<typeof open>[0]);
    return new CrdtStore(root, { ownsRoot: true });
  }

  /** The update log of one document. */
  log(tenant: string, document: string): UpdateLog {
    return new UpdateLog(this, tenant, document);
  }

  /** Names of a tenant's stored documents (snapshotted or with updates), in key order. */
  documents(tenant: string): string[] {
    const names = new Set<string>();
    for (const key of this.snapshots.getKeys({ start: [tenant] })) {
      if (key[0] !== tenant) break;
      names.add(key[1]!);
    }
    let last: string | undefined;
    for (const key of this.updates.getKeys({ start: [tenant] })) {
      if (key[0] !== tenant) break;
      const doc = key[1] as string;
      if (doc !== last) { names.add(doc); last = doc; }
    }
    return [...names].sort();
  }

  /** Resolves when `write` is committed and flushed to disk. */
  async durable(write: Promise<unknown>): Promise<void> {
    await write;
    const flushed = (write as { flushed?: PromiseLike<unknown> }).flushed;
    await (flushed ?? this.root.flushed);
  }

  async close(): Promise<void> {
    await this.root.flushed;
    if (this.ownsRoot) await this.root.close();
  }
}
