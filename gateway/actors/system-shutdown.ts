/**
 * Stopping a whole actor system fast and gracefully: a Stop is posted to every
 * top-level actor, a bounded slice per event-loop turn, and the system is done
 * when its live-actor count reaches zero — no future, promise or watch per actor,
 * so a million actors stop in about a second. Lifecycle is the ordinary one:
 * Stopping and Stopped run, children stop with their parents, watchers get
 * Terminated. Virtual activation is switched off first, so a message racing the
 * stop becomes a dead letter (published, a requester answered) instead of
 * re-activating an actor. At the deadline, what remained is reported.
 *
 * @example
 *   const report = await system.shutdown(4000);
 *   if (report.remaining > 0) log.warn('actors still running at exit', report);
 */
import { ActorCell } from './actor-cell.js';
import type { ActorSystem } from './actor-system.js';
import { scanChunked } from './chunked-scan.js';

export interface ShutdownReport {
  /** Actors that stopped during the shutdown (Stopping and Stopped ran, watchers were told). */
  stopped: number;
  /** Actors still live at the deadline (0 when everything stopped in time). */
  remaining: number;
  elapsedMs: number;
}

export function stopAll(system: ActorSystem, timeoutMs: number): Promise<ShutdownReport> {
  const t0 = performance.now();
  const initial = system.liveActors;
  system.kinds.clear();
  return new Promise<ShutdownReport>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      scan?.cancel();
      system.onEmpty(undefined);
      const remaining = system.liveActors;
      resolve({ stopped: Math.max(0, initial - remaining), remaining, elapsedMs: performance.now() - t0 });
    };
    let scan: ReturnType<typeof scanChunked> | undefined;
    if (system.liveActors === 0) { finish(); return; }
    system.onEmpty(finish);
    timer = setTimeout(finish, timeoutMs);
    scan = scanChunked(system.registry.localProcesses(), (p) => {
      if (p instanceof ActorCell && p.parent === undefined) p.requestStop();
    });
    // Every top-level actor asked: if they all stopped already, the count said so.
    void scan.done.then(() => { if (system.liveActors === 0) finish(); });
  });
}
