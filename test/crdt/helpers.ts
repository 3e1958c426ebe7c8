/** Shared helpers for the crdt tests: a temporary store and registry, cleaned up by the caller. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CrdtStore, DocumentRegistry, type CrdtLimits, type DocumentHooks } from '../../crdt/index.js';

export interface TempStore {
  dir: string;
  store: CrdtStore;
  registry(tenant?: string, limits?: Partial<CrdtLimits>, hooks?: DocumentHooks): DocumentRegistry;
  reopen(): CrdtStore;
  dispose(): Promise<void>;
}

export function tempStore(): TempStore {
  const dir = mkdtempSync(join(tmpdir(), 'rosetta-crdt-'));
  const registries: DocumentRegistry[] = [];
  const t: TempStore = {
    dir,
    store: CrdtStore.open(dir),
    registry(tenant = 't1', limits = {}, hooks = {}) {
      const r = new DocumentRegistry({ store: t.store, tenant, limits, hooks });
      registries.push(r);
      return r;
    },
    reopen() {
      t.store = CrdtStore.open(dir);
      return t.store;
    },
    async dispose() {
      for (const r of registries) await r.close();
      await t.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return t;
}
