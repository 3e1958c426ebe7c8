/**
 * One-for-one: the directive applies to the failed child only. Past
 * `maxRetries` failures within `withinMs` a Restart becomes a Stop.
 */
import type { PID } from '../pid.js';
import { DirectiveStrategy } from './directive-strategy.js';
import type { Supervisor, SupervisorStrategy } from './supervisor-strategy.js';

export class OneForOneStrategy extends DirectiveStrategy {
  protected affected(_supervisor: Supervisor, failed: PID): PID[] {
    return [failed];
  }
}

/** Proto.Actor's default: restart, at most 10 times within 10 seconds. */
export const defaultSupervisorStrategy: SupervisorStrategy = new OneForOneStrategy(10, 10_000);
