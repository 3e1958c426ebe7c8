/**
 * The rarely used part of an actor cell, allocated on first need so an idle
 * actor stays small: parent link, children, watchers, stash, behaviour stack,
 * receive timeout, timers and restart statistics. (A virtual actor's kind and
 * identity are not stored: they are read from its id and Props.)
 */
import type { Receive } from './actor.js';
import type { PID } from './pid.js';
import { RingQueue } from './ring-queue.js';
import { RestartStatistics } from './supervision/restart-statistics.js';
import { TimerSet } from './timers.js';

export class CellExtras {
  /** The actor's own PID, built on first use. */
  self: PID | undefined = undefined;
  parent: PID | undefined = undefined;
  children: Map<string, PID> | null = null;
  watchers: Map<string, PID> | null = null;
  /** (message, sender) pairs. */
  stash: RingQueue | null = null;
  behaviors: Receive[] | null = null;
  /** Composed receive middleware around the actor (or current behaviour). */
  middleware: Receive | null = null;
  receiveTimeoutMs = 0;
  receiveTimer: NodeJS.Timeout | null = null;
  timers: TimerSet | null = null;
  restartStats: RestartStatistics | null = null;

  get stats(): RestartStatistics {
    return (this.restartStats ??= new RestartStatistics());
  }

  get timerSet(): TimerSet {
    return (this.timers ??= new TimerSet());
  }

  get stashQueue(): RingQueue {
    return (this.stash ??= new RingQueue(8));
  }
}
