/**
 * One-for-one: the directive applies to the failed child only. Past
 * `maxRetries` failures within `withinMs` a Restart becomes a Stop.
 */
import type { PID } from '../pid.js';
import type { RestartStatistics } from './restart-statistics.js';
import { defaultDecider, Directive, exceedsRetryLimit, type Decider, type Supervisor, type SupervisorStrategy } from './supervisor-strategy.js';

export class OneForOneStrategy implements SupervisorStrategy {
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
        if (exceedsRetryLimit(stats, this.maxRetries, this.withinMs)) supervisor.stopChildren([child]);
        else supervisor.restartChildren([child]);
        break;
      case Directive.Stop:
        supervisor.stopChildren([child]);
        break;
      case Directive.Escalate:
        supervisor.escalateFailure(reason, message);
        break;
    }
  }
}

/** Proto.Actor's default: restart, at most 10 times within 10 seconds. */
export const defaultSupervisorStrategy: SupervisorStrategy = new OneForOneStrategy(10, 10_000);
