// Case-by-case comparison of two runs: outcomes that changed, cases present in only one run,
// and latencies that moved by more than a threshold. Cases are matched by id.

import type { ProbeLatency } from "../../harness/probe/record.ts";
import { outcomeKey } from "../outcome.ts";
import type { CaseResult, RunResult, Verdict } from "../result.ts";
import { exceedsThreshold, type LatencyThreshold } from "./threshold.ts";

export interface OutcomeChange {
  id: string;
  /** Outcome key in run A, for example `server-alert:unknown_ca`. */
  before: string;
  after: string;
  verdictBefore: Verdict;
  verdictAfter: Verdict;
}

/** A case that exists in both runs but ran in only one of them. */
export interface RanInOnlyOne {
  id: string;
  ranIn: "A" | "B";
  /** Outcome key where the case ran. */
  outcome: string;
  /** The other run's reason for not running the case, when recorded. */
  note?: string;
}

export type LatencyMetric = "tcp connect" | "handshake" | "first reply" | "follow-up p50" | "follow-up p95";

export interface LatencyChange {
  id: string;
  metric: LatencyMetric;
  beforeMs: number;
  afterMs: number;
}

export interface RunComparison {
  outcomeChanges: OutcomeChange[];
  onlyInA: string[];
  onlyInB: string[];
  ranInOnlyOne: RanInOnlyOne[];
  /** Moves above the threshold, largest absolute move first. */
  latencyChanges: LatencyChange[];
  /** Cases present in both runs. */
  matched: number;
  /** Cases that ran in both runs, the ones whose outcome can change. */
  ranInBoth: number;
}

/**
 * Compares run B with run A. An outcome change needs both runs to have observed the case; a
 * case that ran in only one run is listed in `ranInOnlyOne` instead, because a case that did
 * not run shows nothing about the program's behaviour.
 */
export function compareRuns(a: RunResult, b: RunResult, threshold: LatencyThreshold): RunComparison {
  const casesA = indexById(a.cases);
  const casesB = indexById(b.cases);

  const comparison: RunComparison = {
    outcomeChanges: [],
    onlyInA: [...casesA.keys()].filter((id) => !casesB.has(id)).sort(),
    onlyInB: [...casesB.keys()].filter((id) => !casesA.has(id)).sort(),
    ranInOnlyOne: [],
    latencyChanges: [],
    matched: 0,
    ranInBoth: 0,
  };

  const shared = [...casesA.keys()].filter((id) => casesB.has(id)).sort();
  for (const id of shared) {
    const caseA = casesA.get(id)!;
    const caseB = casesB.get(id)!;
    comparison.matched += 1;

    if (caseA.observed === undefined && caseB.observed === undefined) {
      continue;
    }
    if (caseA.observed === undefined || caseB.observed === undefined) {
      const ran = caseA.observed === undefined ? caseB : caseA;
      const skipped = caseA.observed === undefined ? caseA : caseB;
      const entry: RanInOnlyOne = { id, ranIn: ran === caseA ? "A" : "B", outcome: outcomeKey(ran.observed!.outcome) };
      if (skipped.note !== undefined) {
        entry.note = skipped.note;
      }
      comparison.ranInOnlyOne.push(entry);
      continue;
    }

    comparison.ranInBoth += 1;
    const before = outcomeKey(caseA.observed.outcome);
    const after = outcomeKey(caseB.observed.outcome);
    if (before !== after) {
      comparison.outcomeChanges.push({ id, before, after, verdictBefore: caseA.verdict, verdictAfter: caseB.verdict });
    }

    comparison.latencyChanges.push(...compareLatency(id, caseA.observed.latency, caseB.observed.latency, threshold));
  }

  // Array.prototype.sort is stable, so equal moves keep the order of case id and metric.
  comparison.latencyChanges.sort((x, y) => Math.abs(y.afterMs - y.beforeMs) - Math.abs(x.afterMs - x.beforeMs));
  return comparison;
}

function compareLatency(id: string, before: ProbeLatency, after: ProbeLatency, threshold: LatencyThreshold): LatencyChange[] {
  const pairs: Array<[LatencyMetric, number | undefined, number | undefined]> = [
    ["tcp connect", before.tcpConnectMs, after.tcpConnectMs],
    ["handshake", before.handshakeMs, after.handshakeMs],
    ["first reply", before.firstReplyMs, after.firstReplyMs],
    ["follow-up p50", before.followUp?.p50Ms, after.followUp?.p50Ms],
    ["follow-up p95", before.followUp?.p95Ms, after.followUp?.p95Ms],
  ];

  const changes: LatencyChange[] = [];
  for (const [metric, beforeMs, afterMs] of pairs) {
    if (beforeMs !== undefined && afterMs !== undefined && exceedsThreshold(beforeMs, afterMs, threshold)) {
      changes.push({ id, metric, beforeMs, afterMs });
    }
  }
  return changes;
}

function indexById(cases: readonly CaseResult[]): Map<string, CaseResult> {
  const index = new Map<string, CaseResult>();
  for (const testCase of cases) {
    index.set(testCase.id, testCase);
  }
  return index;
}
