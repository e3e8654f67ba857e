#!/usr/bin/env node
// The main job (`npm start`): checks the machine, generates a certificate kit, starts real
// memcached (and mcrouter, when one is given) with TLS, probes every link of the conformance
// suites, writes the reports and prints a summary. Exit status 0 when every case behaved as
// expected, 1 when a case did not or a suite failed, 2 for a usage or set-up error.

import { readFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";

import { startVitest } from "vitest/node";

import { selectBackend, type BackendPreference } from "./backends/index.ts";
import { connectDockerEngine } from "./engine/docker-engine.ts";
import { findMemcachedBinary } from "./backends/local/memcached-binary.ts";
import { KitError, loadKit } from "./kit/load-kit.ts";
import { summarizeRun } from "./run-summary.ts";
import type { RunResult } from "../reports/result.ts";

const HELP = `Usage: npm start -- [options]

Probes every mTLS link of the conformance suites on real memcached (and mcrouter, when
MCROUTER_IMAGE or MCROUTER_BIN names one) and writes result.json, report.md, report.html
and junit.xml to OUT/<run-id>/, with OUT/latest pointing at the newest run.

Options:
  --backend NAME     Where servers run: auto (containers when a Docker engine answers,
                     else local processes), containers, or local. Default auto.
  --kit DIR          Use this certs-gen kit instead of generating a fresh one.
  --out DIR          Directory that receives one folder per run. Default reports/out.
  --suite NAME       Run only this suite: client-memcached or mcrouter. Repeatable.
  --mcrouter-label L Name of the mcrouter under test in the reports, for example its
                     release tag (source builds report no version of their own).
  -h, --help         Print this help and exit.

Environment: MCROUTER_IMAGE or MCROUTER_BIN (the mcrouter under test), MEMCACHED_IMAGE
(an ordinary memcached image instead of the locally built one).`;

const SUITE_FILES: Record<string, string[]> = {
  "client-memcached": ["suites/client-memcached/"],
  mcrouter: [
    "suites/mcrouter/client-mcrouter.test.ts",
    "suites/mcrouter/mcrouter-memcached.test.ts",
    "suites/mcrouter/mcrouter-mcrouter.test.ts",
    "suites/mcrouter/guide-2014.test.ts",
  ],
};

const PROJECT_ROOT = resolve(import.meta.dirname, "..");

class UsageError extends Error {}

interface MainOptions {
  backend: BackendPreference;
  kit: string | undefined;
  out: string;
  suites: string[];
  mcrouterLabel: string | undefined;
}

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  if (options === "help") {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }

  process.chdir(PROJECT_ROOT);
  const runId = newRunId();
  process.env.MTLS_BACKEND = options.backend;
  process.env.MTLS_REPORT_DIR = options.out;
  process.env.MTLS_RUN_ID = runId;
  if (options.mcrouterLabel !== undefined) process.env.MCROUTER_LABEL = options.mcrouterLabel;

  await checkKit(options.kit);
  await checkBackend(options.backend);

  const files = options.suites.flatMap((suite) => SUITE_FILES[suite] ?? []);
  process.stderr.write(`Running ${options.suites.join(", ")} (run ${runId})\n`);
  const vitest = await startVitest(files, {
    watch: false,
    reporters: ["./suites/support/progress-reporter.ts", "./suites/support/result-reporter.ts"],
    passWithNoTests: false,
  });
  await vitest.close();

  const result = await readRunResult(options.out, runId);
  if (result === undefined) {
    process.stderr.write("No report was written: no conformance case ran. See the errors above.\n");
    return 1;
  }

  const summary = summarizeRun(result, relative(process.cwd(), join(resolve(options.out), runId)));
  process.stdout.write(`${summary.text}\n`);
  const suitesFailed = process.exitCode !== undefined && process.exitCode !== 0;
  return summary.unexpected > 0 || suitesFailed ? 1 : 0;
}

function parseOptions(argv: string[]): MainOptions | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        backend: { type: "string", default: process.env.MTLS_BACKEND ?? "auto" },
        kit: { type: "string" },
        out: { type: "string", default: "reports/out" },
        suite: { type: "string", multiple: true },
        "mcrouter-label": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. Run \`npm start -- --help\` for the options.`);
  }

  const values = parsed.values;
  if (values.help === true) return "help";

  const backend = values.backend;
  if (backend !== "auto" && backend !== "containers" && backend !== "local") {
    throw new UsageError(`--backend "${backend}" is invalid: use auto, containers or local`);
  }

  const suites = values.suite ?? Object.keys(SUITE_FILES);
  for (const suite of suites) {
    if (SUITE_FILES[suite] === undefined) {
      throw new UsageError(`--suite "${suite}" is unknown: use ${Object.keys(SUITE_FILES).join(" or ")}`);
    }
  }

  return { backend, kit: values.kit, out: resolve(values.out), suites, mcrouterLabel: values["mcrouter-label"] };
}

/** Checks a kit given with --kit now, so that a broken one fails before any server starts. */
async function checkKit(kit: string | undefined): Promise<void> {
  if (kit === undefined) {
    delete process.env.MTLS_KIT_DIR;
    return;
  }
  const loaded = await loadKit(kit);
  process.env.MTLS_KIT_DIR = loaded.dir;
}

/**
 * Opens the backend once before the suites do, so that a missing engine or memcached fails with
 * both fixes, and a local image is built once instead of by each suite file at the same time.
 */
async function checkBackend(preference: BackendPreference): Promise<void> {
  try {
    const { backend, reason } = await selectBackend(preference);
    process.stderr.write(`Backend: ${reason}\n`);
    await backend.close();
  } catch (error) {
    if (preference !== "auto") throw error;

    const engine = await connectDockerEngine().then(
      () => "a Docker engine answered",
      (engineError: unknown) => (engineError as Error).message,
    );
    const memcached = await findMemcachedBinary().then(
      (binary) => `memcached ${binary.version} at ${binary.path}`,
      (binaryError: unknown) => (binaryError as Error).message,
    );
    throw new SetupError(`No backend can start memcached.\n  containers: ${engine}\n  local: ${memcached}\n  first error: ${(error as Error).message}`);
  }
}

class SetupError extends Error {}

async function readRunResult(out: string, runId: string): Promise<RunResult | undefined> {
  try {
    return JSON.parse(await readFile(join(resolve(out), runId, "result.json"), "utf8")) as RunResult;
  } catch {
    return undefined;
  }
}

function newRunId(): string {
  return `${new Date().toISOString().replace(/[:.]/g, "-")}-${process.pid}`;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  const known = error instanceof UsageError || error instanceof SetupError || error instanceof KitError;
  process.stderr.write(`${known ? "" : "Error: "}${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
