/**
 * All-for-one: the directive for one failed child applies to all its siblings
 * (used when children depend on each other's state).
 */
import type { PID } from '../pid.js';
import type { RestartStatistics } from './restart-statistics.js';
import { defaultDecider, Directive, exceedsRetryLimit, type Decider, type Supervisor, type SupervisorStrategy } from './supervisor-strategy.js';

export class AllForOneStrategy implements SupervisorStrategy {
  constructor(
    readonly maxRetries = 10,
    readonly withinMs = 10_000,
    readonly decider: Decider = defaultDecider,
  ) {}

  handleFailure(supervisor: Supervisor, child: PID, stats: RestartStatistics, reason: unknown, message: unknown): void {
    switch (this.decider(reason, child)) {
      case Directive.Resume:
        supervisor.resumeChildren([child]);
        break;
      case Directive.Restart:
        if (exceedsRetryLimit(stats, this.maxRetries, this.withinMs)) supervisor.stopChildren(supervisor.supervisedChildren());
        else supervisor.restartChildren(supervisor.supervisedChildren());
        break;
      case Directive.Stop:
        supervisor.stopChildren(supervisor.supervisedChildren());
        break;
      case Directive.Escalate:
        supervisor.escalateFailure(reason, message);
        break;
    }
  }
}
