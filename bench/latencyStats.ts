export interface LatencyStats {
  readonly requests: number;
  readonly errors: number;
  readonly p50Ms: number | null;
  readonly p95Ms: number | null;
  readonly p99Ms: number | null;
  readonly meanMs: number | null;
  readonly maxMs: number | null;
}

/** Nearest-rank percentile of an ascending list. */
function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

const round = (value: number | null): number | null => (value === null ? null : Math.round(value * 100) / 100);

/** Percentiles over the successful requests only; failures are counted apart. */
export function latencyStats(successMs: readonly number[], errors: number): LatencyStats {
  const sorted = [...successMs].sort((a, b) => a - b);
  const mean = sorted.length === 0 ? null : sorted.reduce((sum, v) => sum + v, 0) / sorted.length;
  return {
    requests: successMs.length + errors,
    errors,
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    meanMs: round(mean),
    maxMs: round(sorted.at(-1) ?? null),
  };
}
