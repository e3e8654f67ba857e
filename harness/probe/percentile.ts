// Percentiles of latency samples.

/**
 * Returns the `p`th percentile of `samples` by the nearest-rank method: the smallest sample with
 * at least p% of the samples at or below it. Raises a RangeError for no samples or p outside 0-100.
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) {
    throw new RangeError("percentile() needs at least one sample.");
  }
  if (!(p >= 0 && p <= 100)) {
    throw new RangeError(`Percentile ${p} is invalid: use a number from 0 to 100.`);
  }

  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));

  return sorted[rank - 1] as number;
}
