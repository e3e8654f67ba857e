// Layout of `reports/out/`: one directory per run, named by run id, and `latest` pointing
// at the most recent one, so CI steps and people can find it without knowing the id.

import { cp, lstat, rename, rm, symlink } from "node:fs/promises";
import path from "node:path";

/** Returns `outRoot/<runId>`. Throws when the run id cannot be a single directory name. */
export function runDirectoryPath(outRoot: string, runId: string): string {
  if (runId === "" || runId === "." || runId === ".." || runId === "latest" || /[/\\\u0000]/.test(runId)) {
    throw new Error(
      `Invalid run id "${runId}": it names the run's directory under ${outRoot}, so it must be one path segment other than "latest", "." and "..".`,
    );
  }

  return path.join(outRoot, runId);
}

/**
 * Points `outRoot/latest` at `runDirectory` and returns the path of `latest`. It is a
 * relative symbolic link, swapped in with a rename so readers never see it missing. Where
 * the file system rejects symbolic links, `latest` becomes a copy instead.
 */
export async function updateLatestLink(outRoot: string, runDirectory: string): Promise<string> {
  const latest = path.join(outRoot, "latest");
  const staging = path.join(outRoot, `.latest-${process.pid}-${Date.now()}`);
  const target = path.relative(outRoot, runDirectory);

  let linked = true;
  try {
    await symlink(target, staging, "dir");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP") {
      throw error;
    }
    linked = false;
    await cp(runDirectory, staging, { recursive: true });
  }

  // rename(2) cannot put a link over a directory, nor a directory over a link or a non-empty
  // directory. So a `latest` that is a real directory (a copy from an earlier run) is always
  // removed first. When the new `latest` is a copy, an existing link is removed too.
  const existing = await lstat(latest).catch(() => undefined);
  if (existing !== undefined && (existing.isDirectory() || !linked)) {
    await rm(latest, { recursive: true, force: true });
  }

  await rename(staging, latest);
  return latest;
}
