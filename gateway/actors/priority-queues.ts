/**
 * Three user queues for a priority mailbox: strict priority with ageing. The
 * highest non-empty level is served, except that a lower level that has been
 * passed over `PRIORITY_SKIP_LIMITS` times in a row is served next — so a flood
 * of high-priority messages delays normal and low ones, never starves them.
 */
import { Priority, PRIORITY_SKIP_LIMITS } from './mailbox-options.js';
import { MessageEnvelope } from './message-envelope.js';
import { RingQueue } from './ring-queue.js';

export class PriorityQueues {
  private readonly queues = [new RingQueue(), new RingQueue(), new RingQueue()];
  private readonly skipped = [0, 0, 0];
  size = 0;

  push(message: unknown, sender: unknown): void {
    this.queues[priorityOf(message)]!.push2(message, sender);
    this.size++;
  }

  /** Removes the next (message, sender) pair into `out`; false when empty. */
  shift(out: { m: unknown; s: unknown }): boolean {
    if (this.size === 0) return false;
    const qs = this.queues;
    let level = -1;
    for (let l = 2; l >= 1; l--) {
      if (!qs[l]!.isEmpty() && this.skipped[l]! >= PRIORITY_SKIP_LIMITS[l]!) { level = l; break; }
    }
    if (level < 0) level = qs[0]!.isEmpty() ? (qs[1]!.isEmpty() ? 2 : 1) : 0;
    for (let l = level + 1; l <= 2; l++) if (!qs[l]!.isEmpty()) this.skipped[l]!++;
    this.skipped[level] = 0;
    const q = qs[level]!;
    out.m = q.shift();
    out.s = q.shift();
    this.size--;
    return true;
  }

  /** Drops the oldest message of the lowest non-empty priority; returns it. */
  evictOldest(): unknown {
    for (let l = 2; l >= 0; l--) {
      const q = this.queues[l]!;
      if (!q.isEmpty()) {
        const m = q.shift();
        q.shift();
        this.size--;
        return m;
      }
    }
    return undefined;
  }

  unshift(message: unknown, sender: unknown): void {
    const q = this.queues[priorityOf(message)]!;
    q.unshift(sender);
    q.unshift(message);
    this.size++;
  }
}

function priorityOf(message: unknown): number {
  const inner = message instanceof MessageEnvelope ? message.message : message;
  const p = (inner as { priority?: unknown } | null)?.priority;
  if (p === Priority.High || p === Priority.Low) return p;
  return Priority.Normal;
}
