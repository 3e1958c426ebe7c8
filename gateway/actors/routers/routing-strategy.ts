/**
 * How a router picks routees for one message. Strategies keep their own state
 * (a round-robin cursor, a hash ring) and are told when the routee set changes.
 */
import type { PID } from '../pid.js';

export interface RoutingStrategy {
  setRoutees(routees: readonly PID[]): void;
  /** The routees that receive `message` (empty when there are none). */
  select(message: unknown): readonly PID[];
}

export class RoundRobinStrategy implements RoutingStrategy {
  private routees: readonly PID[] = [];
  private next = 0;
  setRoutees(routees: readonly PID[]): void { this.routees = routees; }
  select(): readonly PID[] {
    const n = this.routees.length;
    if (n === 0) return [];
    const pid = this.routees[this.next % n]!;
    this.next = (this.next + 1) % n;
    return [pid];
  }
}

export class RandomStrategy implements RoutingStrategy {
  private routees: readonly PID[] = [];
  constructor(private readonly random: () => number = Math.random) {}
  setRoutees(routees: readonly PID[]): void { this.routees = routees; }
  select(): readonly PID[] {
    const n = this.routees.length;
    return n === 0 ? [] : [this.routees[Math.floor(this.random() * n)]!];
  }
}

export class BroadcastStrategy implements RoutingStrategy {
  private routees: readonly PID[] = [];
  setRoutees(routees: readonly PID[]): void { this.routees = routees; }
  select(): readonly PID[] { return this.routees; }
}
