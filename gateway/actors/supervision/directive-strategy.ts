/**
 * The shared shape of one-for-one and all-for-one: a decider picks the directive,
 * a retry limit within a window turns a Restart into a Stop, and the subclass
 * says which children a directive applies to.
 */
import type { PID } from '../pid.js';
import type { RestartStatistics } from './restart-statistics.js';
import { defaultDecider, Directive, exceedsRetryLimit, type Decider, type Supervisor, type SupervisorStrategy } from './supervisor-strategy.js';

export abstract class DirectiveStrategy implements SupervisorStrategy {
  constructor(
    readonly maxRetries = 10,
    readonly withinMs = 10_000,
    readonly decider: Decider = defaultDecider,
  ) {}

  /** Children a Restart or Stop for `failed` applies to. */
  protected abstract affected(supervisor: Supervisor, failed: PID): PID[];

  handleFailure(supervisor: Supervisor, child: PID, stats: RestartStatistics, reason: unknown, message: unknown): void {
    switch (this.decider(reason, child)) {
      case Directive.Resume:
        supervisor.resumeChildren([child]);
        break;
      case Directive.Restart:
        if (exceedsRetryLimit(stats, this.maxRetries, this.withinMs)) supervisor.stopChildren(this.affected(supervisor, child));
        else supervisor.restartChildren(this.affected(supervisor, child));
        break;
      case Directive.Stop:
        supervisor.stopChildren(this.affected(supervisor, child));
        break;
      case Directive.Escalate:
        supervisor.escalateFailure(reason, message);
        break;
    }
  }
}
