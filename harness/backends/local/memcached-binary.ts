// The memcached program on this machine, for the local backend and for the local image.

import { execFile } from "node:child_process";
import { access, constants, realpath } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

export interface MemcachedBinary {
  path: string;
  /** As `memcached -V` prints it, without the name: `1.6.18`. */
  version: string;
}

const INSTALL_HINT = "Install memcached with TLS support (Debian: `apt-get install memcached`) or set MEMCACHED_BIN to its path.";

/**
 * Finds memcached (MEMCACHED_BIN, else the first `memcached` on PATH) and checks that it was
 * built with TLS. Raises an error naming the install command when either check fails.
 */
export async function findMemcachedBinary(): Promise<MemcachedBinary> {
  const found = process.env["MEMCACHED_BIN"] || (await findOnPath("memcached"));
  if (found === undefined) {
    throw new Error(`memcached was not found on PATH (${process.env["PATH"] ?? ""}). ${INSTALL_HINT}`);
  }

  // One path per program, whichever PATH entry found it (/bin and /usr/bin are one directory
  // on merged-/usr systems), so the local image's content digest does not depend on PATH.
  const path = await realpath(found).catch(() => found);

  const version = await readVersion(path);

  // `-h` lists `-Z, --enable-ssl` only in builds configured with --enable-tls.
  const { stdout: help } = await execFileAsync(path, ["-h"]);
  if (!help.includes("--enable-ssl")) {
    throw new Error(`memcached at ${path} (version ${version}) was built without TLS: its -h lists no --enable-ssl. ${INSTALL_HINT}`);
  }

  return { path, version };
}

async function readVersion(path: string): Promise<string> {
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync(path, ["-V"]));
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`running "${path} -V" failed: ${cause}. ${INSTALL_HINT}`, { cause: error });
  }

  const match = /^memcached (\S+)/m.exec(stdout);
  if (match?.[1] === undefined) {
    throw new Error(`"${path} -V" printed "${stdout.trim()}", not "memcached <version>": is this memcached? ${INSTALL_HINT}`);
  }
  return match[1];
}

/** Returns the first executable file named `name` in the directories of PATH. */
export async function findOnPath(name: string): Promise<string | undefined> {
  const directories = (process.env["PATH"] ?? "").split(delimiter).filter((directory) => directory !== "");
  for (const directory of directories) {
    const candidate = join(directory, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory.
    }
  }
  return undefined;
}
