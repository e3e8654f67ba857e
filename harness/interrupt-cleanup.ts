// Cleanup of the main command after SIGINT or SIGTERM. The suites run in vitest worker
// processes, each of which owns the containers and memcached processes it started. A worker
// that ends without its own cleanup leaves them behind. Once the workers have ended, their
// owner pids are dead, so the sweeps below can remove what they owned.

import { sweepDeadOwners } from "./cleanup/labelled-resources.ts";
import { connectDockerEngine } from "./engine/docker-engine.ts";
import { killOrphanedLocalServers } from "./backends/local/local-process-owner.ts";

export interface LeftoverCount {
  containers: number;
  networks: number;
  processes: number;
}

/** Vitest's worker processes can outlive vitest by a moment, and what they own is swept only once they end. */
const SWEEP_WINDOW_MS = 6_000;
const SWEEP_INTERVAL_MS = 500;
const QUIET_SWEEPS_TO_STOP = 3;

/**
 * Removes the containers, networks and memcached processes of owner processes that have ended,
 * sweeping again until a few sweeps in a row find nothing or the window closes.
 */
export async function sweepLeftovers(): Promise<LeftoverCount> {
  const engine = await connectDockerEngine().catch(() => undefined);
  const total: LeftoverCount = { containers: 0, networks: 0, processes: 0 };
  const deadline = Date.now() + SWEEP_WINDOW_MS;

  for (let quietSweeps = 0; quietSweeps < QUIET_SWEEPS_TO_STOP && Date.now() < deadline; ) {
    const processes = (await killOrphanedLocalServers()).length;
    const removed = engine === undefined ? { containers: 0, networks: 0 } : await sweepDeadOwners(engine.client.container.dockerode);

    total.processes += processes;
    total.containers += removed.containers;
    total.networks += removed.networks;
    quietSweeps = processes + removed.containers + removed.networks === 0 ? quietSweeps + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, SWEEP_INTERVAL_MS));
  }
  return total;
}
