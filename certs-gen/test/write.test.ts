// Atomic kit writing: all or nothing, keys 0600, and an earlier kit survives a failed replacement.

import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { UsageError } from "../errors.ts";
import { writeDirectoryAtomically, type KitFile } from "../write.ts";

const KIT_MANIFEST = JSON.stringify({ generator: { name: "certs-gen", version: "0" } });

let parent: string;

beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), "certs-gen-write-"));
});

afterEach(async () => {
  await chmod(parent, 0o755).catch(() => {});
  await rm(parent, { recursive: true, force: true });
});

const files: KitFile[] = [
  { path: "manifest.json", content: KIT_MANIFEST },
  { path: "variants/a/cert.pem", content: "cert" },
  { path: "variants/a/key.pem", content: "key", secret: true },
];

// Writing "x" as a file and then "x/y" fails half-way: x is not a directory.
const failing: KitFile[] = [...files, { path: "conflict", content: "file" }, { path: "conflict/inside", content: "fails" }];

describe("writeDirectoryAtomically", () => {
  test("writes files with their modes", async () => {
    const target = join(parent, "kit");
    await writeDirectoryAtomically(target, files);
    expect(await readFile(join(target, "variants/a/cert.pem"), "utf8")).toBe("cert");
    expect((await stat(join(target, "variants/a/key.pem"))).mode & 0o777).toBe(0o600);
    expect((await stat(join(target, "variants/a/cert.pem"))).mode & 0o777).toBe(0o644);
    expect((await stat(target)).mode & 0o777).toBe(0o755);
    expect(await readdir(parent)).toEqual(["kit"]);
  });

  test("creates missing parents", async () => {
    const target = join(parent, "a", "b", "kit");
    await writeDirectoryAtomically(target, files);
    expect(await readFile(join(target, "manifest.json"), "utf8")).toBe(KIT_MANIFEST);
  });

  test("failure leaves nothing behind", async () => {
    const target = join(parent, "kit");
    await expect(writeDirectoryAtomically(target, failing)).rejects.toThrow(/ENOTDIR|EEXIST|not a directory/);
    expect(await readdir(parent)).toEqual([]);
  });

  test("fills an empty directory", async () => {
    const target = join(parent, "kit");
    await mkdir(target);
    await writeDirectoryAtomically(target, files);
    expect(await readFile(join(target, "variants/a/cert.pem"), "utf8")).toBe("cert");
    expect(await readdir(parent)).toEqual(["kit"]);
  });

  test("rejects a non-empty directory", async () => {
    const target = join(parent, "kit");
    await mkdir(target);
    await writeFile(join(target, "notes.txt"), "mine");
    const error = await writeDirectoryAtomically(target, files).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toContain(target);
    expect((error as UsageError).fix).toContain("--force");
    expect(await readdir(target)).toEqual(["notes.txt"]);
  });

  test("force refuses a non-kit directory", async () => {
    const target = join(parent, "kit");
    await mkdir(target);
    await writeFile(join(target, "notes.txt"), "mine");
    const error = await writeDirectoryAtomically(target, files, { force: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toContain("contains no certs-gen kit");
    expect(await readFile(join(target, "notes.txt"), "utf8")).toBe("mine");
  });

  test("force replaces an earlier kit", async () => {
    const target = join(parent, "kit");
    await writeDirectoryAtomically(target, [...files, { path: "old-only.txt", content: "old" }]);
    await writeDirectoryAtomically(target, files, { force: true });
    expect(await readdir(target)).not.toContain("old-only.txt");
    expect(await readdir(parent)).toEqual(["kit"]);
  });

  test("failed replacement keeps the earlier kit", async () => {
    const target = join(parent, "kit");
    await writeDirectoryAtomically(target, [...files, { path: "old-only.txt", content: "old" }]);
    await expect(writeDirectoryAtomically(target, failing, { force: true })).rejects.toThrow();
    expect(await readFile(join(target, "old-only.txt"), "utf8")).toBe("old");
    expect(await readdir(parent)).toEqual(["kit"]);
  });

  test("parent that is a file", async () => {
    await writeFile(join(parent, "file"), "x");
    const error = await writeDirectoryAtomically(join(parent, "file", "kit"), files).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).option).toBe("--out");
    expect((error as UsageError).message).toContain("is a file, not a directory");
  });

  // Root may write anywhere, so a read-only directory stops only other users.
  test.skipIf(process.getuid?.() === 0)("read-only parent", async () => {
    const readOnly = join(parent, "ro");
    await mkdir(readOnly, { mode: 0o555 });
    const error = await writeDirectoryAtomically(join(readOnly, "kit"), files).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toContain("is not writable");
  });
});
