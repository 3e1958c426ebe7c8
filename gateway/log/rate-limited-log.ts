/**
 * Logging for events an attacker controls (bad frames, refused sends, malformed
 * requests): at most one line per key per interval, carrying how many were
 * suppressed since the last one, so hostile traffic cannot flood the log.
 *
 * @example
 *   const log = new RateLimitedLog(logger);
 *   log.warn('frame refused', { reason: 'truncated' }, 'truncated'); // the key groups lines
 */
import type { Logger } from './logger.js';

export class RateLimitedLog {
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  constructor(private readonly logger: Logger, private readonly intervalMs = 1000, private readonly now: () => number = Date.now) {}

  warn(msg: string, fields: Record<string, unknown> = {}, key = msg): void {
    const t = this.now();
    const entry = this.last.get(key);
    if (entry !== undefined && t - entry.at < this.intervalMs) { entry.suppressed++; return; }
    if (this.last.size > 10_000) this.last.clear(); // keys come from a bounded vocabulary; never grow without bound
    this.last.set(key, { at: t, suppressed: 0 });
    this.logger.warn(msg, entry !== undefined && entry.suppressed > 0 ? { ...fields, suppressed: entry.suppressed } : fields);
  }
}
