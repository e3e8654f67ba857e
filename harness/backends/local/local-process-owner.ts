// Marks local server processes with their owner so that a later run can find and end those
// whose owner died without cleaning up (SIGKILL, a crash of Node itself).
// The mark is an environment variable, read back from /proc/<pid>/environ (Linux only).

import { readFile, readdir } from "node:fs/promises";

import { isProcessAlive } from "../../cleanup/labelled-resources.ts";
import { getRunIdentity } from "../../cleanup/run-identity.ts";

export const OWNER_ENV = "MCROUTER_MTLS_CONFORMANCE_OWNER";

/** The environment entry to give every local server process: `<pid>:<run id>` of this process. */
export function ownerEnvironment(): Record<string, string> {
  const run = getRunIdentity();
  return { [OWNER_ENV]: `${run.pid}:${run.runId}` };
}

/**
 * Sends SIGKILL to local processes marked by an owner process that no longer exists, and
 * returns their pids. Does nothing where /proc is missing.
 */
export async function killOrphanedLocalServers(): Promise<number[]> {
  let entries: string[];
  try {
    entries = await readdir("/proc");
  } catch {
    return [];
  }

  const killed: number[] = [];
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) {
      continue;
    }

    const ownerPid = await readOwnerPid(pid);
    if (ownerPid === undefined || isProcessAlive(ownerPid)) {
      continue;
    }

    try {
      process.kill(pid, "SIGKILL");
      killed.push(pid);
    } catch {
      // It exited meanwhile, or belongs to another user.
    }
  }
  return killed;
}

async function readOwnerPid(pid: number): Promise<number | undefined> {
  let environ: string;
  try {
    environ = await readFile(`/proc/${pid}/environ`, "utf8");
  } catch {
    return undefined;
  }

  const prefix = `${OWNER_ENV}=`;
  const entry = environ.split("\0").find((line) => line.startsWith(prefix));
  if (entry === undefined) {
    return undefined;
  }
  const ownerPid = Number(entry.slice(prefix.length).split(":")[0]);
  return Number.isInteger(ownerPid) && ownerPid > 0 ? ownerPid : undefined;
}
