import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { runCompareCli } from "../compare.ts";
import { exceedsThreshold, parseLatencyThreshold } from "../compare/threshold.ts";
import type { RunResult } from "../result.ts";
import { buildMixedRun, cloneRun } from "./fixtures.ts";

const runFile = promisify(execFile);

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "reports-compare-"));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Stores a run as `<root>/<name>/result.json` and returns the directory. */
async function storeRun(name: string, run: unknown): Promise<string> {
  const directory = path.join(root, name);
  await mkdir(directory, { recursive: true });
  await writeFile(path.join(directory, "result.json"), JSON.stringify(run));
  return directory;
}

/** Returns run B: the mixed run against a newer mcrouter release. */
function nextRelease(): RunResult {
  const run = cloneRun(buildMixedRun());
  run.runId = "2026-12-05T02-00-00Z-d4e5f6";
  run.tested.mcrouter!.version = "v2026.09.14.00";
  run.tested.mcrouter!.label = "v2026.09.14.00";
  run.tested.mcrouter!.image = "mcrouter-mtls/mcrouter:v2026.09.14.00";
  return run;
}

function caseById(run: RunResult, id: string) {
  const found = run.cases.find((testCase) => testCase.id === id);
  if (found === undefined) {
    throw new Error(`fixture has no case ${id}`);
  }
  return found;
}

const UNTRUSTED_13 = "client-memcached/ssl_verify_mode-2/TLSv1.3/client.untrusted-ca";
const VALID_12 = "client-memcached/ssl_verify_mode-2/TLSv1.2/client.valid";
const NOT_RUN = "mcrouter-mcrouter/mech-ssl/TLSv1.2/peer.valid";

