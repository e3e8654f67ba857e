// Reads a `result.json` for `compare` and the render CLI. Accepts the file itself or a run
// directory, and rejects anything that is not a run result of the version this code reads.

import { readFile, readdir, stat } from "node:fs/promises";
import path from "node:path";

import { RESULT_VERSION, type RunResult } from "./result.ts";

const RESULT_FILE = "result.json";

/** An input that cannot be compared or rendered. The message names the path and the fix. */
export class ResultInputError extends Error {
  override name = "ResultInputError";
}

/**
 * Returns the path of the `result.json` that `input` stands for. A file is taken as it is. A
 * directory may contain `result.json`, a `latest` run directory (as `reports/out/` does), or
 * exactly one run directory with a `result.json`.
 */
export async function resolveResultPath(input: string): Promise<string> {
  const info = await statOrUndefined(input);
  if (info === undefined) {
    throw new ResultInputError(`${input}: no such file or directory. Pass a result.json file or a run directory.`);
  }
  if (info.isFile()) {
    return input;
  }
  if (!info.isDirectory()) {
    throw new ResultInputError(`${input}: not a file or directory. Pass a result.json file or a run directory.`);
  }

  const direct = path.join(input, RESULT_FILE);
  if ((await statOrUndefined(direct))?.isFile()) {
    return direct;
  }

  const latest = path.join(input, "latest", RESULT_FILE);
  if ((await statOrUndefined(latest))?.isFile()) {
    return latest;
  }

  const entries = await readdir(input, { withFileTypes: true });
  const candidates: string[] = [];
  for (const entry of entries) {
    const candidate = path.join(input, entry.name, RESULT_FILE);
    if ((await statOrUndefined(candidate))?.isFile()) {
      candidates.push(candidate);
    }
  }

  if (candidates.length === 1) {
    return candidates[0]!;
  }
  if (candidates.length === 0) {
    throw new ResultInputError(
      `${input}: directory contains no ${RESULT_FILE}, no latest/${RESULT_FILE} and no run directory with one. ` +
        "Pass the run directory that `npm start` wrote, for example reports/out/latest.",
    );
  }
  throw new ResultInputError(
    `${input}: directory contains ${candidates.length} runs (${candidates.map((candidate) => path.dirname(candidate)).join(", ")}). ` +
      "Pass one run directory or its result.json.",
  );
}

/** Reads and checks a run result. Throws ResultInputError naming the path and what is wrong. */
export async function loadRunResult(input: string): Promise<{ path: string; result: RunResult }> {
  const resultPath = await resolveResultPath(input);

  let text: string;
  try {
    text = await readFile(resultPath, "utf8");
  } catch (error) {
    throw new ResultInputError(`${resultPath}: cannot be read (${(error as Error).message}).`);
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ResultInputError(`${resultPath}: not valid JSON (${(error as Error).message}). Pass a result.json that a run wrote.`);
  }

  checkRunResult(parsed, resultPath);
  return { path: resultPath, result: parsed };
}

/**
 * Checks the fields that reports and `compare` depend on. `schema/result.schema.json` is the
 * full description. This check only makes a wrong file fail with a clear message.
 */
export function checkRunResult(value: unknown, source: string): asserts value is RunResult {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ResultInputError(`${source}: not a run result, because it is not a JSON object.`);
  }

  const record = value as Record<string, unknown>;
  if (!("resultVersion" in record)) {
    throw new ResultInputError(`${source}: not a run result, because it has no "resultVersion" field.`);
  }
  if (record.resultVersion !== RESULT_VERSION) {
    throw new ResultInputError(
      `${source}: resultVersion ${JSON.stringify(record.resultVersion)} is not supported; this version of the reports reads ${RESULT_VERSION}. ` +
        "Render it with the project version that wrote it, or run the suite again.",
    );
  }
  if (typeof record.runId !== "string") {
    throw new ResultInputError(`${source}: not a run result, because "runId" is missing or not a string.`);
  }
  if (typeof record.tested !== "object" || record.tested === null) {
    throw new ResultInputError(`${source}: not a run result, because "tested" is missing.`);
  }
  if (!Array.isArray(record.cases)) {
    throw new ResultInputError(`${source}: not a run result, because "cases" is missing or not an array.`);
  }

  record.cases.forEach((testCase: unknown, index: number) => {
    const fields = testCase as Record<string, unknown> | null;
    if (typeof fields !== "object" || fields === null || typeof fields.id !== "string" || typeof fields.verdict !== "string") {
      throw new ResultInputError(`${source}: cases[${index}] has no string "id" and "verdict"; the file is not a complete run result.`);
    }
  });
}

async function statOrUndefined(target: string) {
  try {
    return await stat(target);
  } catch {
    return undefined;
  }
}
