// Vitest reporter for the main command. It prints the errors that no case result carries, so
// that the main command's summary cannot hide them: a suite file that failed to load, a failed
// test that recorded no case, and unhandled errors.

import type { Reporter, TestModule } from "vitest/node";

import "./case-meta.ts";

interface ErrorLike {
  message?: string;
  name?: string;
}

export default class FailureReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<ErrorLike>): void {
    const lines: string[] = [];

    for (const testModule of testModules) {
      for (const error of testModule.errors()) {
        lines.push(`${testModule.moduleId}: ${firstLine(error)}`);
      }
      for (const testCase of testModule.children.allTests()) {
        const result = testCase.result();
        if (result.state !== "failed" || testCase.meta().caseResult !== undefined) continue;
        lines.push(`${testCase.fullName}: ${firstLine(result.errors?.[0] ?? {})}`);
      }
    }
    for (const error of unhandledErrors) {
      lines.push(`unhandled error: ${firstLine(error)}`);
    }

    if (lines.length > 0) {
      process.stderr.write(`\nErrors outside the case results:\n${lines.map((line) => `  ${line}`).join("\n")}\n`);
    }
  }
}

function firstLine(error: ErrorLike): string {
  const message = error.message ?? error.name ?? "unknown error";
  return message.split("\n")[0] ?? message;
}