describe("compare", () => {
  it("exits 0 for identical runs", async () => {
    const a = await storeRun("same-a", buildMixedRun());
    const b = await storeRun("same-b", buildMixedRun());

    const outcome = await runCompareCli([a, b]);

    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout).toContain("Outcome changes (0 of 12 cases that ran in both runs):\n  none");
    expect(outcome.stdout).toContain("Result: no change in outcome (exit status 0).");
  });

  it("prints the compared versions", async () => {
    const a = await storeRun("versions-a", buildMixedRun());
    const b = await storeRun("versions-b", nextRelease());

    const outcome = await runCompareCli([a, b]);

    expect(outcome.stdout).toContain(`A: ${path.join(a, "result.json")}`);
    expect(outcome.stdout).toContain('mcrouter "v2026.08.17.00"');
    expect(outcome.stdout).toContain('mcrouter "v2026.09.14.00"');
    expect(outcome.stdout).not.toContain("(v2026.08.17.00)");
    expect(outcome.stdout).toContain("memcached 1.6.18 (mcrouter-mtls/memcached:1.6.18)");
  });

  it("exits 1 on a changed alert", async () => {
    const changed = nextRelease();
    const target = caseById(changed, UNTRUSTED_13);
    target.observed!.outcome = { kind: "server-alert", stage: "first-reply", alert: "bad_certificate" };
    target.verdict = "unexpected-failure";
    const a = await storeRun("alert-a", buildMixedRun());
    const b = await storeRun("alert-b", changed);

    const outcome = await runCompareCli([a, b]);

    expect(outcome.exitCode).toBe(1);
    expect(outcome.stdout).toContain(
      `${UNTRUSTED_13}: server-alert:unknown_ca → server-alert:bad_certificate (verdict as-expected → unexpected-failure)`,
    );
    expect(outcome.stdout).toContain('Result: 1 of 12 cases that ran in both runs changed outcome (exit status 1), listed under "Outcome changes".');
  });

  it("ignores reply text and stage", async () => {
    const changed = nextRelease();
    const target = caseById(changed, UNTRUSTED_13);
    target.observed!.outcome.stage = "handshake";
    target.observed!.outcome.message = "alert arrived during the handshake this time";
    const a = await storeRun("stage-a", buildMixedRun());
    const b = await storeRun("stage-b", changed);

    const outcome = await runCompareCli([a, b]);

    expect(outcome.exitCode).toBe(0);
  });

  it("lists cases in one run only", async () => {
    const changed = nextRelease();
    changed.cases = changed.cases.filter((testCase) => testCase.id !== VALID_12);
    changed.cases.push({ ...structuredClone(caseById(changed, UNTRUSTED_13)), id: "client-memcached/ssl_verify_mode-1/TLSv1.3/client.untrusted-ca" });
    const a = await storeRun("only-a", buildMixedRun());
    const b = await storeRun("only-b", changed);

    const outcome = await runCompareCli([a, b]);

    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout).toContain(`Only in A (1):\n  ${VALID_12}`);
    expect(outcome.stdout).toContain("Only in B (1):\n  client-memcached/ssl_verify_mode-1/TLSv1.3/client.untrusted-ca");
  });

  it("lists a case that ran once", async () => {
    const changed = nextRelease();
    const target = caseById(changed, NOT_RUN);
    target.observed = structuredClone(caseById(changed, VALID_12).observed);
    target.verdict = "as-expected";
    delete target.note;
    const a = await storeRun("ran-a", buildMixedRun());
    const b = await storeRun("ran-b", changed);

    const outcome = await runCompareCli([a, b]);

    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout).toContain(
      `${NOT_RUN}: ok in B, not run in A: Skipped: the mcrouter image under test has no --ssl-port support built in.`,
    );
  });

  it("reports latency above a percentage", async () => {
    const slower = nextRelease();
    caseById(slower, VALID_12).observed!.latency.handshakeMs = 13.5;
    caseById(slower, UNTRUSTED_13).observed!.latency.handshakeMs = 10.5;
    const a = await storeRun("percent-a", buildMixedRun());
    const b = await storeRun("percent-b", slower);

    const outcome = await runCompareCli([a, b, "--latency-threshold", "25%"]);

    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout).toContain("Latency moves above 25% (1):");
    expect(outcome.stdout).toContain(`${VALID_12} handshake: 8.90 ms → 13.5 ms (+4.60 ms, +52%)`);
    expect(outcome.stdout).not.toContain(`${UNTRUSTED_13} handshake`);
  });

  it("reports latency above milliseconds", async () => {
    const faster = nextRelease();
    caseById(faster, VALID_12).observed!.latency.handshakeMs = 2.4;
    caseById(faster, UNTRUSTED_13).observed!.latency.handshakeMs = 5.0;
    const a = await storeRun("ms-a", buildMixedRun());
    const b = await storeRun("ms-b", faster);

    const outcome = await runCompareCli([a, b, "--latency-threshold", "5ms"]);

    expect(outcome.stdout).toContain("Latency moves above 5 ms (1):");
    expect(outcome.stdout).toContain(`${VALID_12} handshake: 8.90 ms → 2.40 ms (−6.50 ms, −73%)`);
  });

  it("ignores small moves by default", async () => {
    const run = nextRelease();
    const followUp = caseById(run, VALID_12).observed!.latency.followUp!;
    const p50Before = followUp.p50Ms;
    followUp.p50Ms = p50Before * 2;
    caseById(run, UNTRUSTED_13).observed!.latency.handshakeMs = 12.0;
    const a = await storeRun("default-a", buildMixedRun());
    const b = await storeRun("default-b", run);

    const outcome = await runCompareCli([a, b]);

    expect(p50Before).toBeLessThan(1);
    expect(outcome.stdout).toContain("Latency moves above 25% and 1 ms (1):");
    expect(outcome.stdout).toContain(`${UNTRUSTED_13} handshake:`);
    expect(outcome.stdout).not.toContain(`${VALID_12} follow-up p50`);
  });

  it("applies both bounds of a combined threshold", async () => {
    const run = nextRelease();
    // 8.90 → 13.5 ms moves by 4.60 ms and 52%, 9.40 → 11.2 ms by 1.80 ms and 19%.
    caseById(run, VALID_12).observed!.latency.handshakeMs = 13.5;
    caseById(run, UNTRUSTED_13).observed!.latency.handshakeMs = 11.2;
    const a = await storeRun("combined-a", buildMixedRun());
    const b = await storeRun("combined-b", run);

    const outcome = await runCompareCli([a, b, "--latency-threshold", "10%,2ms"]);

    expect(outcome.stdout).toContain("Latency moves above 10% and 2 ms (1):");
    expect(outcome.stdout).toContain(`${VALID_12} handshake:`);
    expect(outcome.stdout).not.toContain(`${UNTRUSTED_13} handshake`);
  });

  it("lists the largest moves first", async () => {
    const run = nextRelease();
    caseById(run, VALID_12).observed!.latency.handshakeMs = 13.5;
    caseById(run, UNTRUSTED_13).observed!.latency.handshakeMs = 30.0;
    const a = await storeRun("order-a", buildMixedRun());
    const b = await storeRun("order-b", run);

    const outcome = await runCompareCli([a, b]);
    const larger = outcome.stdout.indexOf(`${UNTRUSTED_13} handshake:`);
    const smaller = outcome.stdout.indexOf(`${VALID_12} handshake:`);

    expect(smaller).toBeGreaterThan(-1);
    expect(larger).toBeGreaterThan(-1);
    expect(larger).toBeLessThan(smaller);
  });

  it("caps latency moves unless --all", async () => {
    const run = nextRelease();
    let moves = 0;
    for (const testCase of run.cases) {
      const latency = testCase.observed?.latency;
      if (latency?.tcpConnectMs !== undefined && latency.handshakeMs !== undefined) {
        latency.tcpConnectMs += 10;
        latency.handshakeMs += 10;
        moves += 2;
      }
    }
    const a = await storeRun("cap-a", buildMixedRun());
    const b = await storeRun("cap-b", run);

    const capped = await runCompareCli([a, b]);
    const all = await runCompareCli([a, b, "--all"]);

    expect(moves).toBeGreaterThan(20);
    expect(capped.stdout).toContain(`Latency moves above 25% and 1 ms (${moves}, the 20 largest shown):`);
    expect(capped.stdout).toContain(`  … ${moves - 20} more. Pass --all to list every move.`);
    expect(capped.stdout.match(/ (tcp connect|handshake): /g)).toHaveLength(20);
    expect(all.stdout).toContain(`Latency moves above 25% and 1 ms (${moves}):`);
    expect(all.stdout).not.toContain("Pass --all");
    expect(all.stdout.match(/ (tcp connect|handshake): /g)).toHaveLength(moves);
  });

  it("prints the result before the lists", async () => {
    const changed = nextRelease();
    caseById(changed, UNTRUSTED_13).observed!.outcome = { kind: "ok" };
    const a = await storeRun("result-first-a", buildMixedRun());
    const b = await storeRun("result-first-b", changed);

    const outcome = await runCompareCli([a, b]);
    const resultLine = outcome.stdout.indexOf("Result: ");

    expect(resultLine).toBeGreaterThan(-1);
    expect(resultLine).toBeLessThan(outcome.stdout.indexOf("Outcome changes"));
    expect(resultLine).toBeLessThan(outcome.stdout.indexOf("Latency moves"));
  });

  it("accepts --baseline as run A", async () => {
    const changed = nextRelease();
    caseById(changed, VALID_12).observed!.outcome = { kind: "closed-without-alert", stage: "handshake" };
    const baseline = path.join(await storeRun("baseline", buildMixedRun()), "result.json");
    const b = await storeRun("baseline-b", changed);

    const outcome = await runCompareCli(["--baseline", baseline, b]);

    expect(outcome.exitCode).toBe(1);
    expect(outcome.stdout).toContain(`A: ${baseline}`);
    expect(outcome.stdout).toContain(`${VALID_12}: ok → closed-without-alert`);
  });

  it("finds the latest run directory", async () => {
    const out = path.join(root, "out-tree");
    await storeRun(path.join("out-tree", "latest"), buildMixedRun());
    await storeRun(path.join("out-tree", "2026-12-04T22-10-00Z-a1b2c3"), buildMixedRun());

    const outcome = await runCompareCli([out, out]);

    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout).toContain(`A: ${path.join(out, "latest", "result.json")}`);
  });
});

