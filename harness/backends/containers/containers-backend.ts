// The containers backend: each memcached in its own container, started by testcontainers from
// a local image (or MEMCACHED_IMAGE), its port published on the host.

import { resolveMemcachedImage, type MemcachedImage } from "../../../docker/memcached-image.ts";
import { removeLabelled, sweepDeadOwners } from "../../cleanup/labelled-resources.ts";
import { leaseRunCleanup } from "../../cleanup/run-cleanup.ts";
import { LABEL_SCOPE, newScopeId, runLabels } from "../../cleanup/run-identity.ts";
import { connectDockerEngine, type DockerEngine } from "../../engine/docker-engine.ts";
import type { Backend, MemcachedStartOptions, MemcachedTlsSettings, StartedServer } from "../backend.ts";
import { MemcachedContainer, StartedMemcachedContainer, readMemcachedVersion } from "./memcached-container.ts";

export class ContainersBackend implements Backend {
  readonly kind = "containers";
  readonly engine: DockerEngine;
  readonly image: MemcachedImage;
  /** Value of the scope label on every container this backend starts. */
  readonly scope: string;
  readonly #servers = new Set<StartedMemcachedContainer>();
  readonly #versions = new Map<string, string>();
  #releaseRunCleanup: (() => void) | undefined;

  private constructor(engine: DockerEngine, image: MemcachedImage) {
    this.engine = engine;
    this.image = image;
    this.scope = newScopeId("memcached-backend");
  }

  /**
   * Connects to the Docker engine (raising DockerEngineUnavailableError when none responds),
   * removes leftovers of earlier runs whose owner process died, and finds or builds the image.
   */
  static async create(): Promise<ContainersBackend> {
    const engine = await connectDockerEngine();
    await sweepDeadOwners(engine.client.container.dockerode);
    const image = await resolveMemcachedImage(engine.client);
    return new ContainersBackend(engine, image);
  }

  async startMemcached(settings: MemcachedTlsSettings, options: MemcachedStartOptions = {}): Promise<StartedServer> {
    // The lease covers the container from its creation on, also when start() fails halfway.
    this.#releaseRunCleanup ??= leaseRunCleanup(this.engine.client.container.dockerode);

    const container = new MemcachedContainer(this.image.name).withTls(settings).withLabels(runLabels(this.scope));
    if (options.networkName !== undefined) {
      container.withNetworkName(options.networkName, options.ipv4Address);
    } else if (options.ipv4Address !== undefined) {
      throw new Error(`ipv4Address ${options.ipv4Address} needs networkName: a fixed address exists only on a named network.`);
    }
    const server = await container.start();
    this.#servers.add(server);

    try {
      server.version = await this.#versionOf(server);
    } catch (error) {
      await this.#stop(server);
      throw error;
    }

    return server;
  }

  async close(): Promise<void> {
    // stop() is idempotent, so servers the caller stopped already cost nothing here.
    const servers = [...this.#servers];
    await Promise.all(servers.map((server) => this.#stop(server)));

    // Containers whose start failed halfway carry the scope label too.
    await removeLabelled(this.engine.client.container.dockerode, LABEL_SCOPE, this.scope);

    this.#releaseRunCleanup?.();
    this.#releaseRunCleanup = undefined;
  }

  async #stop(server: StartedMemcachedContainer): Promise<void> {
    await server.stop();
    this.#servers.delete(server);
  }

  /** `memcached -V` once per image, because every container of one image prints the same. */
  async #versionOf(server: StartedMemcachedContainer): Promise<string> {
    const known = this.#versions.get(this.image.name);
    if (known !== undefined) {
      return known;
    }
    const version = await readMemcachedVersion(server.container);
    this.#versions.set(this.image.name, version);
    return version;
  }
}
