/**
 * One tenant's share of the gateway: connections (gRPC streams and WebSocket
 * sessions together), envelopes per second (a token bucket refilled continuously,
 * bursting up to one second's worth), registered names, bytes in flight (frames
 * handed to its connections and not yet written to the network) and live actors
 * (spawned and activated virtual ones, enforced by the tenant's ActorSystem, which
 * reports each refusal here). Past a limit the
 * tenant is answered RESOURCE_EXHAUSTED; other tenants keep their own budgets, so a
 * noisy tenant spends only its own.
 *
 * @example
 *   const q = new TenantQuota('acme', { ...UNLIMITED_QUOTA, envelopesPerSecond: 10_000 });
 *   const admitted = q.admitEnvelopes(batch.length); // the rest are refused
 */
import { ResourceExhaustedError } from '../../protocol/index.js';
import { noopMetrics, type Counter, type Metrics } from '../actors/index.js';

export interface QuotaLimits {
  /** Concurrent connections (gRPC streams + WebSocket sessions). */
  connections: number;
  /** Inbound envelopes per second, over both transports; bursts up to one second's worth. */
  envelopesPerSecond: number;
  /** Names registered in the tenant's registry. */
  names: number;
  /** Bytes queued toward the tenant's connections and not yet written. */
  bytesInFlight: number;
  /** Live actors in the tenant's system: spawned and activated virtual ones (futures don't count). */
  actors: number;
}

export const UNLIMITED_QUOTA: QuotaLimits = { connections: Infinity, envelopesPerSecond: Infinity, names: Infinity, bytesInFlight: Infinity, actors: Infinity };

/** The defaults `rosetta dev` applies to every tenant (flags override them). */
export const DEFAULT_QUOTA: QuotaLimits = { connections: 10_000, envelopesPerSecond: Infinity, names: 100_000, bytesInFlight: 64 * 1024 * 1024, actors: 1_000_000 };

export type QuotaKind = 'connections' | 'envelopes' | 'names' | 'bytes' | 'actors';

export class TenantQuota {
  connections = 0;
  bytesInFlight = 0;
  /** What was refused, by kind, since start. */
  readonly refused: Record<QuotaKind, number> = { connections: 0, envelopes: 0, names: 0, bytes: 0, actors: 0 };
  private tokens: number;
  private refilledAt: number;
  private reportedAt = -Infinity;

  /** `now` (ms, monotonic) is for tests. */
  private readonly refusedMetric: Record<QuotaKind, Counter>;

  /** `now` (ms, monotonic) is for tests; refusals are also reported to `metrics` (by tenant and kind). */
  constructor(readonly tenant: string, readonly limits: QuotaLimits, private readonly now: () => number = () => performance.now(), metrics: Metrics = noopMetrics) {
    const c = (kind: QuotaKind) => metrics.counter('rosetta_quota_refused_total', 'Refusals past a tenant quota, by kind', { tenant, kind });
    this.refusedMetric = { connections: c('connections'), envelopes: c('envelopes'), names: c('names'), bytes: c('bytes'), actors: c('actors') };
    this.tokens = limits.envelopesPerSecond;
    this.refilledAt = now();
  }

  /** Takes a connection slot or throws RESOURCE_EXHAUSTED; call the returned function once when it closes. */
  acquireConnection(): () => void {
    if (this.connections >= this.limits.connections) {
      this.refused.connections++;
      this.refusedMetric.connections.add();
      throw new ResourceExhaustedError(`tenant ${this.tenant} has reached its limit of ${this.limits.connections} connections`, { reason: 'connections' });
    }
    this.connections++;
    let released = false;
    return () => { if (!released) { released = true; this.connections--; } };
  }

  /** How many of `n` inbound envelopes may go on now (the first ones); the rest are refused. */
  admitEnvelopes(n: number): number {
    const rate = this.limits.envelopesPerSecond;
    if (rate === Infinity) return n;
    const now = this.now();
    this.tokens = Math.min(rate, this.tokens + ((now - this.refilledAt) * rate) / 1000);
    this.refilledAt = now;
    const admitted = Math.max(0, Math.min(n, Math.floor(this.tokens)));
    this.tokens -= admitted;
    this.refused.envelopes += n - admitted;
    if (admitted < n) this.refusedMetric.envelopes.add(n - admitted);
    return admitted;
  }

  /** Reserves `bytes` toward the tenant's connections; false (and counted) when over the limit. */
  reserveBytes(bytes: number): boolean {
    if (this.bytesInFlight + bytes > this.limits.bytesInFlight && this.bytesInFlight > 0) {
      this.refused.bytes++;
      this.refusedMetric.bytes.add();
      return false;
    }
    this.bytesInFlight += bytes;
    return true;
  }

  releaseBytes(bytes: number): void {
    this.bytesInFlight -= bytes;
  }

  /** Throws RESOURCE_EXHAUSTED when a tenant holding `current` names may not register another. */
  checkNames(current: number): void {
    if (current < this.limits.names) return;
    this.refused.names++;
    this.refusedMetric.names.add();
    throw new ResourceExhaustedError(`tenant ${this.tenant} has reached its limit of ${this.limits.names} registered names`);
  }

  /** The tenant's system refused a spawn or an activation at `limits.actors` (it answers RESOURCE_EXHAUSTED, reason `actors`). */
  actorRefused(): void {
    this.refused.actors++;
    this.refusedMetric.actors.add();
  }

  /** True at most once a second: for logging refusals without flooding the log. */
  reportDue(): boolean {
    const now = this.now();
    if (now - this.reportedAt < 1000) return false;
    this.reportedAt = now;
    return true;
  }

  exhaustedMessage(kind: 'envelopes' | 'bytes'): string {
    return kind === 'envelopes'
      ? `tenant ${this.tenant} is over its limit of ${this.limits.envelopesPerSecond} envelopes/s`
      : `tenant ${this.tenant} has more than ${this.limits.bytesInFlight} bytes in flight`;
  }
}
