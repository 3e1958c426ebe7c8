/**
 * Deadlines for futures without one timer per request: requests with the same
 * timeout expire in the order they were made, so each distinct timeout gets a
 * FIFO and one timer armed for its oldest entry. Completed futures are skipped
 * lazily. The timer keeps the process alive only while some future in its
 * bucket is still pending.
 */
import { RingQueue } from './ring-queue.js';

export interface Expirable {
  readonly dead: boolean;
  expire(): void;
}

export class DeadlineBucket {
  private readonly queue = new RingQueue(64);
  private timer: NodeJS.Timeout | null = null;
  private live = 0;

  constructor(private readonly timeoutMs: number, private readonly remove: (b: DeadlineBucket) => void) {}

  add(item: Expirable): void {
    this.queue.push2(item, performance.now() + this.timeoutMs);
    if (this.live++ === 0 && this.timer !== null) this.timer.ref();
    if (this.timer === null) this.arm(this.timeoutMs);
  }

  /** An item of this bucket completed before its deadline. */
  settled(): void {
    if (--this.live === 0 && this.timer !== null) this.timer.unref();
  }

  private arm(ms: number): void {
    this.timer = setTimeout(this.fire, Math.max(1, Math.ceil(ms)));
    if (this.live === 0) this.timer.unref();
  }

  private readonly fire = (): void => {
    this.timer = null;
    const q = this.queue;
    const now = performance.now();
    while (!q.isEmpty()) {
      const item = q.peek() as Expirable;
      if (!item.dead && (q.peekAt(1) as number) > now) break;
      q.shift(); q.shift();
      if (!item.dead) item.expire();
    }
    if (q.isEmpty()) { this.remove(this); return; }
    this.arm((q.peekAt(1) as number) - now);
  };
}

export class DeadlineQueue {
  private readonly buckets = new Map<number, DeadlineBucket>();

  /** Schedules `item.expire()` after `timeoutMs` unless it is dead by then; returns its bucket. */
  add(timeoutMs: number, item: Expirable): DeadlineBucket {
    let b = this.buckets.get(timeoutMs);
    if (b === undefined) {
      b = new DeadlineBucket(timeoutMs, (x) => { if (this.buckets.get(timeoutMs) === x) this.buckets.delete(timeoutMs); });
      this.buckets.set(timeoutMs, b);
    }
    b.add(item);
    return b;
  }
}
