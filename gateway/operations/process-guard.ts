/**
 * The last line of defence: no input on any port may end the process. Every
 * transport guards its own handlers (a failure closes that connection alone);
 * this guard catches whatever still escapes — an exception thrown from a timer or
 * an event handler of a dependency, a rejected promise nobody awaited — logs it
 * (rate-limited, so an attacker who found such a path cannot flood the log) and
 * counts it, and the gateway keeps serving every other connection.
 *
 * Installed by the composition root of a gateway process (`rosetta dev`), never by
 * the library for a host program that has its own policy.
 *
 * @example
 *   const uninstall = installProcessGuard(new RateLimitedLog(consoleLogger));
 */
import { RateLimitedLog } from '../log/rate-limited-log.js';

export interface GuardCounters {
  uncaughtExceptions: number;
  unhandledRejections: number;
}

export function installProcessGuard(log: RateLimitedLog, counters: GuardCounters = { uncaughtExceptions: 0, unhandledRejections: 0 }): () => void {
  const describe = (e: unknown): Record<string, unknown> => (e instanceof Error
    ? { error: `${e.name}: ${e.message}`, at: e.stack?.split('\n').slice(1, 4).map((l) => l.trim()).join(' < ') }
    : { error: String(e) });
  const onException = (err: unknown): void => {
    counters.uncaughtExceptions++;
    log.warn('uncaught exception contained; the gateway keeps serving', { ...describe(err), count: counters.uncaughtExceptions }, 'uncaught-exception');
  };
  const onRejection = (reason: unknown): void => {
    counters.unhandledRejections++;
    log.warn('unhandled rejection contained; the gateway keeps serving', { ...describe(reason), count: counters.unhandledRejections }, 'unhandled-rejection');
  };
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}
