/**
 * The memory guard: one per process, watching the V8 heap (used vs limit; about
 * once a second, every 100 ms once above the low-water mark). Above the high-water
 * mark (default 70% of the limit) it sheds virtual actors — the least recently used
 * idle ones first, over every registered actor system (lru-shedding.ts) — until the
 * heap is back under the low-water mark (default 55%). A passivated actor
 * re-activates on its next message, so nothing is lost; only its in-memory state
 * is rebuilt.
 *
 * A round asks for a share of the activations proportional to the excess
 * (`(used − low) / used` of them). What a round frees shows only after a major GC,
 * so the next round waits for one (or `settleMs`). Passes are chunked: the event
 * loop keeps serving meanwhile. If activations outrun shedding (a flood of new
 * identities) and the heap passes the critical mark (default 80%), registered
 * systems refuse new activations — RESOURCE_EXHAUSTED, reason `memory` — while a
 * round runs and until the heap is back under the high-water mark. A reading taken
 * after a round but before the next major GC still counts what the round freed,
 * so it does not keep activations refused: they resume, and the next GC decides.
 * Rounds and refusals are summed into warn lines, at most one per `warnIntervalMs`.
 *
 * @example
 *   const guard = new MemoryGuard().start();
 *   const unregister = guard.register(system);
 */
import { PerformanceObserver, constants } from 'node:perf_hooks';
import v8 from 'node:v8';
import type { ActorSystem } from '../actor-system.js';
import { shedLeastRecentlyUsed } from './lru-shedding.js';

export interface HeapReading {
  used: number;
  limit: number;
}

export interface MemoryGuardOptions {
  /** Fraction of the heap limit above which shedding starts. Default 0.70. */
  highWater?: number;
  /** Fraction of the heap limit under which shedding stops. Default 0.55. */
  lowWater?: number;
  /** Fraction of the heap limit above which activations are refused until under highWater. Default 0.80. */
  criticalWater?: number;
  /** Milliseconds between checks once started (a tenth of it above the low-water mark). Default 1000. */
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

export class MemoryGuard {
  private readonly systems = new Set<ActorSystem>();
  private readonly high: number;
  private readonly low: number;
  private readonly critical: number;
  private readonly probe: () => HeapReading;
  private readonly now: () => number;
  private readonly collections: () => number;
  private readonly warn: (msg: string, fields: Record<string, unknown>) => void;
  private timer: NodeJS.Timeout | undefined;
  private observer: PerformanceObserver | undefined;
  private majorGcs = 0;
  private ratio = 0;
  private shedding = false;
  private refusing = false;
  private busy = false;
  private lastRound = { at: -Infinity, gcs: 0 };
  private unreported = 0;
  private warnedAt = -Infinity;
  /** Rounds run and actors asked to passivate since start. */
  readonly stats = { rounds: 0, passivated: 0 };

  constructor(private readonly options: MemoryGuardOptions = {}) {
    this.high = options.highWater ?? 0.7;
    this.low = options.lowWater ?? 0.55;
    this.critical = options.criticalWater ?? 0.8;
    if (!(this.low > 0 && this.low < this.high && this.high < this.critical && this.critical <= 1)) {
      throw new RangeError(`need 0 < lowWater < highWater < criticalWater ≤ 1, got ${this.low}, ${this.high}, ${this.critical}`);
    }
    this.probe = options.probe ?? heapProbe;
    this.now = options.now ?? (() => performance.now());
    this.collections = options.collections ?? (() => this.majorGcs);
    this.warn = options.warn ?? stderrWarn;
  }

  /** Watches `system`'s virtual actors until the returned function is called. */
  register(system: ActorSystem): () => void {
    this.systems.add(system);
    system.kinds.refuseActivations(this.refusing);
    return () => { this.systems.delete(system); system.kinds.refuseActivations(false); };
  }

  /** Checks on a timer (unref'd: never keeps the process alive). */
  start(): this {
    if (this.timer !== undefined) return this;
    if (this.options.collections === undefined) {
      this.observer = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if ((e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) this.majorGcs++;
      });
      this.observer.observe({ entryTypes: ['gc'] });
    }
    const interval = this.options.intervalMs ?? 1000;
    const tick = (): void => {
      void this.check(); // a round in progress does not delay the next reading
      this.timer = setTimeout(tick, this.ratio >= this.low ? Math.max(10, interval / 10) : interval);
      this.timer.unref();
    };
    this.timer = setTimeout(tick, interval);
    this.timer.unref();
    return this;
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.observer?.disconnect();
    this.observer = undefined;
  }

  /** One check now; resolves with how many actors were asked to passivate. */
  async check(): Promise<number> {
    const reading = this.probe();
    const ratio = (this.ratio = reading.used / reading.limit);
    this.admit(ratio, reading);
    if (this.busy) return 0;
    if (ratio < this.low) { this.shedding = false; return 0; }
    if (!this.shedding && ratio < this.high) return 0;
    this.shedding = true;
    if (this.collections() === this.lastRound.gcs && this.now() - this.lastRound.at < (this.options.settleMs ?? 5000)) return 0;
    this.busy = true;
    let passivated = 0;
    try {
      const systems = [...this.systems].filter((s) => s.kinds.live > 0);
      const total = systems.reduce((n, s) => n + s.kinds.live, 0);
      passivated = await shedLeastRecentlyUsed(systems, Math.min(total, Math.ceil((total * (reading.used - this.low * reading.limit)) / reading.used)));
    } finally {
      this.busy = false;
    }
    this.lastRound = { at: this.now(), gcs: this.collections() };
    this.stats.rounds++;
    this.stats.passivated += passivated;
    this.unreported += passivated;
    this.report(reading, false);
    return passivated;
  }

  /** Past the critical mark activations are refused, until the heap is back under the high-water mark. */
  private admit(ratio: number, reading: HeapReading): void {
    // Stale: a round finished and no major GC has shown what it freed yet.
    const stale = this.stats.rounds > 0 && this.collections() === this.lastRound.gcs;
    const refuse = this.busy ? this.refusing || ratio >= this.critical
      : stale ? false
      : ratio >= this.critical || (this.refusing && ratio >= this.high);
    if (refuse === this.refusing) return;
    this.refusing = refuse;
    for (const s of this.systems) s.kinds.refuseActivations(refuse);
    if (refuse) this.report(reading, true);
  }

  private report(reading: HeapReading, force: boolean): void {
    const t = this.now();
    if (!force && t - this.warnedAt < (this.options.warnIntervalMs ?? 10_000)) return;
    this.warnedAt = t;
    this.warn(this.refusing ? 'memory critical: refusing activations, passivating idle virtual actors' : 'memory pressure: passivated idle virtual actors', {
      passivated: this.unreported,
      refusingActivations: this.refusing,
      heapUsed: reading.used,
      heapLimit: reading.limit,
      heapUsedPercent: Math.round((1000 * reading.used) / reading.limit) / 10,
    });
    this.unreported = 0;
  }
}
