/**
 * Deadlines for futures without one timer per request: requests with the same
 * timeout expire in the order they were made, so each distinct timeout gets a
 * FIFO and one timer armed for its oldest entry. A future that settles clears its
 * slot at once (nothing of it stays reachable until its deadline, which would
 * push completed futures into the old generation), and the timer keeps the
 * process alive only while some future in its bucket is still pending.
 */
import { RingQueue } from './ring-queue.js';

export interface Expirable {
  expire(): void;
}


export class DeadlineBucket {
  /** (item | null, due-ms) pairs; due times are integral milliseconds (small ints, no boxing). */
  private readonly queue = new RingQueue(64);
  private timer: NodeJS.Timeout | null = null;
  private live = 0;
  private headSeq = 0;
  private nextSeq = 0;

  constructor(private readonly timeoutMs: number, private readonly remove: (b: DeadlineBucket) => void) {}

  add(item: Expirable): number {
    this.queue.push2(item, Math.ceil(performance.now()) + this.timeoutMs);
    if (this.live++ === 0 && this.timer !== null) this.timer.ref();
    if (this.timer === null) this.arm(this.timeoutMs);
    return this.nextSeq++;
  }

  /** The item added as `seq` completed before its deadline. */
  settled(seq: number): void {
    const q = this.queue;
    q.setAt((seq - this.headSeq) * 2, null);
    // Requests mostly complete in the order they were made: drop settled entries at the
    // head now, so the queue holds only what is pending instead of everything since the
    // oldest deadline.
    while (!q.isEmpty() && q.peek() === null) { q.shift(); q.shift(); this.headSeq++; }
    if (--this.live === 0 && this.timer !== null) this.timer.unref();
  }

  private arm(ms: number): void {
    this.timer = setTimeout(this.fire, Math.max(1, ms));
    if (this.live === 0) this.timer.unref();
  }

  private readonly fire = (): void => {
    this.timer = null;
    const q = this.queue;
    const now = performance.now();
    while (!q.isEmpty()) {
      const item = q.peek() as Expirable | null;
      if (item !== null && (q.peekAt(1) as number) > now) break;
      q.shift(); q.shift();
      this.headSeq++;
      if (item !== null) { this.live--; item.expire(); }
    }
    if (q.isEmpty()) { this.remove(this); return; }
    this.arm((q.peekAt(1) as number) - now);
  };
}

export class DeadlineQueue {
  private readonly buckets = new Map<number, DeadlineBucket>();

  /** The bucket for a timeout; `bucket.add(item)` returns the seq to settle it with. */
  bucket(timeoutMs: number): DeadlineBucket {
    let b = this.buckets.get(timeoutMs);
    if (b === undefined) {
      b = new DeadlineBucket(timeoutMs, (x) => { if (this.buckets.get(timeoutMs) === x) this.buckets.delete(timeoutMs); });
      this.buckets.set(timeoutMs, b);
    }
    return b;
  }
}
