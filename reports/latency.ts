// Latency figures aggregated over cases. Each case carries one probe: one handshake and one
// first-reply sample, plus the p50 and p95 of its follow-up requests.

import type { CaseResult } from "./result.ts";

/**
 * Returns the p-th percentile (0 to 100) by linear interpolation between the closest ranks,
 * or undefined for no values.
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) {
    return undefined;
  }

  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  const lowerValue = sorted[lower] as number;
  const upperValue = sorted[upper] as number;
  return lowerValue + (upperValue - lowerValue) * (rank - lower);
}

export interface LatencySummary {
  /** Cases with at least one latency figure. */
  samples: number;
  handshake: { p50?: number; p95?: number };
  firstReply: { p50?: number; p95?: number };
  /** p50 over the cases' follow-up p50s, and p95 over their follow-up p95s. */
  followUp: { p50?: number; p95?: number };
}

/** Summarises the latency of the given cases. Cases that did not run or measured nothing are skipped. */
export function summariseLatency(cases: readonly CaseResult[]): LatencySummary {
  const handshake: number[] = [];
  const firstReply: number[] = [];
  const followUpP50: number[] = [];
  const followUpP95: number[] = [];
  let samples = 0;

  for (const result of cases) {
    const latency = result.observed?.latency;
    if (latency === undefined) {
      continue;
    }

    let measured = false;
    if (latency.handshakeMs !== undefined) {
      handshake.push(latency.handshakeMs);
      measured = true;
    }
    if (latency.firstReplyMs !== undefined) {
      firstReply.push(latency.firstReplyMs);
      measured = true;
    }
    if (latency.followUp !== undefined && latency.followUp.count > 0) {
      followUpP50.push(latency.followUp.p50Ms);
      followUpP95.push(latency.followUp.p95Ms);
      measured = true;
    }
    if (measured) {
      samples += 1;
    }
  }

  return {
    samples,
    handshake: { p50: percentile(handshake, 50), p95: percentile(handshake, 95) },
    firstReply: { p50: percentile(firstReply, 50), p95: percentile(firstReply, 95) },
    followUp: { p50: percentile(followUpP50, 50), p95: percentile(followUpP95, 95) },
  };
}

/** Formats milliseconds with two decimals below 10 ms and one decimal from 10 ms up, or `–` for none. */
export function formatMs(value: number | undefined): string {
  if (value === undefined) {
    return "–";
  }

  return value < 10 ? `${value.toFixed(2)} ms` : `${value.toFixed(1)} ms`;
}
