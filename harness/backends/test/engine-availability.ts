// Checks whether a Docker engine responds, which the container tests need.

import { connectDockerEngine } from "../../engine/docker-engine.ts";

export interface EngineAvailability {
  available: boolean;
  /** Why the container tests are skipped, when they are. */
  skipReason: string;
}

export async function checkEngine(): Promise<EngineAvailability> {
  try {
    await connectDockerEngine();
    return { available: true, skipReason: "" };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(`container tests skipped: ${reason}\n`);
    return { available: false, skipReason: `skipped, no Docker engine: ${reason}` };
  }
}
