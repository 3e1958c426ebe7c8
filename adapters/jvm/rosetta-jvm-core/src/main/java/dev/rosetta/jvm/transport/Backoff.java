package dev.rosetta.jvm.transport;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Reconnect delays: {@code min · 2^(n-1)} capped at {@code max}, each with ±20 % jitter so clients do not reconnect in step. */
public final class Backoff {
  private final long minMillis;
  private final long maxMillis;
  private int failures;

  public Backoff(Duration min, Duration max) {
    this.minMillis = Math.max(1, min.toMillis());
    this.maxMillis = Math.max(minMillis, max.toMillis());
  }

  /** The delay before the next attempt, counting one more failure. */
  public synchronized long nextDelayMillis() {
    failures = Math.min(failures + 1, 30);
    long base = Math.min(maxMillis, minMillis << Math.min(failures - 1, 20));
    double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
    return Math.max(1, Math.round(base * jitter));
  }

  public synchronized void reset() {
    failures = 0;
  }
}
