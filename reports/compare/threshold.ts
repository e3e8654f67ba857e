// The `--latency-threshold` value of `compare`: a relative bound such as `25%`, an absolute
// one such as `5ms`, or both, as in `25%,1ms`. A latency move counts only when it exceeds
// every bound given.

export interface LatencyThreshold {
  /** Minimum move as a percentage of run A's value. */
  percent?: number;
  /** Minimum move in milliseconds. */
  ms?: number;
}

/**
 * 25% and 1 ms. A local run measures sub-millisecond follow-up requests, where scheduling
 * noise alone moves values by more than 25%, so the relative bound needs an absolute floor.
 */
export const DEFAULT_LATENCY_THRESHOLD: LatencyThreshold = { percent: 25, ms: 1 };

const FORMS = "Use a percentage such as 25%, milliseconds such as 5ms, or both separated by a comma, such as 25%,1ms.";

/**
 * Parses `25%`, `5ms`, or both separated by a comma in either order (`25%,1ms`).
 * Throws an Error that names the value and the accepted forms.
 */
export function parseLatencyThreshold(text: string): LatencyThreshold {
  const parts = text.split(",");
  if (parts.length > 2) {
    throw new Error(`Invalid --latency-threshold "${text}". ${FORMS}`);
  }

  const threshold: LatencyThreshold = {};
  for (const part of parts) {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(%|ms)\s*$/.exec(part);
    if (match === null) {
      throw new Error(`Invalid --latency-threshold "${text}". ${FORMS}`);
    }

    const key = match[2] === "%" ? "percent" : "ms";
    if (threshold[key] !== undefined) {
      const unit = key === "percent" ? "a percentage" : "milliseconds";
      throw new Error(`Invalid --latency-threshold "${text}": it gives ${unit} twice. ${FORMS}`);
    }
    threshold[key] = Number(match[1]);
  }
  return threshold;
}

/** Formats the threshold for output, for example `25% and 1 ms`. */
export function formatThreshold(threshold: LatencyThreshold): string {
  const bounds: string[] = [];
  if (threshold.percent !== undefined) {
    bounds.push(`${threshold.percent}%`);
  }
  if (threshold.ms !== undefined) {
    bounds.push(`${threshold.ms} ms`);
  }
  return bounds.join(" and ");
}

/** Formats the threshold as `--latency-threshold` accepts it, for example `25%,1ms`. */
export function formatThresholdArgument(threshold: LatencyThreshold): string {
  const bounds: string[] = [];
  if (threshold.percent !== undefined) {
    bounds.push(`${threshold.percent}%`);
  }
  if (threshold.ms !== undefined) {
    bounds.push(`${threshold.ms}ms`);
  }
  return bounds.join(",");
}

/** Returns whether a move from `before` to `after` milliseconds exceeds every bound of the threshold. */
export function exceedsThreshold(before: number, after: number, threshold: LatencyThreshold): boolean {
  const delta = Math.abs(after - before);
  if (threshold.ms !== undefined && delta <= threshold.ms) {
    return false;
  }
  if (threshold.percent !== undefined) {
    // A move away from 0 ms has no finite percentage, so any such move exceeds the relative bound.
    return before === 0 ? delta > 0 : (delta / before) * 100 > threshold.percent;
  }
  return true;
}
