// A testcontainers module for memcached with TLS: a builder that copies the certificate files
// in and starts memcached with them, and the started container as a StartedServer.

import { readFile } from "node:fs/promises";

import type Dockerode from "dockerode";
import { getContainerRuntimeClient, type StartedTestContainer } from "testcontainers";
import type { ContentToCopy } from "testcontainers/build/types.js";

import type { BackendKind, MemcachedTlsSettings, NetworkEndpoint, StartedServer } from "../backend.ts";
import { memcachedArguments, validateTlsSettings, type MemcachedFilePaths } from "../memcached-arguments.ts";
import { redactPrivateKeys } from "../redact.ts";
import { ServerStartError } from "../server-start-error.ts";
import { readContainerLogs } from "./container-logs.ts";
import { ListeningWaitStrategy } from "./listening-wait-strategy.ts";
import { HookedContainer } from "./hooked-container.ts";
import { LOOPBACK_HOSTS, MemcachedBuilder, TLS_DIRECTORY } from "./memcached-builder.ts";

export const MEMCACHED_PORT = 11211;

/**
 * Builder for one memcached container: `new MemcachedContainer(image).withTls(settings)
 * .withLabels(labels).start()`.
 */
export class MemcachedContainer extends MemcachedBuilder {
  #settings: MemcachedTlsSettings | undefined;

  /** Sets memcached's TLS options. The files are read from this machine when the container starts. */
  withTls(settings: MemcachedTlsSettings): this {
    this.#settings = settings;
    return this;
  }

  /**
   * Starts memcached and waits until it listens. Raises ServerStartError with memcached's
   * output when it exits first. That happens at once also when memcached exits before
   * testcontainers waits for the log line, where testcontainers 12.2 would otherwise wait 10 s
   * for the port mapping.
   */
  async start(): Promise<StartedMemcachedContainer> {
    const settings = this.#settings;
    if (settings === undefined) {
      throw new Error("MemcachedContainer.start() needs TLS settings: call withTls(settings) first.");
    }
    await validateTlsSettings(settings);

    const files = {
      chain: `${TLS_DIRECTORY}/chain.pem`,
      key: `${TLS_DIRECTORY}/key.pem`,
      ca: settings.caFile === undefined ? undefined : `${TLS_DIRECTORY}/ca.pem`,
    };
    const args = memcachedArguments(settings, files, { address: "0.0.0.0", port: MEMCACHED_PORT });
    const command = ["memcached", ...args];
    const waitStrategy = new ListeningWaitStrategy(command);

    const client = await getContainerRuntimeClient();
    const dockerode = client.container.dockerode;
    const loopback = LOOPBACK_HOSTS.has(client.info.containerRuntime.host);

    const watcher = new AbortController();
    let reportEarlyExit: (error: ServerStartError) => void = () => undefined;
    const earlyExit = new Promise<ServerStartError>((resolve) => (reportEarlyExit = resolve));

    const network = this.network;
    const container = new HookedContainer(this.image, {
      ports: [MEMCACHED_PORT],
      publishOnLoopback: loopback,
      network,
      openStdin: false,
      onCreated: (containerId) => {
        void watchEarlyExit(dockerode, containerId, command, () => waitStrategy.started, watcher.signal).then((error) => {
          if (error !== undefined) {
            reportEarlyExit(error);
          }
        });
      },
    })
      .withExposedPorts(MEMCACHED_PORT)
      .withCommand(args)
      .withCopyContentToContainer(await tlsFileContents(settings, files))
      .withLabels(this.labels)
      .withWaitStrategy(waitStrategy)
      .withStartupTimeout(this.startupTimeoutMs);
    if (network !== undefined) {
      container.withNetworkMode(network.name);
    }

    const starting = container.start();
    const outcome = await Promise.race([
      starting.then((started) => ({ started })),
      earlyExit.then((error) => ({ error })),
    ]).finally(() => watcher.abort());

    if ("error" in outcome) {
      // The container is gone, so testcontainers' own start fails soon. That failure is expected.
      starting.catch(() => undefined);
      throw outcome.error;
    }

    const networkEndpoint: NetworkEndpoint | undefined =
      network === undefined
        ? undefined
        : { networkName: network.name, host: outcome.started.getIpAddress(network.name), port: MEMCACHED_PORT };

    return new StartedMemcachedContainer(outcome.started, dockerode, {
      host: loopback ? "127.0.0.1" : outcome.started.getHost(),
      port: outcome.started.getMappedPort(MEMCACHED_PORT),
      networkEndpoint,
    });
  }
}

