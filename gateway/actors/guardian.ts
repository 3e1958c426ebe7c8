/**
 * The guardian supervises top-level actors (those spawned from the root
 * context), applying the system's guardian strategy — Proto.Actor's root
 * supervision. Escalation past the guardian stops the failing actor: there is
 * nobody above to ask.
 */
import type { ActorSystem } from './actor-system.js';
import { SupervisorEvent } from './events.js';
import type { Failure } from './messages.js';
import { restartMessage, resumeMailboxMessage } from './messages.js';
import type { PID } from './pid.js';
import type { Supervisor, SupervisorStrategy } from './supervision/supervisor-strategy.js';

export class Guardian {
  constructor(private readonly system: ActorSystem, readonly strategy: SupervisorStrategy) {}

  handleFailure(failure: Failure): void {
    const system = this.system;
    const failed = failure.who;
    const sys = (pid: PID, m: unknown): void => system.registry.resolve(pid).sendSystemMessage(pid, m);
    const supervisor: Supervisor = {
      supervisedChildren: () => [failed],
      escalateFailure: () => {
        system.eventStream.publish(new SupervisorEvent(failed, failure.reason, 'stop'));
        system.stop(failed);
      },
      restartChildren: (pids) => pids.forEach((p) => {
        system.eventStream.publish(new SupervisorEvent(p, failure.reason, 'restart'));
        sys(p, restartMessage);
      }),
      stopChildren: (pids) => pids.forEach((p) => {
        system.eventStream.publish(new SupervisorEvent(p, failure.reason, 'stop'));
        system.stop(p);
      }),
      resumeChildren: (pids) => pids.forEach((p) => sys(p, resumeMailboxMessage)),
      restartChildLater: (pid, delayMs) => {
        system.eventStream.publish(new SupervisorEvent(pid, failure.reason, `restart-after-${delayMs}ms`));
        setTimeout(() => sys(pid, restartMessage), delayMs);
      },
    };
    this.strategy.handleFailure(supervisor, failed, failure.restartStats, failure.reason, failure.message);
  }
}
