/**
 * Futures: the process behind `requestFuture`, addressed as `future$<n>`. Local
 * replies reach it through the PID's cached process, so it enters the process
 * registry only when its PID leaves the process (a transport calls
 * `ensureRegistered` before putting it on the wire, so a remote reply addressed by
 * id finds it); it leaves the registry on completion or deadline.
 */
import { DeadlineExceededError, NotFoundError, RosettaError } from '../../protocol/errors.js';
import { MessageEnvelope } from './message-envelope.js';
import { DeadLetterResponse, Terminated } from './messages.js';
import { PID } from './pid.js';
import type { Process } from './process.js';
import type { ProcessRegistry } from './process-registry.js';
import { DeadlineQueue, type DeadlineBucket } from './deadline-queue.js';

const sharedDeadlines = new DeadlineQueue();

/** The target of a request does not exist (Proto.Actor's ErrDeadLetter). */
export class DeadLetterError extends NotFoundError {
  constructor(readonly target: PID | undefined, options?: ErrorOptions) {
    super(`no actor at ${target ? `${target.address}/${target.id}` : 'unknown target'} (dead letter)`, options);
  }
}

export class FutureProcess<T = unknown> implements Process {
  readonly pid: PID;
  readonly promise: Promise<T>;
  dead = false;
  private resolveFn!: (v: T) => void;
  private rejectFn!: (e: Error) => void;
  private bucket: DeadlineBucket | undefined;
  private seq = 0;

  constructor(private readonly registry: ProcessRegistry, timeoutMs: number, private readonly target?: PID, deadlines?: DeadlineQueue) {
    this.pid = new PID(registry.address, registry.nextFutureId());
    this.promise = new Promise<T>((res, rej) => { this.resolveFn = res; this.rejectFn = rej; });
    this.pid._p = this;
    this.timeoutMs = timeoutMs;
    if (timeoutMs > 0) {
      const b = (this.bucket = (deadlines ?? sharedDeadlines).bucket(timeoutMs));
      this.seq = b.add(this);
    }
  }

  private readonly timeoutMs: number;
  private registered = false;

  /** Makes the future reachable by id (for replies from other processes or nodes). */
  ensureRegistered(): void {
    if (this.registered || this.dead) return;
    this.registered = true;
    this.registry.add(this.pid.id, this);
  }

  /** Called by the deadline queue. */
  expire(): void {
    this.bucket = undefined; // the deadline queue already dropped it
    const t = this.target;
    this.fail(new DeadlineExceededError(`request to ${t ? `${t.address}/${t.id}` : 'actor'} exceeded its ${this.timeoutMs} ms deadline`));
  }

  sendUserMessage(_pid: PID, message: unknown): void {
    const m = message instanceof MessageEnvelope ? message.message : message;
    if (m instanceof DeadLetterResponse) this.fail(new DeadLetterError(m.target ?? this.target));
    else if (m instanceof RosettaError) this.fail(m);
    else this.complete(m as T);
  }

  sendSystemMessage(_pid: PID, message: unknown): void {
    // stopFuture watches its target through a future: Terminated completes it.
    if (message instanceof Terminated) this.complete(message as T);
  }

  stop(_pid: PID): void {
    this.fail(new RosettaError('CANCELLED', 'future stopped'));
  }

  complete(value: T): void {
    if (this.dead) return;
    this.finish();
    this.resolveFn(value);
  }

  fail(err: Error): void {
    if (this.dead) return;
    this.finish();
    this.rejectFn(err);
  }

  private finish(): void {
    this.dead = true;
    const b = this.bucket;
    if (b !== undefined) { this.bucket = undefined; b.settled(this.seq); }
    if (this.registered) this.registry.remove(this.pid.id, this);
  }
}
