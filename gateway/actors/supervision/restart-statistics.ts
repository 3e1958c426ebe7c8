/**
 * Failure history of one actor, used by strategies to decide when to give up
 * ("more than N failures within a window") and how long to back off.
 */
export class RestartStatistics {
  private failureTimes: number[] = [];

  get failureCount(): number {
    return this.failureTimes.length;
  }

  fail(now = Date.now()): void {
    this.failureTimes.push(now);
  }

  reset(): void {
    this.failureTimes = [];
  }

  /** Failures within the last `withinMs` (all of them when `withinMs` ≤ 0). */
  numberOfFailures(withinMs: number, now = Date.now()): number {
    if (withinMs <= 0) return this.failureTimes.length;
    const since = now - withinMs;
    let n = 0;
    for (const t of this.failureTimes) if (t > since) n++;
    return n;
  }
}
