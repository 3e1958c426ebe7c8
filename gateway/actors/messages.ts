/**
 * Lifecycle, system and control messages. They mirror Proto.Actor's `actor.proto`
 * (Watch, Unwatch, Terminated, Stop, PoisonPill, DeadLetterResponse) field for
 * field, so transports map them to the wire one-to-one.
 */
import type { PID } from './pid.js';

/** Marker for messages that travel in the system queue, ahead of user messages. */
export abstract class SystemMessage {
  readonly isSystemMessage = true as const;
}

/** Messages an actor handles automatically (PoisonPill, Watch-like control). */
export abstract class AutoReceiveMessage {}

export class Started extends SystemMessage {}
export class Stop extends SystemMessage {}
export class Restart extends SystemMessage {}
export class ResumeMailbox extends SystemMessage {}
export class SuspendMailbox extends SystemMessage {}

export class Watch extends SystemMessage {
  constructor(readonly watcher: PID) { super(); }
}
export class Unwatch extends SystemMessage {
  constructor(readonly watcher: PID) { super(); }
}

/** Proto.Actor's `TerminatedReason`. */
export const TerminatedReason = { Stopped: 0, AddressTerminated: 1, NotFound: 2 } as const;
export type TerminatedReason = (typeof TerminatedReason)[keyof typeof TerminatedReason];

export class Terminated extends SystemMessage {
  constructor(readonly who: PID, readonly why: TerminatedReason) { super(); }
}

/** A child failed; delivered to its parent as a system message. */
export class Failure extends SystemMessage {
  constructor(
    readonly who: PID,
    readonly reason: unknown,
    readonly restartStats: import('./supervision/restart-statistics.js').RestartStatistics,
    readonly message: unknown,
  ) { super(); }
}

export class Stopping extends AutoReceiveMessage {}
export class Stopped extends AutoReceiveMessage {}
export class Restarting extends AutoReceiveMessage {}
export class PoisonPill extends AutoReceiveMessage {}
export class ReceiveTimeout {}

/** Answer to a request whose target does not exist (Proto.Actor `actor.DeadLetterResponse`). */
export class DeadLetterResponse {
  constructor(readonly target: PID | undefined) {}
}

export const startedMessage = new Started();
export const stopMessage = new Stop();
export const restartMessage = new Restart();
export const resumeMailboxMessage = new ResumeMailbox();
export const suspendMailboxMessage = new SuspendMailbox();
export const stoppingMessage = new Stopping();
export const stoppedMessage = new Stopped();
export const restartingMessage = new Restarting();
export const poisonPillMessage = new PoisonPill();
export const receiveTimeoutMessage = new ReceiveTimeout();

export function isSystemMessage(m: unknown): m is SystemMessage {
  return m instanceof SystemMessage;
}
