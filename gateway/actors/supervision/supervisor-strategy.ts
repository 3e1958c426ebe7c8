/**
 * Supervision contract, as in Proto.Actor: a parent's strategy receives each
 * child failure and applies a directive to the failed child (one-for-one) or to
 * all children (all-for-one).
 */
import type { PID } from '../pid.js';
import type { RestartStatistics } from './restart-statistics.js';

export const Directive = { Resume: 'resume', Restart: 'restart', Stop: 'stop', Escalate: 'escalate' } as const;
export type Directive = (typeof Directive)[keyof typeof Directive];

/** Chooses a directive from the failure reason. */
export type Decider = (reason: unknown, child: PID) => Directive;

export const defaultDecider: Decider = () => Directive.Restart;

/** What a strategy may do to the supervising actor and its children. */
export interface Supervisor {
  supervisedChildren(): PID[];
  escalateFailure(reason: unknown, message: unknown): void;
  restartChildren(pids: PID[]): void;
  stopChildren(pids: PID[]): void;
  resumeChildren(pids: PID[]): void;
  /** Restart after a delay; used by backoff strategies. */
  restartChildLater(pid: PID, delayMs: number): void;
}

export interface SupervisorStrategy {
  handleFailure(supervisor: Supervisor, child: PID, stats: RestartStatistics, reason: unknown, message: unknown): void;
}

/**
 * True when the child has failed more than `maxRetries` times within `withinMs`
 * (after recording this failure); the stats are reset then, as Go does.
 */
export function exceedsRetryLimit(stats: RestartStatistics, maxRetries: number, withinMs: number): boolean {
  if (maxRetries === 0) return true;
  stats.fail();
  if (stats.numberOfFailures(withinMs) > maxRetries) {
    stats.reset();
    return true;
  }
  return false;
}
