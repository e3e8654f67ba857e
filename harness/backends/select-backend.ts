// Chooses between the containers and the local backend.

import { DockerEngineUnavailableError } from "../engine/docker-engine.ts";
import type { Backend } from "./backend.ts";
import { ContainersBackend } from "./containers/containers-backend.ts";
import { LocalBackend } from "./local/local-backend.ts";

export type BackendPreference = "auto" | "containers" | "local";

export interface SelectedBackend {
  backend: Backend;
  /** One sentence on which backend was chosen and why, with the testcontainers settings changed. */
  reason: string;
}

/**
 * Creates the backend the preference names. `auto` takes containers when a Docker engine
 * responds and local otherwise. An explicit preference raises the backend's own error (no
 * engine, no memcached) instead of falling back.
 */
export async function selectBackend(preference: BackendPreference): Promise<SelectedBackend> {
  switch (preference) {
    case "containers":
      return containers("containers backend requested");
    case "local":
      return local("local backend requested");
    case "auto":
      try {
        return await containers("a Docker engine responded");
      } catch (error) {
        if (!(error instanceof DockerEngineUnavailableError)) {
          throw error;
        }
        return local(`no Docker engine responded (${error.message})`);
      }
    default:
      throw new Error(`backend preference "${String(preference)}" is invalid: use "auto", "containers" or "local".`);
  }
}

async function containers(cause: string): Promise<SelectedBackend> {
  const backend = await ContainersBackend.create();
  const engine = backend.engine;
  const settings = engine.notes.length > 0 ? `; ${engine.notes.join("; ")}` : "";
  return {
    backend,
    reason: `containers: ${cause}: Docker ${engine.serverVersion} at ${engine.host}, image ${backend.image.name} (from ${backend.image.source})${settings}`,
  };
}

async function local(cause: string): Promise<SelectedBackend> {
  const backend = await LocalBackend.create();
  return {
    backend,
    reason: `local: ${cause}: memcached ${backend.binary.version} at ${backend.binary.path}`,
  };
}
