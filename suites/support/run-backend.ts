// The memcached backend a suite file runs on, chosen once per file from MTLS_BACKEND.

import { selectBackend, type Backend, type BackendPreference, type StartedServer } from "../../harness/backends/index.ts";
import type { MemcachedImage } from "../../docker/memcached-image.ts";
import { linkedOpenSslVersion } from "../../harness/backends/linked-openssl.ts";
import { findMemcachedBinary } from "../../harness/backends/local/memcached-binary.ts";
import type { CaseEnvironment } from "./case-meta.ts";

/** Environment variable that picks the backend: auto (default), containers or local. */
export const BACKEND_VARIABLE = "MTLS_BACKEND";

const PREFERENCES: readonly BackendPreference[] = ["auto", "containers", "local"];

export interface RunBackend {
  backend: Backend;
  reason: string;
  /** Description of what a case ran against, for its task meta. */
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
  const image = "image" in backend ? (backend.image as MemcachedImage) : undefined;
  const memcachedOpenSsl = await memcachedLinkedOpenSsl(image);

  return {
    backend,
    reason,
    environment(server) {
      const environment: CaseEnvironment = { backend: backend.kind, backendReason: reason, memcachedVersion: server.version };
      if (image !== undefined) environment.memcachedImage = image.name;
      if (memcachedOpenSsl !== undefined) environment.memcachedOpenSsl = memcachedOpenSsl;
      return environment;
    },
    close: () => backend.close(),
  };
}

/**
 * Finds the OpenSSL that memcached links: the host binary's for the local backend and for an
 * image built from that binary. Returns undefined for an image from elsewhere (MEMCACHED_IMAGE,
 * the Dockerfile).
 */
async function memcachedLinkedOpenSsl(image: MemcachedImage | undefined): Promise<string | undefined> {
  if (image !== undefined && image.source !== "local-binary") {
    return undefined;
  }
  const binary = await findMemcachedBinary().catch(() => undefined);
  return binary === undefined ? undefined : linkedOpenSslVersion(binary.path);
}
