// Validates fixture results, and the result.json that writeRunReports writes, against
// schema/result.schema.json with Ajv in JSON Schema 2020-12 mode.

import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, describe, expect, it } from "vitest";

import { writeRunReports } from "../write-run.ts";
import { buildMixedRun, buildRunWithServerLeaves } from "./fixtures.ts";

const schemaPath = path.join(import.meta.dirname, "..", "schema", "result.schema.json");
const schema: unknown = JSON.parse(await readFile(schemaPath, "utf8"));

// strictRequired stays off because the schema's if/then/else lists "observed" as required
// in a subschema that does not repeat its definition.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
addFormats.default(ajv);
const validate = ajv.compile(schema as object);

/** Returns Ajv's error list as text, so a failing assertion shows why. */
function errorsOf(value: unknown): string {
  return validate(value) ? "" : ajv.errorsText(validate.errors, { separator: "\n" });
}

const temporaryDirectories: string[] = [];

afterAll(async () => {
  for (const directory of temporaryDirectories) {
    await rm(directory, { recursive: true, force: true });
  }
});

describe("result schema", () => {
  it("accepts the mixed fixture run", () => {
    const run = JSON.parse(JSON.stringify(buildMixedRun()));

    expect(errorsOf(run)).toBe("");
  });

  it("accepts written result.json", async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), "reports-schema-"));
    temporaryDirectories.push(directory);

    const written = await writeRunReports(buildMixedRun(), directory);
    const stored: unknown = JSON.parse(await readFile(written.json, "utf8"));

    expect(errorsOf(stored)).toBe("");
  });

  it("accepts server-leaf cases with varies", () => {
    const run = JSON.parse(JSON.stringify(buildRunWithServerLeaves()));

    expect(run.cases.some((testCase: { varies?: string }) => testCase.varies === "server-certificate")).toBe(true);
    expect(errorsOf(run)).toBe("");
  });

  it("rejects an unknown varies value", () => {
    const run = JSON.parse(JSON.stringify(buildMixedRun()));
    run.cases[0].varies = "server-leaf";

    expect(errorsOf(run)).toContain("/cases/0/varies");
  });

  it("accepts a run without mcrouter", () => {
    const run = JSON.parse(JSON.stringify(buildMixedRun()));
    delete run.tested.mcrouter;
    run.cases = run.cases.filter((testCase: { link: string }) => testCase.link === "client-memcached");

    expect(errorsOf(run)).toBe("");
  });

  it("rejects another resultVersion", () => {
    const run = JSON.parse(JSON.stringify(buildMixedRun()));
    run.resultVersion = 2;

    expect(errorsOf(run)).toContain("resultVersion");
  });

  it("rejects a case without verdict", () => {
    const run = JSON.parse(JSON.stringify(buildMixedRun()));
    delete run.cases[0].verdict;

    expect(errorsOf(run)).toContain("verdict");
  });

  it("rejects an unknown verdict", () => {
    const run = JSON.parse(JSON.stringify(buildMixedRun()));
    run.cases[0].verdict = "passed";

    expect(errorsOf(run)).toContain("/cases/0/verdict");
  });

  it("rejects not-run case with observation", () => {
    const run = JSON.parse(JSON.stringify(buildMixedRun()));
    run.cases[0].verdict = "not-run";

    expect(errorsOf(run)).toContain("/cases/0/observed");
  });

  it("rejects a ran case without observation", () => {
    const run = JSON.parse(JSON.stringify(buildMixedRun()));
    delete run.cases[0].observed;

    expect(errorsOf(run)).toContain("observed");
  });

  it("rejects an unknown outcome kind", () => {
    const run = JSON.parse(JSON.stringify(buildMixedRun()));
    run.cases[0].observed.outcome.kind = "handshake-ok";

    expect(errorsOf(run)).toContain("/cases/0/observed/outcome/kind");
  });

  it("rejects a malformed manifest digest", () => {
    const run = JSON.parse(JSON.stringify(buildMixedRun()));
    run.tested.kitManifestSha256 = "not-a-digest";

    expect(errorsOf(run)).toContain("kitManifestSha256");
  });

  it("rejects a misspelled case field", () => {
    const run = JSON.parse(JSON.stringify(buildMixedRun()));
    run.cases[0].clientVarient = run.cases[0].clientVariant;

    expect(errorsOf(run)).toContain("additional properties");
  });
});
