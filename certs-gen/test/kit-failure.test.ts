// generateKit that fails half-way through signing leaves no kit and no temporary directory, and keeps
// an earlier kit that --force was to replace.

import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test, vi } from "vitest";

const failure = vi.hoisted(() => ({ afterSignatures: Infinity, count: 0 }));

vi.mock("../signers/signer.ts", async (importOriginal) => {
  const original = await importOriginal<typeof import("../signers/signer.ts")>();
  return {
    ...original,
    signCertificate: (...args: Parameters<typeof original.signCertificate>) => {
      if (++failure.count > failure.afterSignatures) throw new Error("injected signing failure");
      return original.signCertificate(...args);
    },
  };
});

const { generateKit } = await import("../kit.ts");

let parent: string;

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), "certs-gen-failure-"));
});

afterAll(async () => {
  if (parent) await rm(parent, { recursive: true, force: true });
});

test("failed generation writes nothing", async () => {
  failure.count = 0;
  failure.afterSignatures = 20;
  await expect(generateKit({ outDir: join(parent, "kit") })).rejects.toThrow("injected signing failure");
  expect(await readdir(parent)).toEqual([]);
});

test("failed regeneration keeps the kit", async () => {
  failure.afterSignatures = Infinity;
  const target = join(parent, "kept");
  const first = await generateKit({ outDir: target, variants: ["client.valid.*"] });
  const before = await readFile(join(target, "manifest.json"), "utf8");

  failure.count = 0;
  failure.afterSignatures = 2;
  await expect(generateKit({ outDir: target, force: true })).rejects.toThrow("injected signing failure");
  expect(await readFile(join(target, "manifest.json"), "utf8")).toBe(before);
  expect(first.variants).toHaveLength(3);
  expect(await readdir(parent)).toEqual(["kept"]);
});
