/**
 * All-for-one: the directive for one failed child applies to all its siblings
 * (used when children depend on each other's state).
 */
import type { PID } from '../pid.js';
import { DirectiveStrategy } from './directive-strategy.js';
import type { Supervisor } from './supervisor-strategy.js';

export class AllForOneStrategy extends DirectiveStrategy {
  protected affected(supervisor: Supervisor): PID[] {
    return supervisor.supervisedChildren();
  }
}
