/** Events published on the EventStream. */
import type { PID } from './pid.js';

/** A message reached no process: the target does not exist or is stopped. */
export class DeadLetterEvent {
  constructor(readonly pid: PID, readonly message: unknown, readonly sender: PID | undefined) {}
}

/** An actor threw (or its async receive rejected); published before supervision acts. */
export class ActorFailureEvent {
  constructor(readonly who: PID, readonly reason: unknown, readonly message: unknown) {}
}

/** A supervisor applied a directive to a child. */
export class SupervisorEvent {
  constructor(readonly child: PID, readonly reason: unknown, readonly directive: string) {}
}

/** A bounded mailbox refused or dropped a message. */
export class MailboxOverflowEvent {
  constructor(
    readonly pid: PID,
    readonly message: unknown,
    readonly policy: 'reject' | 'drop-newest' | 'drop-oldest',
    readonly capacity: number,
  ) {}
}

export class ActorStartedEvent {
  constructor(readonly pid: PID) {}
}
export class ActorStoppedEvent {
  constructor(readonly pid: PID) {}
}
export class ActorRestartedEvent {
  constructor(readonly pid: PID, readonly reason: unknown) {}
}

/** A virtual actor was activated by a message to `<kind>/<identity>`. */
export class ActivatedEvent {
  constructor(readonly pid: PID, readonly kind: string, readonly identity: string) {}
}
/** A virtual actor was passivated after being idle. */
export class PassivatedEvent {
  constructor(readonly pid: PID, readonly kind: string, readonly identity: string) {}
}