describe("compare input errors", () => {
  it("names a missing file", async () => {
    const a = await storeRun("missing-a", buildMixedRun());
    const missing = path.join(root, "no-such-run");

    const outcome = await runCompareCli([a, missing]);

    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toBe(`${missing}: no such file or directory. Pass a result.json file or a run directory.\n`);
  });

  it("rejects a file that is not a result", async () => {
    const a = await storeRun("not-result-a", buildMixedRun());
    const manifest = await storeRun("not-result-b", { manifestVersion: 1, variants: [] });

    const outcome = await runCompareCli([a, manifest]);

    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toContain('not a run result, because it has no "resultVersion" field');
  });

  it("rejects invalid JSON", async () => {
    const directory = path.join(root, "broken-json");
    await mkdir(directory, { recursive: true });
    await writeFile(path.join(directory, "result.json"), "{ truncated");
    const a = await storeRun("broken-a", buildMixedRun());

    const outcome = await runCompareCli([a, directory]);

    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toContain(`${path.join(directory, "result.json")}: not valid JSON`);
  });

  it("rejects different result versions", async () => {
    const a = await storeRun("version-a", buildMixedRun());
    const b = await storeRun("version-b", { ...buildMixedRun(), resultVersion: 2 });

    const outcome = await runCompareCli([a, b]);

    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toContain("Cannot compare results of different versions");
    expect(outcome.stderr).toContain(`${b} has resultVersion 2`);
  });

  it("rejects a directory of several runs", async () => {
    const out = path.join(root, "many-runs");
    await storeRun(path.join("many-runs", "run-1"), buildMixedRun());
    await storeRun(path.join("many-runs", "run-2"), buildMixedRun());

    const outcome = await runCompareCli([out, out]);

    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toContain("directory contains 2 runs");
  });

  it("rejects an invalid threshold", async () => {
    const outcome = await runCompareCli(["a", "b", "--latency-threshold", "fast"]);

    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toContain('Invalid --latency-threshold "fast"');
  });

  it("shows usage through npm", async () => {
    const outcome = await runCompareCli(["--help"]);

    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout).toContain("npm run compare -- RUN_A RUN_B");
    expect(outcome.stdout).toContain("default 25%,1ms");
    expect(outcome.stdout).not.toContain("node reports/compare.ts");
  });

  it("rejects a wrong argument count", async () => {
    const outcome = await runCompareCli(["only-one"]);

    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toContain("Expected two runs (RUN_A RUN_B), got 1 positional argument(s).");
  });
});

