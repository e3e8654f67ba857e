// The memcached backend a suite file runs on, chosen once per file from MTLS_BACKEND.

import { selectBackend, type Backend, type BackendPreference, type StartedServer } from "../../harness/backends/index.ts";
import type { CaseEnvironment } from "./case-meta.ts";

/** Environment variable that picks the backend: auto (default), containers or local. */
export const BACKEND_VARIABLE = "MTLS_BACKEND";

const PREFERENCES: readonly BackendPreference[] = ["auto", "containers", "local"];

export interface RunBackend {
  backend: Backend;
  reason: string;
  /** What a case ran against, for its task meta. */
  environment(server: StartedServer): CaseEnvironment;
  close(): Promise<void>;
}

export function backendPreference(): BackendPreference {
  const value = process.env[BACKEND_VARIABLE] ?? "auto";
  if (!(PREFERENCES as readonly string[]).includes(value)) {
    throw new Error(`${BACKEND_VARIABLE}="${value}" is invalid: use auto, containers or local`);
  }
  return value as BackendPreference;
}

export async function openRunBackend(): Promise<RunBackend> {
  const { backend, reason } = await selectBackend(backendPreference());
  const image = "image" in backend ? (backend.image as { name: string }).name : undefined;

  return {
    backend,
    reason,
    environment(server) {
      const environment: CaseEnvironment = { backend: backend.kind, backendReason: reason, memcachedVersion: server.version };
      if (image !== undefined) environment.memcachedImage = image;
      return environment;
    },
    close: () => backend.close(),
  };
}
