// The containers backend: memcached in containers started by testcontainers from a local image
// (or MEMCACHED_IMAGE), ports published on the host. startMemcached() gives each server a
// container of its own, and startMemcachedGroup() runs a whole group in one container.

import { resolveMemcachedImage, type MemcachedImage } from "../../../docker/memcached-image.ts";
import { removeLabelled, sweepDeadOwners } from "../../cleanup/labelled-resources.ts";
import { leaseRunCleanup } from "../../cleanup/run-cleanup.ts";
import { LABEL_SCOPE, newScopeId, runLabels } from "../../cleanup/run-identity.ts";
import { connectDockerEngine, type DockerEngine } from "../../engine/docker-engine.ts";
import type { Backend, MemcachedStartOptions, MemcachedTlsSettings, StartedServer } from "../backend.ts";
import { validateTlsSettings } from "../memcached-arguments.ts";
import { ServerStartError } from "../server-start-error.ts";
import { MemcachedGroupContainer, type StartedMemcachedGroup } from "./memcached-group-container.ts";
import { MemcachedContainer, StartedMemcachedContainer, readMemcachedVersion } from "./memcached-container.ts";

/** Containers started at once when an image without a shell makes a group one container per server. */
const CONCURRENT_SINGLE_STARTS = 6;

export class ContainersBackend implements Backend {
  readonly kind = "containers";
  readonly engine: DockerEngine;
  readonly image: MemcachedImage;
  /** Value of the scope label on every container this backend starts. */
  readonly scope: string;
  readonly #servers = new Set<StartedMemcachedContainer>();
  readonly #groups = new Set<StartedMemcachedGroup>();
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

  /**
   * Starts one container that runs a memcached per settings entry, each on its own published
   * port. An image without a shell (`image.hasShell` not true, as for MEMCACHED_IMAGE) cannot
   * run the group's supervisor script, so there each server gets a container of its own.
   */
  async startMemcachedGroup(settings: MemcachedTlsSettings[], options: MemcachedStartOptions = {}): Promise<Array<StartedServer | ServerStartError>> {
    if (options.ipv4Address !== undefined && (options.networkName === undefined || settings.length > 1)) {
      throw new Error(`ipv4Address ${options.ipv4Address} needs networkName and a group of one server: a fixed address names one container on a named network.`);
    }
    if (settings.length === 0) {
      return [];
    }
    if (this.image.hasShell !== true) {
      return this.#startEachInOwnContainer(settings, options);
    }

    this.#releaseRunCleanup ??= leaseRunCleanup(this.engine.client.container.dockerode);

    const container = new MemcachedGroupContainer(this.image.name).withTls(settings).withLabels(runLabels(this.scope));
    if (options.networkName !== undefined) {
      container.withNetworkName(options.networkName, options.ipv4Address);
    }
    const group = await container.start();
    if (!group.stopped) {
      this.#groups.add(group);
    }
    return [...group.results];
  }

  async close(): Promise<void> {
    // stop() is idempotent, so servers the caller stopped already cost nothing here.
    const servers = [...this.#servers];
    const groups = [...this.#groups];
    await Promise.all([...servers.map((server) => this.#stop(server)), ...groups.map((group) => group.stop())]);
    this.#groups.clear();

    // Containers whose start failed halfway carry the scope label too.
    await removeLabelled(this.engine.client.container.dockerode, LABEL_SCOPE, this.scope);

    this.#releaseRunCleanup?.();
    this.#releaseRunCleanup = undefined;
  }

  async #startEachInOwnContainer(settings: MemcachedTlsSettings[], options: MemcachedStartOptions): Promise<Array<StartedServer | ServerStartError>> {
    await Promise.all(settings.map((entry) => validateTlsSettings(entry)));

    const results: Array<StartedServer | ServerStartError> = new Array(settings.length);
    let next = 0;
    let failure: { error: unknown } | undefined;
    const startNext = async (): Promise<void> => {
      while (failure === undefined && next < settings.length) {
        const index = next++;
        try {
          results[index] = await this.startMemcached(settings[index] as MemcachedTlsSettings, options);
        } catch (error) {
          if (!(error instanceof ServerStartError)) {
            failure = { error };
            return;
          }
          results[index] = error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENT_SINGLE_STARTS, settings.length) }, startNext));

    if (failure !== undefined) {
      await Promise.all(results.map((result) => (result instanceof ServerStartError ? undefined : result.stop())));
      throw failure.error;
    }
    return results;
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
