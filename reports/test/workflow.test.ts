// Checks the nightly workflow's structure and runs its two shell steps with bash: the step
// that turns the image list into the matrix, and the step that compares the downloaded runs.

import { execFile, spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

import type { RunResult } from "../result.ts";
import { buildMixedRun, cloneRun } from "./fixtures.ts";

const runFile = promisify(execFile);
const repositoryRoot = path.join(import.meta.dirname, "..", "..");
const workflowPath = path.join(repositoryRoot, ".github", "workflows", "nightly.yml");

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}

interface Job {
  needs?: string | string[];
  if?: string;
  strategy?: { "fail-fast"?: boolean; matrix?: { include?: string } };
  steps: Step[];
}

interface Workflow {
  on: { schedule?: Array<{ cron: string }>; workflow_dispatch?: { inputs?: Record<string, unknown> } };
  jobs: Record<string, Job>;
}

// GitHub's ubuntu runners ship jq, which the workflow's shell steps use.
const hasJq = spawnSync("jq", ["--version"]).status === 0;

const workflowText = await readFile(workflowPath, "utf8");
const workflow = parse(workflowText) as Workflow;

function step(job: string, id: string): Step {
  const found = workflow.jobs[job]?.steps.find((candidate) => candidate.id === id);
  if (found === undefined || found.run === undefined) {
    throw new Error(`job ${job} has no step with id ${id} and a run script`);
  }
  return found;
}

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), "reports-workflow-"));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/**
 * Runs a step's script in the repository root with the options GitHub uses for `shell: bash`,
 * and returns its exit code and output.
 */
async function runStep(script: string, env: Record<string, string>): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await runFile("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], {
      cwd: repositoryRoot,
      env: { ...process.env, ...env },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, output: failure.stdout + failure.stderr };
  }
}

describe("nightly workflow structure", () => {
  it("runs nightly and on demand", () => {
    expect(workflow.on.schedule?.[0]?.cron).toMatch(/^\d+ \d+ \* \* \*$/);
    expect(workflow.on.workflow_dispatch?.inputs).toHaveProperty("mcrouter_images");
    expect(workflow.on.workflow_dispatch?.inputs).toHaveProperty("baseline");
  });

  it("runs the matrix from the plan", () => {
    const conformance = workflow.jobs.conformance!;
    const runStepScripts = conformance.steps.map((entry) => entry.run ?? "");
    const setupNode = conformance.steps.find((entry) => entry.uses?.startsWith("actions/setup-node@"));
    const upload = conformance.steps.find((entry) => entry.uses?.startsWith("actions/upload-artifact@"));

    expect(conformance.needs).toBe("plan");
    expect(conformance.strategy?.["fail-fast"]).toBe(false);
    expect(conformance.strategy?.matrix?.include).toBe("${{ fromJSON(needs.plan.outputs.matrix) }}");
    expect(setupNode?.with?.["node-version"]).toBe(26);
    expect(runStepScripts).toContain("npm ci --no-audit --no-fund");
    expect(runStepScripts).toContain("npm start");
    expect(conformance.steps.find((entry) => entry.run === "npm start")?.env?.MCROUTER_IMAGE).toBe("${{ matrix.image }}");
    expect(upload?.with?.name).toBe("${{ matrix.artifact }}");
    expect(String(upload?.with?.path)).toContain("reports/out/");
  });

  it("runs steps with bash", () => {
    expect((parse(workflowText) as { defaults?: { run?: { shell?: string } } }).defaults?.run?.shell).toBe("bash");
  });

  it("compares after every run", () => {
    const compare = workflow.jobs.compare!;

    expect(compare.needs).toEqual(["plan", "conformance"]);
    expect(compare.if).toContain("!cancelled()");
  });
});

