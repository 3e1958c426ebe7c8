/**
 * Watches the process's file descriptors against its limit. When a process runs
 * out of descriptors, libuv quietly accepts and closes new connections (its
 * "EMFILE trick"), so Node never reports an error and clients just see resets:
 * this monitor makes that visible — a rate-limited warning when usage passes the
 * high-water mark (default 90 % of the soft limit) and another when it is
 * exhausted. Linux reads `/proc/self/fd` asynchronously (no event-loop stall with
 * tens of thousands of sockets); elsewhere it reports once that it cannot watch.
 *
 * @example
 *   const stop = startFdMonitor(new RateLimitedLog(consoleLogger));
 */
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import type { RateLimitedLog } from '../log/rate-limited-log.js';

export interface FdProbe {
  /** Open descriptors now. */
  count(): Promise<number>;
  /** The soft limit (RLIMIT_NOFILE), or undefined when unknown. */
  limit(): number | undefined;
}

/** Linux: /proc/self/fd, and the soft limit from /proc/self/limits (remembered: reading it needs a descriptor too). */
export function procFdProbe(): FdProbe {
  let known: number | undefined;
  return {
    count: async () => (await readdir('/proc/self/fd')).length,
    limit: () => {
      try {
        const m = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
        known = m && m[1] !== 'unlimited' ? Number(m[1]) : undefined;
      } catch {
        // out of descriptors right now: the last known limit stands
      }
      return known;
    },
  };
}

export interface FdMonitorOptions {
  intervalMs?: number;
  /** Fraction of the limit past which a warning is logged. Default 0.9. */
  highWater?: number;
  probe?: FdProbe;
}

/** One check: logs when usage is high or exhausted; returns the usage fraction (NaN when unknown). */
export async function checkFds(log: RateLimitedLog, probe: FdProbe, highWater = 0.9): Promise<number> {
  const limit = probe.limit();
  if (limit === undefined) return NaN;
  let used: number;
  try {
    used = await probe.count();
  } catch (err) {
    // Even reading /proc/self/fd needs a descriptor: EMFILE here is the exhaustion itself.
    if ((err as NodeJS.ErrnoException).code !== 'EMFILE' && (err as NodeJS.ErrnoException).code !== 'ENFILE') throw err;
    used = limit;
  }
  const fraction = used / limit;
  if (used >= limit - 2) {
    log.warn('out of file descriptors: new connections are being refused (raise the limit: ulimit -n / LimitNOFILE)', { used, limit }, 'fd-exhausted');
  } else if (fraction >= highWater) {
    log.warn('near the file-descriptor limit: new connections will soon be refused', { used, limit }, 'fd-high');
  }
  return fraction;
}

export function startFdMonitor(log: RateLimitedLog, o: FdMonitorOptions = {}): () => void {
  const probe = o.probe ?? procFdProbe();
  if (probe.limit() === undefined) {
    log.warn('file-descriptor monitoring unavailable on this platform', {}, 'fd-unavailable');
    return () => {};
  }
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    checkFds(log, probe, o.highWater).catch(() => {}).finally(() => { running = false; });
  }, o.intervalMs ?? 1000);
  timer.unref();
  return () => clearInterval(timer);
}
