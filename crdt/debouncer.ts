/**
 * Debounce with a ceiling, per key: `touch(key)` schedules `fire(key)` after
 * `waitMs` of quiet, but never later than `maxWaitMs` after the first touch of
 * a burst (Hocuspocus' debounce / maxDebounce). Timers are unref'd: pending
 * hooks never keep a process alive; `flush(key)` fires now.
 *
 * @example
 *   const d = new Debouncer(2000, 10000, (name) => hooks.onChange?.(name));
 *   d.touch('notes/1');
 */
interface Pending {
  timer: NodeJS.Timeout;
  firstAt: number;
  lastAt: number;
}

export class Debouncer<K> {
  private readonly pending = new Map<K, Pending>();

  constructor(
    private readonly waitMs: number,
    private readonly maxWaitMs: number,
    private readonly fire: (key: K) => void,
  ) {}

  /** Cheap on a hot path: a touch within a burst only records the time; the one timer re-arms itself. */
  touch(key: K): void {
    const now = Date.now();
    const p = this.pending.get(key);
    if (p) { p.lastAt = now; return; }
    const entry: Pending = { timer: undefined as unknown as NodeJS.Timeout, firstAt: now, lastAt: now };
    this.pending.set(key, entry);
    this.arm(key, entry, Math.min(this.waitMs, this.maxWaitMs));
  }

  private arm(key: K, p: Pending, delay: number): void {
    p.timer = setTimeout(() => {
      const due = Math.min(p.lastAt + this.waitMs, p.firstAt + this.maxWaitMs);
      const now = Date.now();
      if (now >= due) this.flush(key);
      else this.arm(key, p, due - now);
    }, Math.max(0, delay));
    p.timer.unref();
  }

  has(key: K): boolean {
    return this.pending.has(key);
  }

  /** Fires now if something is pending for `key`. */
  flush(key: K): void {
    const p = this.pending.get(key);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(key);
    this.fire(key);
  }

  /** Drops a pending fire without running it. */
  cancel(key: K): void {
    const p = this.pending.get(key);
    if (p) clearTimeout(p.timer);
    this.pending.delete(key);
  }

  cancelAll(): void {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
  }
}
