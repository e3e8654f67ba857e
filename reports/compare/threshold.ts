// The `--latency-threshold` value of `compare`: a relative change such as `25%` or an absolute
// one such as `5ms`.

export type LatencyThreshold = { unit: "percent"; value: number } | { unit: "ms"; value: number };

export const DEFAULT_LATENCY_THRESHOLD: LatencyThreshold = { unit: "percent", value: 25 };

/** Parses `25%`, `12.5%`, `5ms` or `0.5ms`. Throws an Error that names the value and the accepted forms. */
export function parseLatencyThreshold(text: string): LatencyThreshold {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(%|ms)\s*$/.exec(text);
  if (match === null) {
    throw new Error(`Invalid --latency-threshold "${text}": use a percentage such as 25% or milliseconds such as 5ms.`);
  }

  const value = Number(match[1]);
  return match[2] === "%" ? { unit: "percent", value } : { unit: "ms", value };
}

export function formatThreshold(threshold: LatencyThreshold): string {
  return threshold.unit === "percent" ? `${threshold.value}%` : `${threshold.value} ms`;
}

/** Returns whether a move from `before` to `after` milliseconds is larger than the threshold. */
export function exceedsThreshold(before: number, after: number, threshold: LatencyThreshold): boolean {
  const delta = Math.abs(after - before);
  if (threshold.unit === "ms") {
    return delta > threshold.value;
  }
  if (before === 0) {
    return delta > 0;
  }
  return (delta / before) * 100 > threshold.value;
}
