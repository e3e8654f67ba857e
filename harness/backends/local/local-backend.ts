// The local backend: memcached processes on this machine, bound to 127.0.0.1 on free ports.

import { registerExitCleanup } from "../../cleanup/exit-cleanup.ts";
import { findFreePort } from "../../ports/free-port.ts";
import type { Backend, MemcachedStartOptions, MemcachedTlsSettings, StartedServer } from "../backend.ts";
import { memcachedArguments, validateTlsSettings } from "../memcached-arguments.ts";
import { ServerStartError } from "../server-start-error.ts";
import { killOrphanedLocalServers } from "./local-process-owner.ts";
import { findMemcachedBinary, type MemcachedBinary } from "./memcached-binary.ts";
import { LocalMemcachedServer, spawnMemcached } from "./memcached-process.ts";

const LOOPBACK = "127.0.0.1";

/** Attempts with a new port when another process took the chosen one first. */
const PORT_ATTEMPTS = 5;

const READY_TIMEOUT_MS = 10_000;

export class LocalBackend implements Backend {
  readonly kind = "local";
  readonly binary: MemcachedBinary;
  readonly #servers = new Set<LocalMemcachedServer>();
  #unregisterExitCleanup: (() => void) | undefined;

  private constructor(binary: MemcachedBinary) {
    this.binary = binary;
  }

  /**
   * Finds memcached with TLS support (raising an error that says how to install it) and ends
   * memcached processes left by earlier runs whose owner process died.
   */
  static async create(): Promise<LocalBackend> {
    const binary = await findMemcachedBinary();
    await killOrphanedLocalServers();
    return new LocalBackend(binary);
  }

  async startMemcached(settings: MemcachedTlsSettings, options: MemcachedStartOptions = {}): Promise<StartedServer> {
    rejectNetworkOptions(options);
    await validateTlsSettings(settings);

    for (let attempt = 1; ; attempt++) {
      const port = await findFreePort(LOOPBACK);
      const args = memcachedArguments(
        settings,
        { chain: settings.chainFile, key: settings.keyFile, ca: settings.caFile },
        { address: LOOPBACK, port, runAsRoot: process.getuid?.() === 0 },
      );

      try {
        const server = await spawnMemcached({
          binary: this.binary.path,
          args,
          host: LOOPBACK,
          port,
          version: this.binary.version,
          readyTimeoutMs: READY_TIMEOUT_MS,
          onStopped: (stopped) => this.#servers.delete(stopped),
        });
        return this.#track(server);
      } catch (error) {
        const portTaken = error instanceof ServerStartError && error.stderr.includes("Address already in use");
        if (!portTaken || attempt === PORT_ATTEMPTS) {
          throw error;
        }
      }
    }
  }

  /** Starts every server of the group at once, each as its own process. */
  async startMemcachedGroup(settings: MemcachedTlsSettings[], options: MemcachedStartOptions = {}): Promise<Array<StartedServer | ServerStartError>> {
    rejectNetworkOptions(options);
    await Promise.all(settings.map((entry) => validateTlsSettings(entry)));

    const attempts = await Promise.allSettled(settings.map((entry) => this.startMemcached(entry)));

    const failure = attempts.find((attempt) => attempt.status === "rejected" && !(attempt.reason instanceof ServerStartError));
    if (failure !== undefined) {
      await Promise.all(attempts.map((attempt) => (attempt.status === "fulfilled" ? attempt.value.stop() : undefined)));
      throw (failure as PromiseRejectedResult).reason;
    }
    return attempts.map((attempt) => (attempt.status === "fulfilled" ? attempt.value : (attempt.reason as ServerStartError)));
  }

  async close(): Promise<void> {
    const servers = [...this.#servers];
    await Promise.all(servers.map((server) => server.stop()));
    this.#servers.clear();
    this.#unregisterExitCleanup?.();
    this.#unregisterExitCleanup = undefined;
  }

  #track(server: LocalMemcachedServer): LocalMemcachedServer {
    this.#servers.add(server);
    this.#unregisterExitCleanup ??= registerExitCleanup({
      name: "local memcached processes",
      run: () => this.close(),
      runSync: () => {
        for (const tracked of this.#servers) {
          tracked.killNow();
        }
      },
    });
    return server;
  }
}

function rejectNetworkOptions(options: MemcachedStartOptions): void {
  if (options.networkName !== undefined || options.ipv4Address !== undefined) {
    throw new Error(
      `the local backend cannot join Docker network "${options.networkName ?? ""}" or take address "${options.ipv4Address ?? ""}": ` +
        "its memcached listens on 127.0.0.1 only. Use the containers backend for servers that containers must reach.",
    );
  }
}