describe("parseLatencyThreshold", () => {
  it("parses percent and milliseconds", () => {
    expect(parseLatencyThreshold("25%")).toEqual({ percent: 25 });
    expect(parseLatencyThreshold("12.5%")).toEqual({ percent: 12.5 });
    expect(parseLatencyThreshold("5ms")).toEqual({ ms: 5 });
    expect(parseLatencyThreshold("0.5 ms")).toEqual({ ms: 0.5 });
  });

  it("parses both bounds", () => {
    expect(parseLatencyThreshold("25%,1ms")).toEqual({ percent: 25, ms: 1 });
    expect(parseLatencyThreshold("1ms, 25%")).toEqual({ percent: 25, ms: 1 });
  });

  it("rejects other units", () => {
    for (const text of ["25", "5s", "-5ms", "%", "", "25%,", "25%,1ms,2ms"]) {
      expect(() => parseLatencyThreshold(text), text).toThrow("Invalid --latency-threshold");
    }
  });

  it("rejects a repeated unit", () => {
    expect(() => parseLatencyThreshold("25%,30%")).toThrow("it gives a percentage twice");
    expect(() => parseLatencyThreshold("1ms,2ms")).toThrow("it gives milliseconds twice");
  });
});

describe("exceedsThreshold", () => {
  it("needs every bound exceeded", () => {
    const threshold = { percent: 25, ms: 1 };

    expect(exceedsThreshold(0.03, 0.04, threshold)).toBe(false);
    expect(exceedsThreshold(10, 11.5, threshold)).toBe(false);
    expect(exceedsThreshold(2, 3.5, threshold)).toBe(true);
    expect(exceedsThreshold(3.5, 2, threshold)).toBe(true);
  });

  it("treats a move from 0 ms as relative", () => {
    expect(exceedsThreshold(0, 0.5, { percent: 25 })).toBe(true);
    expect(exceedsThreshold(0, 0, { percent: 25 })).toBe(false);
    expect(exceedsThreshold(0, 0.5, { percent: 25, ms: 1 })).toBe(false);
  });
});

describe("compare command line", () => {
  const cli = path.join(import.meta.dirname, "..", "compare.ts");

  it("sets exit status 1", async () => {
    const changed = nextRelease();
    caseById(changed, UNTRUSTED_13).observed!.outcome = { kind: "ok" };
    const a = await storeRun("process-a", buildMixedRun());
    const b = await storeRun("process-b", changed);

    const failure = await runFile(process.execPath, [cli, a, b]).catch((error: { code: number; stdout: string }) => error);

    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stdout: string }).stdout).toContain(`${UNTRUSTED_13}: server-alert:unknown_ca → ok`);
  });

  it("sets exit status 0", async () => {
    const a = await storeRun("process-same-a", buildMixedRun());

    const { stdout } = await runFile(process.execPath, [cli, a, a]);

    expect(stdout).toContain("Result: no change in outcome (exit status 0).");
  });
});
