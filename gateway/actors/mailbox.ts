/**
 * Mailbox: the queueing half of an actor cell. System messages always run before
 * user messages; user messages run `throughput` per turn, then the mailbox goes
 * to the back of the dispatcher's run queue so one busy actor cannot starve others.
 *
 * Memory: queues are allocated on first use, taken from a small shared pool of
 * empty ones. The system queue goes back to the pool when drained (system
 * messages are rare); a virtual actor's user queue does too (unless it grew: its
 * owner is busy), so an activation that got one message and went idle costs no
 * more than an actor that never got any. Other actors keep their user queue: a
 * give-back per drain costs a one-message ping-pong ~15%. The state lives in one
 * small-int `flags` field (cell-flags.ts). User messages are stored as (message, sender)
 * pairs in adjacent ring slots, so a send with a sender allocates nothing.
 *
 * A subclass (the actor cell) supplies `invokeSystem`/`invokeUser` and the
 * overflow reporting.
 */
import type { Dispatcher } from './dispatcher.js';
import type { MailboxOptions } from './mailbox-options.js';
import { PriorityQueues } from './priority-queues.js';
import { RingQueue } from './ring-queue.js';
import type { PID } from './pid.js';
import { F_BUSY, F_DEAD, F_PASSIVATE_IF_IDLE, F_PASSIVATION, F_PRIORITY, F_SCHEDULED, F_SUSPENDED, F_VIRTUAL } from './cell-flags.js';

export { F_BUSY, F_DEAD, F_PRIORITY, F_SCHEDULED, F_SUSPENDED } from './cell-flags.js';

const pair: { m: unknown; s: unknown } = { m: undefined, s: undefined };

const USER_QUEUE_SLOTS = 16;
const SYSTEM_QUEUE_SLOTS = 4;
/** Empty queues of the initial sizes, shared by every mailbox of the process (bounded). */
const spareUser: RingQueue[] = [];
const spareSystem: RingQueue[] = [];
const SPARES = 1024;

function giveBack(spares: RingQueue[], q: RingQueue, slots: number): void {
  if (q.capacity === slots && spares.length < SPARES) spares.push(q);
}

export abstract class Mailbox {
  /** Bit set of F_* plus lifecycle state bits used by the cell. */
  flags = 0;
  sysq: RingQueue | null = null;
  userq: RingQueue | PriorityQueues | null = null;

  protected abstract get dispatcher(): Dispatcher;
  protected abstract get throughput(): number;
  protected abstract get mailboxOptions(): MailboxOptions | undefined;
  protected abstract invokeSystem(message: unknown): void;
  protected abstract invokeUser(message: unknown, sender: PID | undefined): void;
  /** A passivation flag was found set (after the system messages): `unusedOnly` as the sweep asks. */
  protected abstract passivationRequested(unusedOnly: boolean): void;
  protected abstract reportOverflow(message: unknown, sender: PID | undefined, policy: 'reject' | 'drop-newest' | 'drop-oldest', capacity: number): void;

  /** Number of queued user messages. */
  get userCount(): number {
    const q = this.userq;
    if (q === null) return 0;
    return (this.flags & F_PRIORITY) !== 0 ? (q as PriorityQueues).size : (q as RingQueue).length >> 1;
  }

  postUser(message: unknown, sender: PID | undefined): void {
    let q = this.userq;
    if (q === null) q = this.userq = this.createUserQueue();
    const opts = this.mailboxOptions;
    if (opts !== undefined && opts.capacity !== undefined && this.userCount >= opts.capacity) {
      const policy = opts.overflow ?? 'reject';
      if (policy === 'drop-oldest') {
        let evicted: unknown;
        if (q instanceof PriorityQueues) evicted = q.evictOldest();
        else { evicted = q.shift(); q.shift(); }
        this.reportOverflow(evicted, undefined, policy, opts.capacity);
      } else {
        this.reportOverflow(message, sender, policy, opts.capacity);
        return;
      }
    }
    if ((this.flags & F_PRIORITY) !== 0) (q as PriorityQueues).push(message, sender);
    else (q as RingQueue).push2(message, sender);
    if ((this.flags & (F_SCHEDULED | F_SUSPENDED | F_BUSY | F_DEAD)) === 0) this.schedule();
  }

