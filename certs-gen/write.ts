// Atomic kit writing: every file goes into a temporary sibling of the target directory, which is renamed
// into place only when all of it is written. On failure the temporary directory is removed and an earlier
// kit at the target is left as it was, so a reader never sees a half-written kit. Private keys are 0600.

import { constants, existsSync, readFileSync, rmSync } from "node:fs";
import { access, chmod, mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve, sep } from "node:path";
import { UsageError } from "./errors.ts";

export interface KitFile {
  /** Path inside the kit, with `/` separators. */
  path: string;
  content: string | Buffer;
  /** Private key material: written with mode 0600. */
  secret?: boolean;
}

export interface WriteOptions {
  /** Replace an existing non-empty directory, which must hold a kit (see `isKitDirectory`). */
  force?: boolean;
}

const PENDING = new Set<string>();

/** Removes every temporary directory still being written. For signal handlers; synchronous. */
export function abandonPendingWrites(): void {
  for (const dir of PENDING) rmSync(dir, { recursive: true, force: true });
  PENDING.clear();
}

/** Checks that `dir` contains a manifest.json written by certs-gen, which `force` requires of a non-empty directory. */
export function isKitDirectory(dir: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    return manifest?.generator?.name === "certs-gen";
  } catch {
    return false;
  }
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e.message ?? String(error);
}

function unwritable(target: string, where: string, error: unknown): UsageError {
  return new UsageError(
    "--out",
    `cannot write the kit directory ${target}: ${where} is not writable (${describe(error)})`,
    "choose an --out directory in a place you can write to",
  );
}

/**
 * Checks that `outDir` can receive a kit, before any work is done: a new path whose nearest existing
 * ancestor is a writable directory, an empty directory, or (with `force`) an existing kit.
 */
export async function checkOutputDirectory(outDir: string, options: WriteOptions = {}): Promise<void> {
  const target = resolve(outDir);
  const info = await stat(target).catch(() => null);
  if (info) {
    if (!info.isDirectory()) {
      throw new UsageError("--out", `${target} exists and is not a directory`, "choose a new or empty directory for --out");
    }
    const entries = await readdir(target);
    if (entries.length > 0) {
      if (!options.force) {
        throw new UsageError("--out", `${target} exists and is not empty`, "pass --force to replace the kit in it, or choose a new or empty directory");
      }
      if (!isKitDirectory(target)) {
        throw new UsageError(
          "--out",
          `${target} is not empty and contains no certs-gen kit (no manifest.json written by certs-gen)`,
          "--force replaces earlier kits only; choose a new or empty directory, or empty this one yourself",
        );
      }
    }
  }
  // The nearest existing ancestor must be a directory we may create entries in.
  let ancestor = dirname(target);
  while (!existsSync(ancestor) && dirname(ancestor) !== ancestor) ancestor = dirname(ancestor);
  const ancestorInfo = await stat(ancestor).catch((error: unknown) => {
    throw unwritable(target, ancestor, error);
  });
  if (!ancestorInfo.isDirectory()) {
    throw new UsageError("--out", `cannot write the kit directory ${target}: ${ancestor} is a file, not a directory`, "choose an --out path whose parents are directories");
  }
  await access(ancestor, constants.W_OK | constants.X_OK).catch((error: unknown) => {
    throw unwritable(target, ancestor, error);
  });
}

/** Writes `files` as the directory `outDir`, all or nothing. */
export async function writeDirectoryAtomically(outDir: string, files: readonly KitFile[], options: WriteOptions = {}): Promise<void> {
  await checkOutputDirectory(outDir, options);
  const target = resolve(outDir);
  const parent = dirname(target);
  await mkdir(parent, { recursive: true }).catch((error: unknown) => {
    throw unwritable(target, parent, error);
  });
  const tmp = await mkdtemp(join(parent, `.${basename(target)}.tmp-`)).catch((error: unknown) => {
    throw unwritable(target, parent, error);
  });
  PENDING.add(tmp);
  try {
    for (const file of files) {
      const path = resolve(tmp, file.path);
      if (!path.startsWith(tmp + sep)) throw new Error(`kit file path ${file.path} leaves the kit directory`);
      await mkdir(dirname(path), { recursive: true, mode: 0o755 });
      const mode = file.secret ? 0o600 : 0o644;
      await writeFile(path, file.content, { mode, flag: "wx" });
      await chmod(path, mode); // exact, whatever the umask
    }
    await chmod(tmp, 0o755);
    await swapInto(tmp, target);
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  } finally {
    PENDING.delete(tmp);
  }
}

// rename(2) replaces a missing or empty directory in one step. A non-empty one (an earlier kit, with
// force) is moved aside first, and put back if the second rename fails.
async function swapInto(tmp: string, target: string): Promise<void> {
  try {
    await rename(tmp, target);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOTEMPTY" && code !== "EEXIST") throw error;
  }
  const old = `${tmp}.old`;
  await rename(target, old);
  try {
    await rename(tmp, target);
  } catch (error) {
    await rename(old, target);
    throw error;
  }
  await rm(old, { recursive: true, force: true });
}
