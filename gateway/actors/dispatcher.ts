/**
 * The run loop. One per actor system: mailboxes with work are queued here and
 * drained in a single loop, so there is one scheduling callback per turn for the
 * whole system — never one per mailbox and never a Promise per message.
 *
 * The loop starts on a microtask (low latency for the first message) and, after
 * `turnBudgetMs` of work, yields to the event loop with setImmediate so sockets
 * and timers are never starved by a busy actor system.
 */
import { RingQueue } from './ring-queue.js';

export interface Runnable {
  run(): void;
}

export class Dispatcher {
  private readonly queue = new RingQueue<Runnable>(1024);
  private active = false;
  private stopped = false;

  constructor(readonly turnBudgetMs = 4) {}

  schedule(r: Runnable): void {
    this.queue.push(r);
    if (!this.active) {
      this.active = true;
      queueMicrotask(this.drain);
    }
  }

  stop(): void {
    this.stopped = true;
    this.queue.clear();
  }

  private readonly drain = (): void => {
    if (this.stopped) return;
    const q = this.queue;
    const deadline = performance.now() + this.turnBudgetMs;
    let n = 0;
    let r: Runnable | undefined;
    while ((r = q.shift()) !== undefined) {
      r.run();
      if ((++n & 31) === 0 && performance.now() > deadline) {
        if (!q.isEmpty()) {
          setImmediate(this.drain);
          return;
        }
      }
    }
    this.active = false;
  };
}
