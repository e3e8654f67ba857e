// Vitest reporter that writes the run's reports (result.json, report.md, report.html,
// junit.xml) from the case results the conformance tests attached to their tasks. A run
// without any conformance case, such as a run of unit tests alone, writes nothing.

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";

import type { Reporter, TestModule } from "vitest/node";

import type { CaseResult, RunResult } from "../../reports/result.ts";
import { runDirectoryPath, updateLatestLink } from "../../reports/run-directory.ts";
import { writeRunReports } from "../../reports/write-run.ts";
import type { CaseEnvironment } from "./case-meta.ts";
import "./case-meta.ts";
import { KIT_DIR_VARIABLE, KIT_MANIFEST_DIGEST_VARIABLE, KIT_SOURCE_VARIABLE } from "./suite-kit.ts";

/** Environment variable naming the directory that receives one folder per run. */
export const REPORT_ROOT_VARIABLE = "MTLS_REPORT_DIR";
export const DEFAULT_REPORT_ROOT = "reports/out";

/** Environment variable with a label for the mcrouter under test, for example its release tag. */
export const MCROUTER_LABEL_VARIABLE = "MCROUTER_LABEL";

/**
 * Global key of the promise of the written reports, which the closing-line reporter awaits.
 * Vitest may load each reporter file as its own module instance, so a static field would not be shared.
 */
export const REPORTS_WRITTEN = Symbol.for("mcrouter-mtls-conformance.reports-written");
export type ReportsWrittenHolder = { [REPORTS_WRITTEN]?: Promise<void> };

export default class ResultReporter implements Reporter {
  readonly #startedAt = new Date();
  readonly #runId = newRunId(this.#startedAt);

  /** Directory of the last run's reports, for the main command's summary. */
  static lastRunDirectory: string | undefined;

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): Promise<void> {
    const written = this.#writeReports(testModules);
    (globalThis as ReportsWrittenHolder)[REPORTS_WRITTEN] = written;
    return written;
  }

  async #writeReports(testModules: ReadonlyArray<TestModule>): Promise<void> {
    const cases: CaseResult[] = [];
    const environments: CaseEnvironment[] = [];

    for (const testModule of testModules) {
      for (const testCase of testModule.children.allTests()) {
        const meta = testCase.meta();
        if (meta.caseResult !== undefined) cases.push(meta.caseResult);
        if (meta.environment !== undefined) environments.push(meta.environment);
      }
    }
    if (cases.length === 0) {
      return;
    }

    const result = buildRunResult(this.#runId, this.#startedAt, cases, environments);
    const root = resolve(process.env[REPORT_ROOT_VARIABLE] ?? DEFAULT_REPORT_ROOT);
    const directory = runDirectoryPath(root, this.#runId);
    const written = await writeRunReports(result, directory);
    await updateLatestLink(root, directory);
    ResultReporter.lastRunDirectory = directory;

    // The main command prints the report's path in its own summary.
    if (process.env.MTLS_MAIN_COMMAND === "1") return;
    const shown = relative(process.cwd(), written.markdown);
    process.stdout.write(`\nReports of ${cases.length} cases: ${shown} (also report.html, junit.xml, result.json in ${relative(process.cwd(), directory)})\n`);
  }
}

/** The run id the main command chose (MTLS_RUN_ID), else one made of the start time and pid. */
function newRunId(startedAt: Date): string {
  const given = process.env.MTLS_RUN_ID;
  if (given !== undefined && given !== "") return given;

  const stamp = startedAt.toISOString().replace(/[:.]/g, "-");
  return `${stamp}-${process.pid}`;
}

function buildRunResult(runId: string, startedAt: Date, cases: CaseResult[], environments: CaseEnvironment[]): RunResult {
  // The run's backend is memcached's, because cases without memcached only record where mcrouter ran.
  const first = environments.find((environment) => environment.memcachedVersion !== undefined) ?? environments[0];
  const backend = first?.backend ?? "local";

  const tested: RunResult["tested"] = {
    projectVersion: projectVersion(),
    backend,
    openssl: { node: process.versions.openssl },
    node: process.version,
    kitManifestSha256: process.env[KIT_MANIFEST_DIGEST_VARIABLE] ?? "unknown",
    options: runOptions(first),
  };

  const cli = opensslCliVersion();
  if (cli !== undefined) tested.openssl.cli = cli;
  const memcachedOpenSsl = environments.find((environment) => environment.memcachedOpenSsl !== undefined)?.memcachedOpenSsl;
  if (memcachedOpenSsl !== undefined) tested.openssl.memcached = memcachedOpenSsl;

  const memcached = environments.find((environment) => environment.memcachedVersion !== undefined);
  if (memcached?.memcachedVersion !== undefined) {
    tested.memcached = { version: memcached.memcachedVersion };
    if (memcached.memcachedImage !== undefined) tested.memcached.image = memcached.memcachedImage;
  }

  const mcrouter = testedMcrouter(environments);
  if (mcrouter !== undefined) tested.mcrouter = mcrouter;

  return { resultVersion: 1, runId, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), tested, cases };
}

function testedMcrouter(environments: CaseEnvironment[]): RunResult["tested"]["mcrouter"] {
  const seen = environments.find((environment) => environment.mcrouterVersion !== undefined);
  const image = seen?.mcrouterImage ?? process.env.MCROUTER_IMAGE;
  const binary = seen?.mcrouterBinary ?? process.env.MCROUTER_BIN;
  const label = process.env[MCROUTER_LABEL_VARIABLE];
  if (seen === undefined && !image && !binary) {
    return undefined;
  }

  const mcrouter: NonNullable<RunResult["tested"]["mcrouter"]> = { version: seen?.mcrouterVersion ?? label ?? "not started" };
  if (seen?.mcrouterVersionReply !== undefined) mcrouter.versionReply = seen.mcrouterVersionReply;
  if (image) mcrouter.image = image;
  if (binary) mcrouter.binary = binary;
  if (label) mcrouter.label = label;
  return mcrouter;
}

/** Collects the options of the run, under the names a user sets them by, and how the backend was chosen. */
function runOptions(environment: CaseEnvironment | undefined): Record<string, string> {
  const options: Record<string, string> = {};
  const names = ["MTLS_BACKEND", "MCROUTER_IMAGE", "MCROUTER_BIN", "MEMCACHED_IMAGE", "MEMCACHED_BIN", MCROUTER_LABEL_VARIABLE];
  for (const name of names) {
    const value = process.env[name];
    if (value !== undefined && value !== "") options[name] = value;
  }

  const kitSource = process.env[KIT_SOURCE_VARIABLE];
  if (kitSource === "generated") options.kit = "generated for this run";
  if (kitSource === "given") options.kit = `given: ${process.env[KIT_DIR_VARIABLE] ?? ""}`;
  if (environment?.backendReason !== undefined) options.backend = environment.backendReason;
  return options;
}

function projectVersion(): string {
  const manifest = JSON.parse(readFileSync(join(import.meta.dirname, "../../package.json"), "utf8")) as { version: string };
  return manifest.version;
}

function opensslCliVersion(): string | undefined {
  try {
    return execFileSync("openssl", ["version"], { encoding: "utf8" }).trim();
  } catch {
    return undefined;
  }
}
