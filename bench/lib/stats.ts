/** Statistics for benchmarks: medians of repeated runs and latency percentiles. */
export function median(xs: readonly number[]): number {
  return percentile([...xs].sort((a, b) => a - b), 50);
}

/** Nearest-rank percentile over an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function summarize(xs: readonly number[]): { median: number; min: number; max: number; runs: number } {
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs: xs.length };
}
