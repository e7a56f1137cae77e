/** Nearest-rank percentile (p in 0..100) of unsorted values; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) {
    return NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Best (smallest) and median of repeated timings. */
export function bestAndMedian(values: readonly number[]): { best: number; median: number; runs: number[] } {
  return { best: Math.min(...values), median: median(values), runs: [...values] };
}

export const round = (value: number, digits = 1): number => Number.isFinite(value) ? Number(value.toFixed(digits)) : value;
