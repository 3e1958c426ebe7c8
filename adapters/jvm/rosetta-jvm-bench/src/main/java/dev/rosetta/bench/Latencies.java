package dev.rosetta.bench;

import java.util.Arrays;

/** Round-trip times of one run: throughput, p50 and p99 (nearest rank). */
final class Latencies {
  private final long[] nanos;
  private int n;

  Latencies(int capacity) {
    nanos = new long[capacity];
  }

  synchronized void add(long ns) {
    if (n < nanos.length) nanos[n++] = ns;
  }

  record Summary(int count, double perSecond, double p50us, double p99us) {}

  synchronized Summary summarize(long elapsedNanos) {
    long[] s = Arrays.copyOf(nanos, n);
    Arrays.sort(s);
    return new Summary(n, n / (elapsedNanos / 1e9), pct(s, 50) / 1e3, pct(s, 99) / 1e3);
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) return Double.NaN;
    int rank = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100 * sorted.length) - 1));
    return sorted[rank];
  }
}
