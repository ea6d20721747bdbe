/** Nearest-rank percentiles of cycle durations, shared by /api/status, panels and the benchmark cycle. */

/** Nearest-rank percentile (q in 0..1) of a list; 0 for an empty list. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] as number;
}
