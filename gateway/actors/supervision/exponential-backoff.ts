/**
 * Restart with exponential backoff and jitter: the n-th consecutive failure waits
 * `initialBackoffMs · 2^(n-1)` (capped at `maxBackoffMs`), plus up to `jitter`
 * of that at random so a fleet of failing actors does not retry in lockstep.
 * Failures older than `withinMs` are forgotten; more than `maxRetries` within it
 * stops the child.
 */
import type { PID } from '../pid.js';
import type { RestartStatistics } from './restart-statistics.js';
import type { Supervisor, SupervisorStrategy } from './supervisor-strategy.js';

export interface BackoffOptions {
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Fraction of the delay added at random, 0..1. */
  jitter?: number;
  maxRetries?: number;
  withinMs?: number;
  /** Injected for tests. */
  random?: () => number;
}

export class ExponentialBackoffStrategy implements SupervisorStrategy {
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  readonly jitter: number;
  readonly maxRetries: number;
  readonly withinMs: number;
  private readonly random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.initialBackoffMs = options.initialBackoffMs ?? 100;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.jitter = options.jitter ?? 0.2;
    this.maxRetries = options.maxRetries ?? 10;
    this.withinMs = options.withinMs ?? 60_000;
    this.random = options.random ?? Math.random;
  }

  /** Delay before the restart that follows the `failures`-th failure. */
  delayFor(failures: number): number {
    const base = Math.min(this.maxBackoffMs, this.initialBackoffMs * 2 ** Math.max(0, failures - 1));
    return Math.round(base * (1 + this.jitter * this.random()));
  }

  handleFailure(supervisor: Supervisor, child: PID, stats: RestartStatistics, _reason: unknown, _message: unknown): void {
    if (stats.numberOfFailures(this.withinMs) === 0) stats.reset();
    stats.fail();
    const failures = stats.numberOfFailures(this.withinMs);
    if (failures > this.maxRetries) {
      stats.reset();
      supervisor.stopChildren([child]);
      return;
    }
    supervisor.restartChildLater(child, this.delayFor(failures));
  }
}
