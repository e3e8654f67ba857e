// The closing summary of the main command: how many links, how many as expected, which were
// not, why others did not run, and where the reports are.

import { outcomeKey } from "../reports/outcome.ts";
import type { RunResult } from "../reports/result.ts";

/** Unexpected cases listed one by one before the rest is only counted. */
const LISTED_UNEXPECTED = 20;

export interface RunSummary {
  text: string;
  unexpected: number;
}

export function summarizeRun(result: RunResult, reportDirectory: string): RunSummary {
  const cases = result.cases;
  const asExpected = cases.filter((entry) => entry.verdict === "as-expected").length;
  const unexpected = cases.filter((entry) => entry.verdict === "unexpected-success" || entry.verdict === "unexpected-failure");
  const notRun = cases.filter((entry) => entry.verdict === "not-run");

  const lines = [`${cases.length} links: ${asExpected} as expected, ${unexpected.length} unexpected, ${notRun.length} not run`];

  for (const entry of unexpected.slice(0, LISTED_UNEXPECTED)) {
    const observed = entry.observed === undefined ? "nothing" : outcomeKey(entry.observed.outcome);
    const expected = entry.expected.detail === undefined ? entry.expected.outcome : `${entry.expected.outcome}:${entry.expected.detail}`;
    lines.push(`  unexpected ${entry.id}: expected ${expected}, observed ${observed}`);
  }
  if (unexpected.length > LISTED_UNEXPECTED) {
    lines.push(`  ... and ${unexpected.length - LISTED_UNEXPECTED} more unexpected cases in the report`);
  }

  const reasons = new Map<string, number>();
  for (const entry of notRun) {
    const reason = entry.note ?? "no reason recorded";
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  for (const [reason, count] of reasons) {
    lines.push(`  not run (${count}): ${reason}`);
  }

  lines.push(`Report: ${reportDirectory}/report.md (also report.html, junit.xml, result.json)`);
  return { text: lines.join("\n"), unexpected: unexpected.length };
}
