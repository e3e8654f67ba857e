// Chooses the memcached image for the containers backend, building one when needed.
//
// As a script, builds (or finds) the image and prints its name: node docker/memcached-image.ts

import { fileURLToPath } from "node:url";

import { GenericContainer, type ContainerRuntimeClient } from "testcontainers";

import { findMemcachedBinary } from "../harness/backends/local/memcached-binary.ts";
import { buildLocalImage } from "./local-image.ts";

export const MEMCACHED_REPOSITORY = "mcrouter-mtls-conformance/memcached";

export interface MemcachedImage {
  name: string;
  /** Origin of the image: the MEMCACHED_IMAGE variable, this machine's memcached, or the Dockerfile. */
  source: "MEMCACHED_IMAGE" | "local-binary" | "dockerfile";
  /**
   * Whether the image has `/bin/sh`, undefined when unknown. startMemcachedGroup() needs it to
   * run a group in one container, and starts one container per server otherwise.
   */
  hasShell: boolean | undefined;
}

/** Unprivileged user of the local image: `nobody` on Debian, by number so no lookup is needed. */
const LOCAL_IMAGE_USER = "65534:65534";

const DOCKERFILE_DIRECTORY = fileURLToPath(new URL("./memcached/", import.meta.url));

/**
 * Returns the image to run: MEMCACHED_IMAGE when set (pulled by testcontainers when missing),
 * else an image imported from this machine's memcached, else one built from
 * docker/memcached/Dockerfile, which needs a registry.
 */
export async function resolveMemcachedImage(client: ContainerRuntimeClient): Promise<MemcachedImage> {
  const configured = process.env["MEMCACHED_IMAGE"];
  if (configured !== undefined && configured !== "") {
    return { name: configured, source: "MEMCACHED_IMAGE", hasShell: undefined };
  }

  let binaryPath: string | undefined;
  let binaryProblem = "";
  try {
    binaryPath = (await findMemcachedBinary()).path;
  } catch (error) {
    binaryProblem = error instanceof Error ? error.message : String(error);
  }

  if (binaryPath !== undefined) {
    const image = await buildLocalImage(client.container.dockerode, {
      repository: MEMCACHED_REPOSITORY,
      binary: binaryPath,
      user: LOCAL_IMAGE_USER,
      labels: { "mcrouter-mtls-conformance.image": "memcached" },
    });
    return { name: image.name, source: "local-binary", hasShell: image.hasShell };
  }

  const name = `${MEMCACHED_REPOSITORY}:bookworm`;
  try {
    await GenericContainer.fromDockerfile(DOCKERFILE_DIRECTORY).build(name, { deleteOnExit: false });
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(
      `No memcached image is available. Building ${DOCKERFILE_DIRECTORY}Dockerfile failed (${cause}); it pulls ` +
        `debian:bookworm-slim, so it needs registry access. This machine has no usable memcached to import ` +
        `either (${binaryProblem}). Set MEMCACHED_IMAGE to an image whose entrypoint is memcached, or install memcached.`,
      { cause: error },
    );
  }
  return { name, source: "dockerfile", hasShell: true };
}

async function main(): Promise<void> {
  const { connectDockerEngine } = await import("../harness/engine/docker-engine.ts");
  const engine = await connectDockerEngine();
  const image = await resolveMemcachedImage(engine.client);
  process.stdout.write(`${image.name} (source: ${image.source})\n`);
}

if (import.meta.main) {
  await main();
}
