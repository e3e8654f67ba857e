// Compares what a case observed with its expectation and builds the CaseResult that
// reports render. An alert or reply case matches on the alert name, because the rest
// of an error text (mcrouter's replies, OpenSSL's messages) depends on the OpenSSL version.

import type { ProbeOutcome, ProbeRecord } from "../../harness/probe/record.ts";
import type { CaseResult, Expectation, Verdict } from "../../reports/result.ts";

/** A case as a suite plans it: everything of its CaseResult but what a run observes. */
export type PlannedCase = Omit<CaseResult, "observed" | "verdict" | "note"> & {
  /** The file that contains the expectation, named in a mismatch so the reader knows what to edit. */
  expectationsFile: string;
};

/**
 * Check whether `outcome` shows the expectation's detail: the alert name, verify error or
 * Node error code, or text of the reply, message or start-up output.
 */
function detailMatches(expected: Expectation, outcome: ProbeOutcome): boolean {
  if (expected.detail === undefined) {
    return true;
  }

  const codes = [outcome.alert, outcome.verifyError, outcome.errorCode];
  if (codes.includes(expected.detail)) {
    return true;
  }
  const texts = [outcome.reply, outcome.stderr, outcome.message].filter((text): text is string => text !== undefined);
  return texts.some((text) => text.includes(expected.detail ?? ""));
}

/** Decide the verdict of one observation against its expectation. */
export function decideVerdict(expected: Expectation, outcome: ProbeOutcome | undefined): Verdict {
  if (outcome === undefined) {
    return "not-run";
  }

  if (expected.outcome === "ok") {
    return outcome.kind === "ok" ? "as-expected" : "unexpected-failure";
  }
  if (outcome.kind === "ok") {
    return "unexpected-success";
  }
  return outcome.kind === expected.outcome && detailMatches(expected, outcome) ? "as-expected" : "unexpected-failure";
}

/** Describe how an observation differs from the expectation, for a failed test and the report's note. */
export function describeMismatch(plannedCase: PlannedCase, outcome: ProbeOutcome): string {
  const expected = plannedCase.expected;
  const observed = [outcome.kind, outcome.alert, outcome.reply ?? outcome.message].filter(Boolean).join(", ");
  const wanted = [expected.outcome, expected.detail].filter(Boolean).join(", ");
  const status = `${expected.confirmed ? "a confirmed" : "an unconfirmed"} expectation (source: ${expected.source ?? "none"})`;
  return `case ${plannedCase.id} observed ${observed} but ${status} says ${wanted}. If the program is right, correct the entry in ${plannedCase.expectationsFile} and keep this observation as its evidence.`;
}

export function caseResult(plannedCase: PlannedCase, observed: ProbeRecord | undefined, note?: string): CaseResult {
  const result: CaseResult = {
    id: plannedCase.id,
    link: plannedCase.link,
    settings: plannedCase.settings,
    clientVariant: plannedCase.clientVariant,
    serverVariant: plannedCase.serverVariant,
    tlsVersion: plannedCase.tlsVersion,
    expected: plannedCase.expected,
    verdict: decideVerdict(plannedCase.expected, observed?.outcome),
  };
  if (plannedCase.varies !== undefined) result.varies = plannedCase.varies;
  if (observed !== undefined) result.observed = observed;
  if (note !== undefined) result.note = note;
  return result;
}