  postSystem(message: unknown): void {
    (this.sysq ??= spareSystem.pop() ?? new RingQueue(SYSTEM_QUEUE_SLOTS)).push(message);
    if ((this.flags & (F_SCHEDULED | F_DEAD)) === 0) this.schedule();
  }

  /** Puts a (message, sender) pair back at the front of the user queue. */
  protected requeueFront(message: unknown, sender: PID | undefined): void {
    const q = (this.userq ??= this.createUserQueue());
    if (q instanceof PriorityQueues) q.unshift(message, sender);
    else { q.unshift(sender); q.unshift(message); }
  }

  protected schedule(): void {
    this.flags |= F_SCHEDULED;
    this.dispatcher.schedule(this);
  }

  /** Resume after an async receive settled or supervision resumed us. */
  protected wake(): void {
    if ((this.flags & (F_SCHEDULED | F_DEAD)) === 0 && this.hasRunnableWork()) this.schedule();
  }

  private hasRunnableWork(): boolean {
    if (this.sysq !== null && !this.sysq.isEmpty()) return true;
    return (this.flags & (F_SUSPENDED | F_BUSY)) === 0 && this.userCount > 0;
  }

  run(): void {
    const throughput = this.throughput;
    let processed = 0;
    for (;;) {
      const sys = this.sysq;
      if (sys !== null) {
        if (!sys.isEmpty()) {
          this.invokeSystem(sys.shift());
          continue;
        }
        this.sysq = null;
        giveBack(spareSystem, sys, SYSTEM_QUEUE_SLOTS);
      }
      const f = this.flags;
      if ((f & (F_SUSPENDED | F_BUSY | F_DEAD | F_PASSIVATION)) !== 0) {
        if ((f & F_PASSIVATION) === 0) break;
        this.flags = f & ~F_PASSIVATION;
        this.passivationRequested((f & F_PASSIVATE_IF_IDLE) === 0);
        continue;
      }
      const q = this.userq;
      if (q === null) break;
      if ((this.flags & F_PRIORITY) !== 0 && q instanceof PriorityQueues) {
        if (!q.shift(pair)) break;
        if (processed++ >= throughput) { q.unshift(pair.m, pair.s as PID | undefined); this.dispatcher.schedule(this); return; }
        const m = pair.m, s = pair.s as PID | undefined;
        pair.m = pair.s = undefined;
        this.invokeUser(m, s);
      } else {
        const rq = q as RingQueue;
        if (rq.isEmpty()) {
          // Drained: an idle activation holds no queue (unless it grew: its owner is busy).
          if ((this.flags & F_VIRTUAL) !== 0 && rq.capacity === USER_QUEUE_SLOTS) { this.userq = null; giveBack(spareUser, rq, USER_QUEUE_SLOTS); }
          break;
        }
        if (processed++ >= throughput) { this.dispatcher.schedule(this); return; }
        const m = rq.shift();
        this.invokeUser(m, rq.shift() as PID | undefined);
      }
    }
    this.flags &= ~F_SCHEDULED;
  }

  private createUserQueue(): RingQueue | PriorityQueues {
    if (this.mailboxOptions?.priority) {
      this.flags |= F_PRIORITY;
      return new PriorityQueues();
    }
    return spareUser.pop() ?? new RingQueue(USER_QUEUE_SLOTS);
  }

  /** Lets go of an empty user queue (a grown one the owner no longer needs); the next message takes a spare. */
  /** @internal */
  releaseIdleQueue(): void {
    const q = this.userq;
    if (q === null || (this.flags & (F_PRIORITY | F_SCHEDULED | F_BUSY)) !== 0 || !(q as RingQueue).isEmpty()) return;
    this.userq = null;
    giveBack(spareUser, q as RingQueue, USER_QUEUE_SLOTS);
  }
}
