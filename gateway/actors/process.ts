/**
 * Process: anything a PID can resolve to — a local actor, a future, the dead-letter
 * sink, or a remote endpoint registered by a transport. The actor core only ever
 * talks to this interface, which is how transports stay out of the core.
 */
import type { PID } from './pid.js';

export interface Process {
  /** Deliver a user message (possibly a MessageEnvelope carrying sender/headers). */
  sendUserMessage(pid: PID, message: unknown, sender?: PID): void;
  /** Deliver a system message (Watch, Unwatch, Stop, Terminated, Failure, …). */
  sendSystemMessage(pid: PID, message: unknown): void;
  /** Stop the process. */
  stop(pid: PID): void;
  /** True once the process is gone; a PID's cached reference is dropped then. */
  readonly dead?: boolean;
}