describe.skipIf(!hasJq)("matrix step (needs jq)", () => {
  const script = () => step("plan", "images").run!;

  async function matrixFor(env: Record<string, string>): Promise<Array<{ image: string; artifact: string }>> {
    const outputFile = path.join(scratch, `output-${Math.random().toString(36).slice(2)}`);
    await writeFile(outputFile, "");
    const result = await runStep(script(), { GITHUB_OUTPUT: outputFile, GITHUB_REPOSITORY_OWNER: "Example-Org", ...env });
    expect(result.code, result.output).toBe(0);

    const line = (await readFile(outputFile, "utf8")).split("\n").find((entry) => entry.startsWith("matrix="));
    return JSON.parse(line!.slice("matrix=".length));
  }

  it("splits the input list in order", async () => {
    const matrix = await matrixFor({ IMAGES_INPUT: "registry.example/mcrouter:v2026.07.20.00, mcrouter:v2026.08.17.00\n  local/mcrouter:dev", IMAGES_VARIABLE: "ignored:1" });

    expect(matrix).toEqual([
      { image: "registry.example/mcrouter:v2026.07.20.00", artifact: "run-01-registry.example-mcrouter-v2026.07.20.00" },
      { image: "mcrouter:v2026.08.17.00", artifact: "run-02-mcrouter-v2026.08.17.00" },
      { image: "local/mcrouter:dev", artifact: "run-03-local-mcrouter-dev" },
    ]);
  });

  it("falls back to the variable", async () => {
    const matrix = await matrixFor({ IMAGES_INPUT: "", IMAGES_VARIABLE: "mcrouter:a mcrouter:b" });

    expect(matrix.map((entry) => entry.image)).toEqual(["mcrouter:a", "mcrouter:b"]);
  });

  it("uses lower-case example images", async () => {
    const matrix = await matrixFor({ IMAGES_INPUT: "", IMAGES_VARIABLE: " , " });

    expect(matrix.map((entry) => entry.image)).toEqual([
      "ghcr.io/example-org/mcrouter:v2026.07.20.00",
      "ghcr.io/example-org/mcrouter:v2026.08.17.00",
    ]);
  });
});

describe.skipIf(!hasJq)("compare step (needs jq)", () => {
  const script = () => step("compare", "compare").run!;
  const matrix = JSON.stringify([
    { image: "mcrouter:v2026.07.20.00", artifact: "run-01-mcrouter-v2026.07.20.00" },
    { image: "mcrouter:v2026.08.17.00", artifact: "run-02-mcrouter-v2026.08.17.00" },
  ]);

  /** Lays out downloaded artifacts as download-artifact does: one folder per artifact with the run inside. */
  async function layOut(name: string, runs: Array<RunResult | undefined>): Promise<string> {
    const runsDirectory = path.join(scratch, name);
    for (const [index, run] of runs.entries()) {
      if (run === undefined) {
        continue;
      }
      const artifact = JSON.parse(matrix)[index].artifact as string;
      const runDirectory = path.join(runsDirectory, artifact, run.runId);
      await mkdir(runDirectory, { recursive: true });
      await writeFile(path.join(runDirectory, "result.json"), JSON.stringify(run));
    }
    return runsDirectory;
  }

  async function compareStep(name: string, runs: Array<RunResult | undefined>, baseline = "") {
    const summary = path.join(scratch, `${name}-summary.md`);
    await writeFile(summary, "");
    const result = await runStep(script(), {
      MATRIX: matrix,
      RUNS_DIR: await layOut(name, runs),
      BASELINE: baseline,
      LATENCY_THRESHOLD: "25%",
      GITHUB_STEP_SUMMARY: summary,
    });
    return { ...result, summary: await readFile(summary, "utf8") };
  }

  function changedRelease(): RunResult {
    const run = cloneRun(buildMixedRun());
    run.runId = "run-next";
    const target = run.cases.find((testCase) => testCase.id === "client-memcached/ssl_verify_mode-2/TLSv1.2/client.expired")!;
    target.observed!.outcome = { kind: "ok" };
    target.verdict = "unexpected-success";
    return run;
  }

  it("passes when nothing changed", async () => {
    const result = await compareStep("same", [buildMixedRun(), { ...buildMixedRun(), runId: "run-next" }]);

    expect(result.code, result.output).toBe(0);
    expect(result.summary).toContain("### mcrouter:v2026.07.20.00 → mcrouter:v2026.08.17.00");
    expect(result.summary).toContain("Result: no change in outcome (exit status 0).");
  });

  it("fails on a changed outcome", async () => {
    const result = await compareStep("changed", [buildMixedRun(), changedRelease()]);

    expect(result.code).toBe(1);
    expect(result.output).toContain("::error::mcrouter:v2026.07.20.00 → mcrouter:v2026.08.17.00: at least one TLS link changed outcome");
    expect(result.summary).toContain("client-memcached/ssl_verify_mode-2/TLSv1.2/client.expired: server-alert:certificate_expired → ok");
  });

  it("fails when a run is missing", async () => {
    const result = await compareStep("missing", [buildMixedRun(), undefined]);

    expect(result.code).toBe(1);
    expect(result.output).toContain("a run left no reports");
  });

  it("compares with a baseline", async () => {
    const baselineDirectory = path.join(scratch, "baseline");
    await mkdir(baselineDirectory, { recursive: true });
    const baseline = path.join(baselineDirectory, "result.json");
    await writeFile(baseline, JSON.stringify(buildMixedRun()));

    const result = await compareStep("baseline", [buildMixedRun(), changedRelease()], baseline);

    expect(result.code).toBe(1);
    expect(result.summary).toContain(`### baseline ${baseline} → mcrouter:v2026.08.17.00`);
    expect(result.summary.match(/client\.expired: server-alert:certificate_expired → ok/g)).toHaveLength(2);
  });
});
