/**
 * Tenant isolation by construction: every tenant gets its own ActorSystem — its
 * own process registry, names, virtual actors, dead letters, event stream and
 * metrics. A connection authenticated for tenant T is bound to T's space, so every
 * id it uses resolves there; nothing of another tenant is reachable because it is
 * not in the same registry, not because an edge check said no. Two tenants may
 * both have `orders/42`. Each system enforces its tenant's live-actor quota, and
 * is watched by the process's memory guard when there is one. The quota applies
 * once the space is set up: its standing actors (name registry, what `setup` and
 * the transports host) count toward it but are never refused.
 */
import type { DocumentRegistry } from '../../crdt/index.js';
import { ActorSystem, MemoryGuard, type Metrics, type Props } from '../actors/index.js';
import type { DocumentSpaces } from '../documents/index.js';
import { SessionDirectory } from '../edge/session-directory.js';
import type { TenantService } from '../edge/tenant-service.js';
import { NameRegistry, type NameDirectory } from '../registry/index.js';
import { TenantQuota, UNLIMITED_QUOTA, type QuotaLimits } from './tenant-quota.js';

export interface TenantSpace {
  readonly tenant: string;
  readonly system: ActorSystem;
  readonly names: NameRegistry;
  readonly quota: TenantQuota;
  /** Services by actor id (the name registry, `$crdt`), each admitting what peers send it; registered as the space is created. */
  readonly services: Map<string, TenantService>;
  /** The tenant's live client sessions (WebSocket and gRPC client connections) by owner id. */
  readonly sessions: SessionDirectory;
  /** Kinds Proto.Actor peers may remote-spawn in this tenant (`remote.ActorPidRequest` to `activator`). */
  readonly spawnable: Map<string, Props>;
  /** The tenant's replicated documents (undefined when the gateway runs without them). */
  readonly documents: DocumentRegistry | undefined;
}

/** The tenant of connections when authentication is off. */
export const DEFAULT_TENANT = 'default';

export interface TenantSpacesOptions {
  /** Sheds idle virtual actors of every tenant under memory pressure (the process owns it). */
  memoryGuard?: MemoryGuard;
  /** Stores each tenant's names (in-process by default; the cluster's store later). */
  nameDirectory?: (tenant: string) => NameDirectory;
  /** Where each tenant's system and quota report (labelled with the tenant). */
  metrics?: Metrics;
  /** Replicated documents: each space gets its registry and the `$crdt` service. */
  documents?: DocumentSpaces;
}

/** What a shutdown left behind, over every tenant. */
export interface SpacesShutdownReport {
  stopped: number;
  remaining: number;
}

export class TenantSpaces {
  private readonly spaces = new Map<string, TenantSpace>();
  private readonly unguard: (() => void)[] = [];
  private address = 'nonhost';
  private readonly created: ((space: TenantSpace) => void)[] = [];

  /**
   * `setup` runs once per new space (host the tenant's standing actors there);
   * `limits` gives each tenant its quota (the same for all, or per tenant);
   * `options` carries the process's memory guard and the store of names (in-process by default).
   */
  constructor(
    private readonly setup: (space: TenantSpace) => void = () => {},
    private readonly limits: QuotaLimits | ((tenant: string) => QuotaLimits) = UNLIMITED_QUOTA,
    private readonly options: TenantSpacesOptions = {},
  ) {}

  /** The space of `tenant`, created on first use. */
  get(tenant: string): TenantSpace {
    let s = this.spaces.get(tenant);
    if (s === undefined) {
      const quota = new TenantQuota(tenant, typeof this.limits === 'function' ? this.limits(tenant) : this.limits, undefined, this.options.metrics);
      const system = new ActorSystem({ address: this.address, name: `tenant ${tenant}`, onActorRefused: () => quota.actorRefused(), metrics: this.options.metrics, metricLabels: { tenant } });
      if (this.options.memoryGuard) this.unguard.push(this.options.memoryGuard.register(system));
      const names = new NameRegistry(system, { beforeAdd: (count) => quota.checkNames(count), directory: this.options.nameDirectory?.(tenant) });
      const registry = names.service();
      system.root.spawnNamed(names.props(), registry.id);
      const documents = this.options.documents;
      s = {
        tenant, system, names, quota, services: new Map([[registry.id, registry]]), sessions: new SessionDirectory(system), spawnable: new Map(),
        documents: documents?.registry(tenant),
      };
      this.spaces.set(tenant, s);
      documents?.install(s);
      this.setup(s);
      for (const fn of this.created) fn(s);
      system.maxActors = quota.limits.actors;
    }
    return s;
  }

  has(tenant: string): boolean {
    return this.spaces.has(tenant);
  }

  all(): TenantSpace[] {
    return [...this.spaces.values()];
  }

  /** Transports attach to every space, present and future. */
  onCreated(fn: (space: TenantSpace) => void): void {
    this.created.push(fn);
    for (const s of this.spaces.values()) fn(s);
  }

  /** The advertised address every space's PIDs carry (set by the gRPC transport). */
  setAddress(address: string): void {
    this.address = address;
    for (const s of this.spaces.values()) s.system.address = address;
  }

  /** Stops every tenant's actors (system-shutdown.ts), all within `timeoutMs`. */
  async shutdown(timeoutMs?: number): Promise<SpacesShutdownReport> {
    for (const u of this.unguard.splice(0)) u();
    const reports = await Promise.all(this.all().map((s) => s.system.shutdown(timeoutMs)));
    return reports.reduce((t, r) => ({ stopped: t.stopped + r.stopped, remaining: t.remaining + r.remaining }), { stopped: 0, remaining: 0 });
  }
}
