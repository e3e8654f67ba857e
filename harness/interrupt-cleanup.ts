// Cleanup of the main command after SIGINT or SIGTERM. The suites run in vitest worker
// processes, each of which owns the containers and memcached processes it started. A worker
// that ends without its own cleanup leaves them behind. Once the workers have ended, their
// owner pids are dead, so the sweeps below can remove what they owned.

import { readdirSync, readFileSync } from "node:fs";

import { isProcessAlive, sweepDeadOwners } from "./cleanup/labelled-resources.ts";
import { connectDockerEngine } from "./engine/docker-engine.ts";
import { killOrphanedLocalServers } from "./backends/local/local-process-owner.ts";

/** How long the workers get to end on their own before they are killed. */
const WORKER_EXIT_TIMEOUT_MS = 10_000;
const POLL_INTERVAL_MS = 100;

export interface LeftoverCount {
  containers: number;
  networks: number;
  processes: number;
}

/**
 * Returns the pids of the direct children of `parentPid`, read from /proc (Linux). For the
 * vitest process these are its workers; the servers they started are one level further down.
 * Returns an empty list where /proc is missing.
 */
export function childPids(parentPid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return [];
  }

  const children: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name in parentheses may contain spaces, so the fields are read after its end.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (parent === parentPid) children.push(Number(entry));
    } catch {
      // The process ended while the list was read.
    }
  }
  return children;
}

/**
 * Waits until the worker processes have ended, kills those still running after the timeout,
 * and then removes the containers, networks and memcached processes they owned.
 */
export async function sweepAfterWorkers(workerPids: readonly number[]): Promise<LeftoverCount> {
  const deadline = Date.now() + WORKER_EXIT_TIMEOUT_MS;
  while (workerPids.some(isProcessAlive) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  for (const pid of workerPids.filter(isProcessAlive)) {
    process.kill(pid, "SIGKILL");
  }
  while (workerPids.some(isProcessAlive)) {
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }

  const processes = (await killOrphanedLocalServers()).length;
  const engine = await connectDockerEngine().catch(() => undefined);
  const removed = engine === undefined ? { containers: 0, networks: 0 } : await sweepDeadOwners(engine.client.container.dockerode);
  return { ...removed, processes };
}
