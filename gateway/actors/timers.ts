/**
 * Timers an actor owns (`ctx.scheduleOnce`, `ctx.scheduleRepeatedly`). Each
 * returns a handle; the owning actor cancels all of them when it stops or restarts.
 */
export interface Cancelable {
  cancel(): void;
  readonly cancelled: boolean;
}

export class TimerSet {
  private readonly timers = new Set<Timer>();

  get size(): number {
    return this.timers.size;
  }

  once(delayMs: number, fire: () => void): Cancelable {
    const t = new Timer(this.timers);
    t.handle = setTimeout(() => { this.timers.delete(t); t.cancelled = true; fire(); }, delayMs);
    this.timers.add(t);
    return t;
  }

  repeatedly(initialDelayMs: number, intervalMs: number, fire: () => void): Cancelable {
    if (!(intervalMs > 0)) throw new RangeError(`interval must be > 0 ms, got ${intervalMs}`);
    const t = new Timer(this.timers);
    t.handle = setTimeout(() => {
      if (t.cancelled) return;
      t.handle = setInterval(fire, intervalMs);
      fire();
    }, initialDelayMs);
    this.timers.add(t);
    return t;
  }

  cancelAll(): void {
    for (const t of [...this.timers]) t.cancel();
  }
}

class Timer implements Cancelable {
  handle: NodeJS.Timeout | undefined;
  cancelled = false;
  constructor(private readonly owner: Set<Timer>) {}
  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    // clearTimeout and clearInterval are interchangeable in Node.
    clearTimeout(this.handle);
    this.owner.delete(this);
  }
}
