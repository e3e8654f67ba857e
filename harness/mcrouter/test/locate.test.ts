import { chmod, mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { ABSENT_HINT, McrouterLocationError, resolveMcrouter, type LocateChecks } from "../locate.ts";

let dir = "";

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mcrouter-locate-"));
  // Stand-ins that reply to --version as a source build of mcrouter does, and as another program does.
  await writeFile(join(dir, "mcrouter"), "#!/bin/sh\necho '0.1.0-dev mcrouter'\n");
  await chmod(join(dir, "mcrouter"), 0o755);
  await writeFile(join(dir, "other-program"), "#!/bin/sh\necho 'other-program 1.0'\n");
  await chmod(join(dir, "other-program"), 0o755);
  await writeFile(join(dir, "not-executable"), "data");
  await chmod(join(dir, "not-executable"), 0o644);
  await mkdir(join(dir, "a-directory"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const noImageLookups: LocateChecks = {
  binaryStatus: async () => "ok",
  imageStatus: async () => {
    throw new Error("image looked up although only MCROUTER_BIN is set");
  },
};

describe("resolveMcrouter", () => {
  test("absent when neither variable is set", async () => {
    const location = await resolveMcrouter({});
    expect(location.kind).toBe("absent");
    expect(location.kind === "absent" ? location.reason : "").toContain(ABSENT_HINT);
  });

  test("blank values count as unset", async () => {
    expect((await resolveMcrouter({ MCROUTER_IMAGE: " ", MCROUTER_BIN: "" })).kind).toBe("absent");
  });

  test("executable binary", async () => {
    const path = join(dir, "mcrouter");
    expect(await resolveMcrouter({ MCROUTER_BIN: path })).toEqual({ kind: "binary", path });
  });

  test("missing binary names the path", async () => {
    const path = join(dir, "nowhere");
    await expect(resolveMcrouter({ MCROUTER_BIN: path })).rejects.toThrow(`no file at ${path}`);
  });

  test("non-executable binary suggests chmod", async () => {
    const path = join(dir, "not-executable");
    await expect(resolveMcrouter({ MCROUTER_BIN: path })).rejects.toThrow(`Run chmod +x ${path}`);
  });

  test("executable that is not mcrouter", async () => {
    const path = join(dir, "other-program");
    await expect(resolveMcrouter({ MCROUTER_BIN: path })).rejects.toThrow(`${path} is not mcrouter`);
  });

  test("directory is not a binary", async () => {
    await expect(resolveMcrouter({ MCROUTER_BIN: join(dir, "a-directory") })).rejects.toThrow(/is not a regular file/);
  });

  test("both variables set is an error", async () => {
    await expect(resolveMcrouter({ MCROUTER_BIN: "/x", MCROUTER_IMAGE: "mcrouter:v1" }, noImageLookups)).rejects.toThrow(McrouterLocationError);
  });

  test("image present in the engine", async () => {
    const checks: LocateChecks = { binaryStatus: async () => "ok", imageStatus: async () => "present" };
    expect(await resolveMcrouter({ MCROUTER_IMAGE: "mcrouter:v2026.08.17.00" }, checks)).toEqual({ kind: "image", image: "mcrouter:v2026.08.17.00" });
  });

  test("no engine responding", async () => {
    const checks: LocateChecks = { binaryStatus: async () => "ok", imageStatus: async () => "no-engine" };
    await expect(resolveMcrouter({ MCROUTER_IMAGE: "mcrouter:v1" }, checks)).rejects.toThrow(/no Docker engine responds/);
  });

  test("image missing from the local engine", async () => {
    // The real engine of this machine; an image name no one builds, looked up locally, never pulled.
    await expect(resolveMcrouter({ MCROUTER_IMAGE: "mcrouter-conformance/never-built:none" })).rejects.toThrow(
      /not in the local Docker engine, and the harness never pulls/,
    );
  });
});
