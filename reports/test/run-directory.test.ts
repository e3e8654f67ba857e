import { mkdir, mkdtemp, readFile, readlink, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { runDirectoryPath, updateLatestLink } from "../run-directory.ts";

let outRoot: string;

beforeAll(async () => {
  outRoot = await mkdtemp(path.join(os.tmpdir(), "reports-out-"));
});

afterAll(async () => {
  await rm(outRoot, { recursive: true, force: true });
});

async function makeRun(runId: string, marker: string): Promise<string> {
  const directory = runDirectoryPath(outRoot, runId);
  await mkdir(directory, { recursive: true });
  await writeFile(path.join(directory, "result.json"), marker);
  return directory;
}

describe("runDirectoryPath", () => {
  it("joins the run id", () => {
    expect(runDirectoryPath("/srv/out", "2026-12-04T22-10-00Z-a1b2c3")).toBe("/srv/out/2026-12-04T22-10-00Z-a1b2c3");
  });

  it("rejects ids that escape", () => {
    for (const runId of ["", ".", "..", "latest", "a/b", "..\\x"]) {
      expect(() => runDirectoryPath("/srv/out", runId), runId).toThrow(`Invalid run id "${runId}"`);
    }
  });
});

describe("updateLatestLink", () => {
  it("links the newest run", async () => {
    const first = await makeRun("run-1", "first");
    const second = await makeRun("run-2", "second");

    await updateLatestLink(outRoot, first);
    const latest = await updateLatestLink(outRoot, second);

    expect(latest).toBe(path.join(outRoot, "latest"));
    expect(await readlink(latest)).toBe("run-2");
    expect(await readFile(path.join(latest, "result.json"), "utf8")).toBe("second");
  });

  it("replaces a copied latest", async () => {
    const copied = path.join(outRoot, "latest");
    await rm(copied, { recursive: true, force: true });
    await mkdir(copied);
    await writeFile(path.join(copied, "result.json"), "stale copy");
    const third = await makeRun("run-3", "third");

    await updateLatestLink(outRoot, third);

    expect(await readlink(copied)).toBe("run-3");
    expect(await readFile(path.join(copied, "result.json"), "utf8")).toBe("third");
  });
});
