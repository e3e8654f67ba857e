// The run network's life in the suites' global setup: created only when MCROUTER_IMAGE
// names an image in the local engine, removed at teardown, and removed on SIGINT, SIGTERM or
// `exit` by the run cleanup (harness/cleanup/run-cleanup.ts) until teardown closes it.

import { leaseRunCleanup } from "../cleanup/run-cleanup.ts";
import { newScopeId, runLabels } from "../cleanup/run-identity.ts";
import { connectDockerEngine } from "../engine/docker-engine.ts";
import { resolveMcrouter, type LocateChecks, DEFAULT_CHECKS } from "./locate.ts";
import { createRunNetwork, runNetworkEnvironment, type RunNetwork } from "./run-network.ts";

export interface OpenedRunNetwork {
  network: RunNetwork;
  /** Environment variables that pass the network to the suites (runNetworkFromEnvironment reads them). */
  environment: Record<string, string>;
  /** Remove the network and end its cleanup on signals. Throws when the engine refuses the removal. */
  close(): Promise<void>;
}

/**
 * Create the run's network when `env.MCROUTER_IMAGE` names an image in the local engine.
 * Returns undefined, and creates nothing, when mcrouter is absent, is a binary, or cannot be
 * resolved. The mcrouter suites report a resolution error themselves when they load.
 */
export async function openRunNetwork(env: NodeJS.ProcessEnv = process.env, checks: LocateChecks = DEFAULT_CHECKS): Promise<OpenedRunNetwork | undefined> {
  let kind: string;
  try {
    kind = (await resolveMcrouter(env, checks)).kind;
  } catch {
    return undefined;
  }
  if (kind !== "image") return undefined;

  const dockerode = (await connectDockerEngine()).client.container.dockerode;
  const releaseCleanup = leaseRunCleanup(dockerode);
  let network: RunNetwork;
  try {
    network = await createRunNetwork(dockerode, runLabels(newScopeId("mcrouter-run-network")));
  } catch (error) {
    releaseCleanup();
    throw error;
  }

  return {
    network,
    environment: runNetworkEnvironment(network),
    close: async () => {
      try {
        await network.remove();
      } finally {
        releaseCleanup();
      }
    },
  };
}
