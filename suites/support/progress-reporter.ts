// Vitest reporter for the main command: which topology is starting, how many links are done of
// how many, and an estimate of the time left, fed into the reports' RunProgress.

import type { Reporter, TestCase, TestModule, TestSuite } from "vitest/node";

import { ABSENT_HINT } from "../../harness/mcrouter/locate.ts";
import { RunProgress } from "../../reports/progress.ts";
import "./case-meta.ts";

export default class ProgressReporter implements Reporter {
  readonly #progress = new RunProgress({ total: 0, minLineIntervalMs: 2_000, minLinksForEstimate: 30 });
  #total = 0;
  #announcedAbsentMcrouter = false;

  onTestModuleCollected(testModule: TestModule): void {
    this.#total += [...testModule.children.allTests()].length;
    this.#progress.setTotal(this.#total);
  }

  onTestSuiteReady(testSuite: TestSuite): void {
    // Each top-level describe block of a conformance suite starts one server topology.
    if (testSuite.parent.type !== "module") {
      return;
    }

    // Without mcrouter every topology's block carries the same reason; one line says it for all.
    if (testSuite.name.endsWith(ABSENT_HINT)) {
      if (!this.#announcedAbsentMcrouter) this.#progress.topologyStarting(`mcrouter topologies (not run: ${ABSENT_HINT})`);
      this.#announcedAbsentMcrouter = true;
      return;
    }
    this.#progress.topologyStarting(testSuite.name);
  }

  onTestCaseResult(testCase: TestCase): void {
    const verdict = testCase.meta().caseResult?.verdict;
    if (verdict !== undefined) {
      this.#progress.caseDone(verdict);
      return;
    }

    // A test without a case result (a unit test, or a case that failed before probing) counts by its state.
    const state = testCase.result().state;
    if (state === "skipped") {
      this.#progress.caseDone("not-run");
    } else if (state === "failed") {
      this.#progress.caseDone("unexpected-failure");
    } else {
      this.#progress.caseDone("as-expected");
    }
  }

  onTestRunEnd(): void {
    this.#progress.finish();
  }
}
