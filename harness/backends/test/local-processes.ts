// Finds local memcached processes for the tests' "nothing left behind" checks, by the owner
// mark the local backend puts in each process's environment.

import { readFile, readdir } from "node:fs/promises";

import { OWNER_ENV } from "../local/local-process-owner.ts";

/** Pids of live processes whose owner mark names this run id. */
export async function processesOfRun(runId: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) {
      continue;
    }
    let environ: string;
    try {
      environ = await readFile(`/proc/${pid}/environ`, "utf8");
    } catch {
      continue;
    }
    if (environ.split("\0").some((line) => line.startsWith(`${OWNER_ENV}=`) && line.endsWith(`:${runId}`)) && (await isRunning(pid))) {
      pids.push(pid);
    }
  }
  return pids;
}

/** False for exited processes and for zombies, which hold no port and await their parent. */
async function isRunning(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z";
  } catch {
    return false;
  }
}
