// Removal of engine resources (containers, then networks) by label.

import type Dockerode from "dockerode";

import { LABEL_OWNER_HOST, LABEL_OWNER_PID, LABEL_PROJECT, LABEL_RUN_ID, PROJECT_NAME, getRunIdentity } from "./run-identity.ts";

export interface RemovalCount {
  containers: number;
  networks: number;
}

/**
 * Force-removes every container, then every network, that carries the label `key=value`.
 * A resource that disappears meanwhile (removed by someone else) is not an error.
 */
export async function removeLabelled(dockerode: Dockerode, key: string, value: string): Promise<RemovalCount> {
  const filter = { label: [`${key}=${value}`] };

  const containers = await dockerode.listContainers({ all: true, filters: filter });
  await Promise.all(containers.map((info) => ignoreMissing(dockerode.getContainer(info.Id).remove({ force: true, v: true }), [404, 409])));

  const networks = await dockerode.listNetworks({ filters: filter });
  await Promise.all(networks.map((info) => ignoreMissing(dockerode.getNetwork(info.Id).remove(), [404])));

  return { containers: containers.length, networks: networks.length };
}

/**
 * Removes this project's containers and networks whose owning process is gone: created on
 * this host by a pid that no longer exists. Resources owned by live processes, by this
 * process, or by other hosts sharing the engine are left alone.
 */
export async function sweepDeadOwners(dockerode: Dockerode): Promise<RemovalCount> {
  const filter = { label: [`${LABEL_PROJECT}=${PROJECT_NAME}`] };
  const count: RemovalCount = { containers: 0, networks: 0 };

  const containers = await dockerode.listContainers({ all: true, filters: filter });
  for (const info of containers) {
    if (isOrphan(info.Labels)) {
      await ignoreMissing(dockerode.getContainer(info.Id).remove({ force: true, v: true }), [404, 409]);
      count.containers += 1;
    }
  }

  const networks = await dockerode.listNetworks({ filters: filter });
  for (const info of networks) {
    if (isOrphan(info.Labels ?? {})) {
      await ignoreMissing(dockerode.getNetwork(info.Id).remove(), [404]);
      count.networks += 1;
    }
  }

  return count;
}

function isOrphan(labels: Record<string, string>): boolean {
  const run = getRunIdentity();
  if (labels[LABEL_RUN_ID] === run.runId || labels[LABEL_OWNER_HOST] !== run.host) {
    return false;
  }

  const pid = Number(labels[LABEL_OWNER_PID]);
  if (!Number.isInteger(pid) || pid <= 0) {
    return false;
  }
  return !isProcessAlive(pid);
}

// NOTE: a pid reused by an unrelated process keeps its leftovers from being swept until
// that process ends too.
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Awaits a removal, accepting 404 (already gone) and, for containers, 409 (removal already in progress). */
async function ignoreMissing(removal: Promise<unknown>, acceptedStatusCodes: number[]): Promise<void> {
  try {
    await removal;
  } catch (error) {
    const statusCode = (error as { statusCode?: number }).statusCode;
    if (statusCode === undefined || !acceptedStatusCodes.includes(statusCode)) {
      throw error;
    }
  }
}
