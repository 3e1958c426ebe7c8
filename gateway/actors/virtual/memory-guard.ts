/**
 * The memory guard: one per process, watching the V8 heap (used vs limit, about
 * once a second). Above the high-water mark (default 70% of the limit) it sheds
 * virtual actors — the least recently used idle ones first, over every registered
 * actor system — until the heap is back under the low-water mark (default 55%).
 * A passivated actor re-activates on its next message, so nothing is lost; only
 * its in-memory state is rebuilt.
 *
 * A round asks for a share of the activations proportional to the excess
 * (`(used − low) / used` of them): one chunked pass builds a histogram of idle
 * ages (the sweep's ages, in ms; "used since the last sweep" counts as youngest),
 * a second passivates everything older than the cut. What a round frees shows
 * only after a major GC, so the next round waits for one (or `settleMs`).
 * Passes are chunked (chunked-scan.ts): the event loop keeps serving meanwhile.
 * Each round is summed into a warn line, at most one per `warnIntervalMs`.
 *
 * @example
 *   const guard = new MemoryGuard().start();
 *   const unregister = guard.register(system);
 */
import { PerformanceObserver, constants } from 'node:perf_hooks';
import v8 from 'node:v8';
import type { ActorSystem } from '../actor-system.js';

export interface HeapReading {
  used: number;
  limit: number;
}

export interface MemoryGuardOptions {
  /** Fraction of the heap limit above which shedding starts. Default 0.70. */
  highWater?: number;
  /** Fraction of the heap limit under which shedding stops. Default 0.55. */
  lowWater?: number;
  /** Milliseconds between checks once started. Default 1000. */
  intervalMs?: number;
  /** Heap reading; default `v8.getHeapStatistics()` used_heap_size and heap_size_limit. */
  probe?: () => HeapReading;
  /** Monotonic milliseconds. Default `performance.now`. */
  now?: () => number;
  /** Major GCs so far; a round waits for one after the previous round. Default: observed (perf_hooks). */
  collections?: () => number;
  /** Longest wait for that GC before the next round. Default 5000. */
  settleMs?: number;
  warn?: (msg: string, fields: Record<string, unknown>) => void;
  /** At most one warn line per interval (counts are summed). Default 10000. */
  warnIntervalMs?: number;
}

const heapProbe = (): HeapReading => {
  const h = v8.getHeapStatistics();
  return { used: h.used_heap_size, limit: h.heap_size_limit };
};
const stderrWarn = (msg: string, fields: Record<string, unknown>): void => {
  process.stderr.write(JSON.stringify({ level: 'warn', msg, ...fields }) + '\n');
};

/** Quarter-octave buckets of idle age; bucket 0 = used since the last sweep. */
const BUCKETS = 200;
function bucketOf(idleMs: number): number {
  return idleMs < 0 ? 0 : Math.min(BUCKETS - 1, 1 + Math.floor(4 * Math.log2(idleMs + 1)));
}

export class MemoryGuard {
  private readonly systems = new Set<ActorSystem>();
  private readonly high: number;
  private readonly low: number;
  private readonly probe: () => HeapReading;
  private readonly now: () => number;
  private readonly collections: () => number;
  private readonly warn: (msg: string, fields: Record<string, unknown>) => void;
  private timer: NodeJS.Timeout | undefined;
  private observer: PerformanceObserver | undefined;
  private majorGcs = 0;
  private shedding = false;
  private busy = false;
  private lastRound = { at: -Infinity, gcs: 0 };
  private unreported = 0;
  private warnedAt = -Infinity;
  /** Rounds run and actors asked to passivate since start. */
  readonly stats = { rounds: 0, passivated: 0 };

  constructor(private readonly options: MemoryGuardOptions = {}) {
    this.high = options.highWater ?? 0.7;
    this.low = options.lowWater ?? 0.55;
    if (!(this.low > 0 && this.low < this.high && this.high < 1)) throw new RangeError(`need 0 < lowWater < highWater < 1, got ${this.low}, ${this.high}`);
    this.probe = options.probe ?? heapProbe;
    this.now = options.now ?? (() => performance.now());
    this.collections = options.collections ?? (() => this.majorGcs);
    this.warn = options.warn ?? stderrWarn;
  }

  /** Watches `system`'s virtual actors until the returned function is called. */
  register(system: ActorSystem): () => void {
    this.systems.add(system);
    return () => { this.systems.delete(system); };
  }

  /** Checks every `intervalMs` (unref'd: never keeps the process alive). */
  start(): this {
    if (this.timer !== undefined) return this;
    if (this.options.collections === undefined) {
      this.observer = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if ((e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) this.majorGcs++;
      });
      this.observer.observe({ entryTypes: ['gc'] });
    }
    this.timer = setInterval(() => { void this.check(); }, this.options.intervalMs ?? 1000);
    this.timer.unref();
    return this;
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.observer?.disconnect();
    this.observer = undefined;
  }

  /** One check now; resolves with how many actors were asked to passivate. */
  async check(): Promise<number> {
    if (this.busy) return 0;
    const reading = this.probe();
    const ratio = reading.used / reading.limit;
    if (ratio < this.low) { this.shedding = false; return 0; }
    if (!this.shedding && ratio < this.high) return 0;
    this.shedding = true;
    const t = this.now();
    if (this.collections() === this.lastRound.gcs && t - this.lastRound.at < (this.options.settleMs ?? 5000)) return 0;
    this.busy = true;
    let passivated = 0;
    try {
      passivated = await this.round(reading);
    } finally {
      this.busy = false;
    }
    this.lastRound = { at: this.now(), gcs: this.collections() };
    this.stats.rounds++;
    this.stats.passivated += passivated;
    this.report(passivated, reading);
    return passivated;
  }

  private async round(reading: HeapReading): Promise<number> {
    const systems = [...this.systems].filter((s) => s.kinds.live > 0);
    const total = systems.reduce((n, s) => n + s.kinds.live, 0);
    if (total === 0) return 0;
    const wanted = Math.min(total, Math.ceil((total * (reading.used - this.low * reading.limit)) / reading.used));
    const histogram = new Float64Array(BUCKETS);
    for (const s of systems) await s.kinds.visitIdle((_, idleMs) => { histogram[bucketOf(idleMs)]!++; }).done;
    // The cut: every bucket above it goes, and `atCut` of the bucket at it.
    let cut = BUCKETS - 1, older = 0;
    for (; cut > 0 && older + histogram[cut]! < wanted; cut--) older += histogram[cut]!;
    let atCut = wanted - older;
    let passivated = 0;
    for (const s of systems) {
      await s.kinds.visitIdle((cell, idleMs) => {
        const b = bucketOf(idleMs);
        if (b < cut || (b === cut && atCut-- <= 0)) return;
        cell.passivate(idleMs >= 0); // an aged one stays if used meanwhile; a fresh one goes if still idle
        passivated++;
      }).done;
    }
    return passivated;
  }

  private report(passivated: number, reading: HeapReading): void {
    this.unreported += passivated;
    const t = this.now();
    if (t - this.warnedAt < (this.options.warnIntervalMs ?? 10_000)) return;
    this.warnedAt = t;
    this.warn('memory pressure: passivated idle virtual actors', {
      passivated: this.unreported,
      heapUsed: reading.used,
      heapLimit: reading.limit,
      heapUsedPercent: Math.round((1000 * reading.used) / reading.limit) / 10,
    });
    this.unreported = 0;
  }
}