/**
 * Reads the certificate files into container contents. They are world-readable because
 * memcached runs as an unprivileged user in the image. The container is single-use and removed
 * at stop().
 */
async function tlsFileContents(settings: MemcachedTlsSettings, files: MemcachedFilePaths): Promise<ContentToCopy[]> {
  const contents: ContentToCopy[] = [
    { content: await readFile(settings.chainFile), target: files.chain, mode: 0o444 },
    { content: await readFile(settings.keyFile), target: files.key, mode: 0o444 },
  ];
  if (settings.caFile !== undefined && files.ca !== undefined) {
    contents.push({ content: await readFile(settings.caFile), target: files.ca, mode: 0o444 });
  }
  return contents;
}

/**
 * Waits for the container's next exit. When memcached exits before testcontainers began
 * waiting for its log line, reads its output, removes the container and returns the error to
 * raise. Returns undefined when the wait strategy will report the exit, or when aborted.
 */
async function watchEarlyExit(
  dockerode: Dockerode,
  containerId: string,
  command: string[],
  waitStarted: () => boolean,
  signal: AbortSignal,
): Promise<ServerStartError | undefined> {
  const container = dockerode.getContainer(containerId);

  let exitCode: number | undefined;
  try {
    const result = (await container.wait({ condition: "next-exit", abortSignal: signal })) as { StatusCode?: number };
    exitCode = result.StatusCode;
  } catch {
    return undefined;
  }
  if (waitStarted() || signal.aborted) {
    return undefined;
  }

  const output = await readContainerLogs(dockerode, containerId).catch((error: unknown) => `(output unavailable: ${String(error)})`);
  await container.remove({ force: true, v: true }).catch(() => undefined);

  return new ServerStartError(`memcached exited with exit code ${exitCode ?? "unknown"} before it listened.`, {
    stderr: output,
    command,
    exitCode,
  });
}

export class StartedMemcachedContainer implements StartedServer {
  readonly backend: BackendKind = "containers";
  readonly host: string;
  readonly port: number;
  readonly networkEndpoint: NetworkEndpoint | undefined;
  /** Set by the backend after start, from {@link readMemcachedVersion}. */
  version = "";
  /** The testcontainers handle, for network addresses and exec. */
  readonly container: StartedTestContainer;
  readonly #dockerode: Dockerode;
  #stopping: Promise<void> | undefined;

  constructor(
    container: StartedTestContainer,
    dockerode: Dockerode,
    address: { host: string; port: number; networkEndpoint: NetworkEndpoint | undefined },
  ) {
    this.container = container;
    this.#dockerode = dockerode;
    this.host = address.host;
    this.port = address.port;
    this.networkEndpoint = address.networkEndpoint;
  }

  async logs(): Promise<string> {
    return redactPrivateKeys(await readContainerLogs(this.#dockerode, this.container.getId()));
  }

  stop(): Promise<void> {
    this.#stopping ??= this.container.stop({ remove: true, removeVolumes: true }).then(() => undefined);
    return this.#stopping;
  }
}

/** Runs `memcached -V` in the container and returns the version it prints, for example `1.6.18`. */
export async function readMemcachedVersion(container: StartedTestContainer): Promise<string> {
  const result = await container.exec(["memcached", "-V"]);
  const match = /^memcached (\S+)/m.exec(result.output);
  if (result.exitCode !== 0 || match?.[1] === undefined) {
    throw new Error(`"memcached -V" in container ${container.getId().slice(0, 12)} printed "${result.output.trim()}" (exit code ${result.exitCode}). Is memcached on the image's PATH?`);
  }
  return match[1];
}
