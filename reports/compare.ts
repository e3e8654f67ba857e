// Compares two runs case by case:
//   npm run compare -- RUN_A RUN_B [--latency-threshold 25%,1ms] [--all]
//   npm run compare -- --baseline BASELINE RUN [--latency-threshold ...] [--all]
// Each run is a result.json or a run directory. Exit status: 0 when no case changed outcome,
// 1 when at least one did, 2 on invalid arguments or input.

import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";

import { compareRuns } from "./compare/diff.ts";
import { DEFAULT_LATENCY_MOVES_SHOWN, formatComparison } from "./compare/format.ts";
import {
  DEFAULT_LATENCY_THRESHOLD,
  formatThresholdArgument,
  parseLatencyThreshold,
  type LatencyThreshold,
} from "./compare/threshold.ts";
import { loadRunResult, resolveResultPath, ResultInputError } from "./load-result.ts";

export const USAGE = `Usage:
  npm run compare -- RUN_A RUN_B [--latency-threshold T] [--all]
  npm run compare -- --baseline BASELINE RUN [--latency-threshold T] [--all]

Prints whether any case changed outcome from A to B, then lists those cases, cases in only
one run, and latencies that moved by more than the threshold. Each run is a result.json file
or a run directory.
  --baseline FILE           result.json or run directory to use as run A
  --latency-threshold T     report a latency move only when it exceeds every bound in T:
                            a percentage of A's value (25%), milliseconds (5ms), or both
                            separated by a comma (25%,1ms); default ${formatThresholdArgument(DEFAULT_LATENCY_THRESHOLD)}
  --all                     list every latency move; by default only the ${DEFAULT_LATENCY_MOVES_SHOWN} largest are
                            listed (outcome changes are always listed in full)

Exit status: 0 no outcome changed, 1 an outcome changed, 2 invalid arguments or input.
Latency moves and cases in only one run do not change the exit status.
`;

export interface CompareCliResult {
  exitCode: 0 | 1 | 2;
  stdout: string;
  stderr: string;
}

/** Runs the compare command on `argv` (without the program name) and returns its output and exit code. */
export async function runCompareCli(argv: readonly string[]): Promise<CompareCliResult> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        baseline: { type: "string" },
        "latency-threshold": { type: "string" },
        all: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    return usageError((error as Error).message);
  }

  if (parsed.values.help === true) {
    return { exitCode: 0, stdout: USAGE, stderr: "" };
  }

  const inputs = parsed.values.baseline === undefined ? parsed.positionals : [parsed.values.baseline, ...parsed.positionals];
  if (inputs.length !== 2) {
    const expected = parsed.values.baseline === undefined ? "two runs (RUN_A RUN_B)" : "one run after --baseline";
    return usageError(`Expected ${expected}, got ${parsed.positionals.length} positional argument(s).`);
  }

  let threshold: LatencyThreshold = DEFAULT_LATENCY_THRESHOLD;
  if (parsed.values["latency-threshold"] !== undefined) {
    try {
      threshold = parseLatencyThreshold(parsed.values["latency-threshold"]);
    } catch (error) {
      return usageError((error as Error).message);
    }
  }

  const [inputA, inputB] = inputs as [string, string];
  try {
    await assertSameResultVersion(inputA, inputB);
    const a = await loadRunResult(inputA);
    const b = await loadRunResult(inputB);
    const comparison = compareRuns(a.result, b.result, threshold);
    const runs = { a: a.result, b: b.result, labelA: a.path, labelB: b.path };
    const latencyMovesShown = parsed.values.all === true ? undefined : DEFAULT_LATENCY_MOVES_SHOWN;
    const stdout = formatComparison(comparison, runs, threshold, { latencyMovesShown });
    return { exitCode: comparison.outcomeChanges.length > 0 ? 1 : 0, stdout, stderr: "" };
  } catch (error) {
    if (error instanceof ResultInputError) {
      return { exitCode: 2, stdout: "", stderr: `${error.message}\n` };
    }
    throw error;
  }
}

/**
 * Throws ResultInputError when both inputs parse and carry different `resultVersion` values,
 * so the message names both versions. Other problems are left to loadRunResult.
 */
async function assertSameResultVersion(inputA: string, inputB: string): Promise<void> {
  const versionA = await peekResultVersion(inputA);
  const versionB = await peekResultVersion(inputB);
  if (versionA === undefined || versionB === undefined || versionA === versionB) {
    return;
  }

  throw new ResultInputError(
    `Cannot compare results of different versions: ${inputA} has resultVersion ${JSON.stringify(versionA)} and ` +
      `${inputB} has resultVersion ${JSON.stringify(versionB)}. Re-run the older suite version, or compare runs written by the same project version.`,
  );
}

async function peekResultVersion(input: string): Promise<unknown> {
  try {
    const parsed: unknown = JSON.parse(await readFile(await resolveResultPath(input), "utf8"));
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>).resultVersion : undefined;
  } catch {
    return undefined;
  }
}

function usageError(message: string): CompareCliResult {
  return { exitCode: 2, stdout: "", stderr: `${message}\n\n${USAGE}` };
}

if (import.meta.main) {
  const outcome = await runCompareCli(process.argv.slice(2));
  process.stdout.write(outcome.stdout);
  process.stderr.write(outcome.stderr);
  process.exitCode = outcome.exitCode;
}
