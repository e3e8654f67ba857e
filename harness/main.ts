#!/usr/bin/env node
// The main job (`npm start`): checks the machine, generates a certificate kit, starts real
// memcached (and mcrouter, when one is given) with TLS, probes every link of the conformance
// suites, writes the reports and prints a summary. Exit status 0 when every case behaved as
// expected, 1 when a case did not or a suite failed, 2 for a usage or set-up error.

import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { constants } from "node:os";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";


import { selectBackend, type BackendPreference } from "./backends/index.ts";
import { connectDockerEngine } from "./engine/docker-engine.ts";
import { findMemcachedBinary } from "./backends/local/memcached-binary.ts";
import { childPids, sweepAfterWorkers } from "./interrupt-cleanup.ts";
import { KitError, loadKit, type LoadedKit } from "./kit/load-kit.ts";
import { McrouterLocationError, resolveMcrouter } from "./mcrouter/locate.ts";
import { summarizeRun } from "./run-summary.ts";
import type { RunResult } from "../reports/result.ts";

const HELP = `Usage: npm start -- [options]

Probes every mTLS link of the conformance suites on real memcached (and mcrouter, when
MCROUTER_IMAGE or MCROUTER_BIN names one) and writes result.json, report.md, report.html
and junit.xml to OUT/<run-id>/, with OUT/latest pointing at the newest run.

Options:
  --backend NAME     Where servers run: auto (containers when a Docker engine responds,
                     else local processes), containers, or local. Default auto.
  --kit DIR          Use this certs-gen kit instead of generating a fresh one.
  --out DIR          Directory that receives one folder per run. Default reports/out.
  --suite NAME       Run only this suite: client-memcached or mcrouter. Repeatable.
  --mcrouter-label L Name of the mcrouter under test in the reports, for example its
                     release tag (source builds report no version of their own).
  -h, --help         Print this help and exit.

Environment: MCROUTER_IMAGE or MCROUTER_BIN (the mcrouter under test), MTLS_BACKEND (the
default of --backend), MEMCACHED_IMAGE (an ordinary memcached image instead of the locally
built one), MEMCACHED_BIN (a memcached binary other than the one on PATH).

Exit status: 0 when every case behaved as expected, 1 when a case did not or a suite
failed, 2 for a usage or set-up error (the message names the value and the fix), 130 after
Ctrl-C, once the run's containers and processes are removed.`;

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
const VITEST_CLI = join(PROJECT_ROOT, "node_modules", "vitest", "vitest.mjs");

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
  process.env.MTLS_MAIN_COMMAND = "1";
  if (options.mcrouterLabel !== undefined) process.env.MCROUTER_LABEL = options.mcrouterLabel;

  await checkKit(options.kit, options.suites);
  await checkBackend(options.backend);
  if (options.suites.includes("mcrouter")) {
    await checkMcrouter();
  }

  const files = options.suites.flatMap((suite) => SUITE_FILES[suite] ?? []);
  process.stderr.write(`Running ${options.suites.join(", ")} (run ${runId})\n`);
  const suitesFailed = (await runSuites(files)) !== 0;

  const result = await readRunResult(options.out, runId);
  if (result === undefined) {
    process.stderr.write("No report was written: no conformance case ran. See the errors above.\n");
    return 1;
  }

  const summary = summarizeRun(result, relative(process.cwd(), join(resolve(options.out), runId)));
  process.stdout.write(`${summary.text}\n`);
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
async function checkKit(kit: string | undefined, suites: readonly string[]): Promise<void> {
  if (kit === undefined) {
    delete process.env.MTLS_KIT_DIR;
    return;
  }

  const loaded = await loadKit(kit);
  checkKitAddresses(loaded, suites);
  process.env.MTLS_KIT_DIR = loaded.dir;
}

/**
 * Rejects a kit whose leaves lack the addresses the suites use. The suites connect to servers on
 * 127.0.0.1 and check the server's IP SAN. mcrouter's TLS 1.2 path checks the client's IP SAN
 * against 127.0.0.5, the prober's source address. Without them every case fails on the address.
 */
function checkKitAddresses(kit: LoadedKit, suites: readonly string[]): void {
  const required = suites.includes("mcrouter") ? ["127.0.0.1", "127.0.0.5"] : ["127.0.0.1"];
  const missing = required.filter((address) => !kit.manifest.options.ips.includes(address));
  if (missing.length > 0) {
    throw new KitError(
      `kit ${kit.dir} was generated with --ips ${kit.manifest.options.ips.join(",")}, which lacks ${missing.join(" and ")}: ` +
        "generate it with `npm run certs-gen -- --out DIR --ips 127.0.0.5,127.0.0.1,::1`, or leave out --kit",
    );
  }
}

/** Fails now, with the fix, when MCROUTER_IMAGE or MCROUTER_BIN is set but names nothing usable. */
async function checkMcrouter(): Promise<void> {
  const location = await resolveMcrouter();
  let described: string;
  if (location.kind === "absent") {
    described = `${location.reason}; its cases are reported as not run`;
  } else if (location.kind === "image") {
    described = `image ${location.image}`;
  } else {
    described = `binary ${location.path}`;
  }
  process.stderr.write(`mcrouter: ${described}\n`);
}

/**
 * Runs vitest on the suite files in a child process and returns its exit status. On SIGINT or
 * SIGTERM the signal goes on to vitest, which stops its workers. Then the sweep removes what the
 * workers started and could not remove themselves, and the process ends with 128 + signal.
 */
async function runSuites(files: string[]): Promise<number> {
  const reporters = ["progress-reporter.ts", "failure-reporter.ts", "result-reporter.ts"].map((file) => `--reporter=./suites/support/${file}`);
  const child = spawn(process.execPath, [VITEST_CLI, "run", ...reporters, ...files], { stdio: "inherit" });

  let signalled: NodeJS.Signals | undefined;
  const workerPids = new Set<number>();
  const forward = (signal: NodeJS.Signals): void => {
    if (signalled === undefined) process.stderr.write(`\n${signal}: stopping the run and removing its servers\n`);
    signalled = signal;
    // The workers must be known now: once vitest has ended, they are no longer its children.
    if (child.pid !== undefined) childPids(child.pid).forEach((pid) => workerPids.add(pid));
    child.kill(signal);
  };
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);

  const status = await new Promise<number>((resolve) => {
    child.on("exit", (code, signal) => resolve(code ?? (signal === null ? 1 : 128 + (constants.signals[signal] ?? 0))));
  });
  process.off("SIGINT", forward);
  process.off("SIGTERM", forward);

  if (signalled !== undefined) {
    const removed = await sweepAfterWorkers([...workerPids]);
    process.stderr.write(`removed ${removed.containers} containers, ${removed.networks} networks and ${removed.processes} memcached processes left by the run\n`);
    process.exit(128 + (constants.signals[signalled] ?? 0));
  }
  return status;
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
      () => "a Docker engine responded",
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
  const known = error instanceof UsageError || error instanceof SetupError || error instanceof KitError || error instanceof McrouterLocationError;
  process.stderr.write(`${known ? "" : "Error: "}${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
