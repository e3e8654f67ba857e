import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { afterAll, describe, expect, it } from "vitest";

import { assertNoPrivateKey, PrivateKeyMaterialError } from "../guard.ts";
import { writeRunReports } from "../write-run.ts";
import { buildMixedRun, cloneRun } from "./fixtures.ts";

const runFile = promisify(execFile);
const reportsDirectory = path.join(import.meta.dirname, "..");

/** A PEM block shaped like a kit key file. The body is not a real key. */
const PEM_KEY = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----";

const temporaryDirectories: string[] = [];

async function temporaryDirectory(): Promise<string> {
  const directory = await mkdtemp(path.join(os.tmpdir(), "reports-write-"));
  temporaryDirectories.push(directory);
  return directory;
}

afterAll(async () => {
  for (const directory of temporaryDirectories) {
    await rm(directory, { recursive: true, force: true });
  }
});

describe("writeRunReports", () => {
  it("writes the four reports", async () => {
    const directory = path.join(await temporaryDirectory(), "run-1");

    const written = await writeRunReports(buildMixedRun(), directory);

    expect(written).toEqual({
      json: path.join(directory, "result.json"),
      markdown: path.join(directory, "report.md"),
      html: path.join(directory, "report.html"),
      junit: path.join(directory, "junit.xml"),
    });
    expect((await readdir(directory)).sort()).toEqual(["junit.xml", "report.html", "report.md", "result.json"]);
    expect(JSON.parse(await readFile(written.json, "utf8"))).toEqual(JSON.parse(JSON.stringify(buildMixedRun())));
    expect(await readFile(written.markdown, "utf8")).toContain("## client → memcached");
    expect(await readFile(written.html, "utf8")).toContain("<table class=\"grid\" data-varies=\"client-certificate\">");
    expect(await readFile(written.junit, "utf8")).toContain("<testsuites ");
  });

  it("rejects key material in stderr", async () => {
    const directory = path.join(await temporaryDirectory(), "run-2");
    const run = cloneRun(buildMixedRun());
    const target = run.cases[2]!;
    target.observed!.outcome.stderr = `failed to load ${PEM_KEY}`;

    await expect(writeRunReports(run, directory)).rejects.toThrow(PrivateKeyMaterialError);
    await expect(writeRunReports(run, directory)).rejects.toThrow(`case ${target.id} contains "PRIVATE KEY"`);
    await expect(readdir(directory)).rejects.toThrow("ENOENT");
  });

  it("rejects key material in options", async () => {
    const directory = path.join(await temporaryDirectory(), "run-3");
    const run = cloneRun(buildMixedRun());
    run.tested.options.serverKey = PEM_KEY;

    await expect(writeRunReports(run, directory)).rejects.toThrow('its "tested" section contains "PRIVATE KEY"');
    await expect(readdir(directory)).rejects.toThrow("ENOENT");
  });
});

describe("assertNoPrivateKey", () => {
  it("names file and line", () => {
    expect(() => assertNoPrivateKey(`first\nsecond\n${PEM_KEY}\n`, "report.md")).toThrow(
      'Refusing to write report.md: line 3 contains "PRIVATE KEY"',
    );
  });

  it("passes text without keys", () => {
    expect(() => assertNoPrivateKey("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", "report.md")).not.toThrow();
  });

  it("catches RSA and encrypted keys", () => {
    for (const header of ["-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN ENCRYPTED PRIVATE KEY-----", "-----BEGIN EC PRIVATE KEY-----"]) {
      expect(() => assertNoPrivateKey(header, "junit.xml"), header).toThrow(PrivateKeyMaterialError);
    }
  });
});

describe("render CLI", () => {
  const node = process.execPath;
  const cli = path.join(reportsDirectory, "render-cli.ts");

  it("re-renders a stored run", async () => {
    const source = await temporaryDirectory();
    const target = path.join(await temporaryDirectory(), "rendered");
    await writeFile(path.join(source, "result.json"), JSON.stringify(buildMixedRun()));

    const { stdout } = await runFile(node, [cli, source, "--out", target]);

    expect(stdout).toContain(`Wrote ${path.join(target, "result.json")}`);
    expect((await readdir(target)).sort()).toEqual(["junit.xml", "report.html", "report.md", "result.json"]);
  });

  it("exits 2 on a missing input", async () => {
    const missing = path.join(await temporaryDirectory(), "absent.json");

    const failure = await runFile(node, [cli, missing]).catch((error: { code: number; stderr: string }) => error);

    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain(`${missing}: no such file or directory`);
  });
});
