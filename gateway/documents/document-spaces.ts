/**
 * Replicated documents of every tenant: one DocumentRegistry per tenant (its
 * documents are loaded on first use, unloaded when idle) over one embedded LMDB
 * store at `<dataDir>/crdt`, opened when the first document of any tenant is —
 * a gateway whose tenants never touch a document never creates it. Each tenant
 * space gets the `$crdt` service actor (Go and JVM actors' Get / Update /
 * Subscribe) and its setup hook sees the registry (TS actors' replicated state).
 *
 * @example
 *   const documents = new DocumentSpaces({ dataDir: '/var/lib/rosetta', hooks: () => ({ onChange: ({ name }) => log(name) }) });
 *   documents.install(space);                  // $crdt in the space, admitted by the edge
 *   const docs = documents.registry('acme');   // sync sessions and actors open documents here
 *   await documents.close();                   // compacts and unloads everything, closes the store
 */
import { join } from 'node:path';
import { CrdtService, CrdtStore, DocumentRegistry, StoreFailureError, type CrdtLimits, type DocumentHooks } from '../../crdt/index.js';
import type { TenantSpace } from '../tenancy/index.js';
import { crdtTenantService } from './crdt-tenant-service.js';

export interface DocumentSpacesOptions {
  /** The store lives in `<dataDir>/crdt`. */
  dataDir: string;
  limits?: Partial<CrdtLimits>;
  /** Application hooks of one tenant's documents (on load, on change, on store, on unload). */
  hooks?: (tenant: string) => DocumentHooks | undefined;
}

export class DocumentSpaces {
  private store: CrdtStore | undefined;
  private readonly registries = new Map<string, DocumentRegistry>();
  private closed = false;

  constructor(private readonly o: DocumentSpacesOptions) {}

  /** The documents of `tenant`. */
  registry(tenant: string): DocumentRegistry {
    let r = this.registries.get(tenant);
    if (r === undefined) {
      r = new DocumentRegistry({ store: () => this.openStore(), tenant, limits: this.o.limits, hooks: this.o.hooks?.(tenant) });
      this.registries.set(tenant, r);
    }
    return r;
  }

  /** Hosts `$crdt` in the space and lets the edge admit what peers send it. */
  install(space: TenantSpace): void {
    const service = crdtTenantService();
    space.system.root.spawnNamed(new CrdtService(this.registry(space.tenant)).props(), service.id);
    space.services.set(service.id, service);
  }

  /** Loaded documents over every tenant. */
  get loadedCount(): number {
    let n = 0;
    for (const r of this.registries.values()) n += r.loadedCount;
    return n;
  }

  /** Compacts and unloads every document (each registry refuses new opens), then closes the store. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.registries.values()].map((r) => r.close()));
    await this.store?.close();
    this.store = undefined;
  }

  private openStore(): CrdtStore {
    if (this.store) return this.store;
    if (this.closed) throw new StoreFailureError('the document store is closed');
    try {
      this.store = CrdtStore.open(join(this.o.dataDir, 'crdt'));
    } catch (err) {
      throw new StoreFailureError(`cannot open the document store in ${this.o.dataDir}: ${(err as Error).message}`, { cause: err });
    }
    return this.store;
  }
}
