import type { Reporter, TestModule } from "vitest/node";

import { REPORTS_WRITTEN, type ReportsWrittenHolder } from "./result-reporter.ts";

// Prints one closing line, `N passed, N failed, N skipped`, after vitest's own summary.
// CI systems that do not parse vitest's output read this line; a test file that failed
// to load counts as failed, so a broken suite can never look like a clean run.
export default class SummaryLineReporter implements Reporter {
  async onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): Promise<void> {
    // The reports' paths are printed by another reporter; the closing line must come after them.
    await (globalThis as ReportsWrittenHolder)[REPORTS_WRITTEN]?.catch(() => undefined);

    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;

    for (const testModule of testModules) {
      let casesInModule = 0;
      for (const testCase of testModule.children.allTests()) {
        casesInModule += 1;
        const state = testCase.result().state;
        if (state === "passed") passed += 1;
        else if (state === "failed") failed += 1;
        else skipped += 1;
      }

      const moduleFailedToLoad = casesInModule === 0 && testModule.state() === "failed";
      if (moduleFailedToLoad) failed += 1;
    }

    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
