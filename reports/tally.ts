// Verdict counts for the summary sections of the reports.

import type { CaseResult, Verdict } from "./result.ts";

export interface VerdictTally {
  total: number;
  byVerdict: Record<Verdict, number>;
}

export function tallyVerdicts(cases: readonly CaseResult[]): VerdictTally {
  const byVerdict: Record<Verdict, number> = {
    "as-expected": 0,
    "unexpected-success": 0,
    "unexpected-failure": 0,
    "not-run": 0,
  };

  for (const result of cases) {
    byVerdict[result.verdict] += 1;
  }

  return { total: cases.length, byVerdict };
}
