// A testcontainers module for a group of memcached servers with TLS in one container. The whole
// group costs one container start and one removal, which take about 230 ms and 150 ms at the
// engine against under 10 ms for memcached itself (BENCHMARK.md). A shell script
// (group-supervisor.ts) runs one memcached per settings entry on its own port, each with its
// own certificate files.
//
// NOTE: every published port still costs about 15 ms at the start and 50 ms at the removal on
// Docker 20.10 (BENCHMARK.md), so removing a group of 36 takes about 1.8 s.

import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";

import { getContainerRuntimeClient, type BoundPorts, type StartedTestContainer } from "testcontainers";
import { AbstractWaitStrategy } from "testcontainers/build/wait-strategies/wait-strategy.js";
import type Dockerode from "dockerode";
import type { ContentToCopy } from "testcontainers/build/types.js";

import type { BackendKind, MemcachedTlsSettings, NetworkEndpoint, StartedServer } from "../backend.ts";
import { memcachedArguments, validateTlsSettings, type MemcachedFilePaths } from "../memcached-arguments.ts";
import { ServerStartError } from "../server-start-error.ts";
import { supervisorScript } from "./group-supervisor.ts";
import { LISTENING_LINE } from "./listening-wait-strategy.ts";
import { HookedContainer } from "./hooked-container.ts";
import { LOOPBACK_HOSTS, MemcachedBuilder, TLS_DIRECTORY } from "./memcached-builder.ts";
import { MEMCACHED_PORT, readMemcachedVersion } from "./memcached-container.ts";
import { SupervisorSession, type MemberState } from "./supervisor-session.ts";

/** How long stop() of one server waits for the supervisor to report its exit. */
const MEMBER_STOP_TIMEOUT_MS = 10_000;

/** A group's result for one settings entry: the running server, or why it did not start. */
export type GroupMemberResult = MemcachedGroupMember | ServerStartError;

/**
 * Builder for one container with several memcached servers: `new MemcachedGroupContainer(image)
 * .withTls(settingsList).withLabels(labels).start()`. Server `i` listens on port 11211 + i in
 * the container. The image needs `/bin/sh` and `memcached` on its PATH.
 */
export class MemcachedGroupContainer extends MemcachedBuilder {
  #settings: MemcachedTlsSettings[] = [];

  /** Sets the TLS options of each server, in order. The files are read when the container starts. */
  withTls(settings: MemcachedTlsSettings[]): this {
    this.#settings = [...settings];
    return this;
  }

  /**
   * Starts the container and waits until each memcached listens or exits. Returns one result
   * per settings entry, in order. Raises an error (and removes the container) only when the
   * container as a whole fails: invalid settings, an engine error, or a supervisor that ends.
   */
  async start(): Promise<StartedMemcachedGroup> {
    const settingsList = this.#settings;
    if (settingsList.length === 0) {
      throw new Error("MemcachedGroupContainer.start() needs at least one server: call withTls([settings, ...]) first.");
    }
    if (MEMCACHED_PORT + settingsList.length - 1 > 65_535) {
      throw new Error(`a group of ${settingsList.length} servers needs ports up to ${MEMCACHED_PORT + settingsList.length - 1}, beyond 65535: start fewer at once.`);
    }
    await Promise.all(settingsList.map((settings) => validateTlsSettings(settings)));

    const ports = settingsList.map((_, index) => MEMCACHED_PORT + index);
    const files = settingsList.map((settings, index) => filePaths(settings, index));
    const commands = settingsList.map((settings, index) => [
      "memcached",
      ...memcachedArguments(settings, files[index] as MemcachedFilePaths, { address: "0.0.0.0", port: ports[index] as number }),
    ]);

    const token = randomBytes(12).toString("hex");
    const session = new SupervisorSession(token, settingsList.length);

    const client = await getContainerRuntimeClient();
    const dockerode = client.container.dockerode;
    const loopback = LOOPBACK_HOSTS.has(client.info.containerRuntime.host);
    const network = this.network;

    let containerId: string | undefined;
    const container = new HookedContainer(this.image, {
      ports,
      publishOnLoopback: loopback,
      network,
      // The supervisor reads the pids to kill from stdin, which stays open between attaches.
      openStdin: true,
      onCreated: async (id) => {
        containerId = id;
        await session.attach(dockerode.getContainer(id));
      },
    })
      .withEntrypoint(["/bin/sh", "-c", supervisorScript(token, commands)])
      .withExposedPorts(...ports)
      .withCopyContentToContainer(await tlsFileContents(settingsList, files))
      .withLabels(this.labels)
      .withWaitStrategy(new AllSettledWaitStrategy(session))
      .withStartupTimeout(this.startupTimeoutMs);
    if (network !== undefined) {
      container.withNetworkMode(network.name);
    }

    let started: StartedTestContainer;
    try {
      started = await container.start();
      if (session.ended) {
        const state = await describeState(dockerode.getContainer(started.getId()));
        throw new Error(`the group container's output ended during start-up (container ${state}). Its shell's output:\n${session.supervisorOutput.toString() || "(none)"}`);
      }
    } catch (error) {
      session.detach();
      if (containerId !== undefined) {
        await dockerode.getContainer(containerId).remove({ force: true, v: true }).catch(() => undefined);
      }
      throw error;
    }

    const group = new StartedMemcachedGroup(started, session);
    try {
      group.setResults(await this.#memberResults(group, { commands, ports, host: loopback ? "127.0.0.1" : started.getHost() }));
    } catch (error) {
      await group.stop();
      throw error;
    }

    if (!group.results.some((result) => result instanceof MemcachedGroupMember)) {
      await group.stop();
    }
    return group;
  }

  /** Turns each server's state after start-up into its result, ending those still starting. */
  async #memberResults(group: StartedMemcachedGroup, plan: { commands: string[][]; ports: number[]; host: string }): Promise<GroupMemberResult[]> {
    const session = group.session;
    const started = group.container;

    // Servers that neither listened nor exited in time are ended, so that each result is final.
    const timedOut = session.members.flatMap((member, index) => (member.listening || member.exited ? [] : [index]));
    for (const index of timedOut) {
      session.kill(index);
    }

    let version = parseVersion(session.versionText) ?? "";
    if (version === "" && session.members.some((member) => member.listening)) {
      version = await readMemcachedVersion(started);
    }

    const network = this.network;
    return session.members.map((member, index) => {
      const command = plan.commands[index] as string[];
      const port = plan.ports[index] as number;
      if (!member.listening) {
        return startError(member, command, timedOut.includes(index) ? this.startupTimeoutMs : undefined, session);
      }

      const networkEndpoint: NetworkEndpoint | undefined =
        network === undefined ? undefined : { networkName: network.name, host: started.getIpAddress(network.name), port };
      return new MemcachedGroupMember(group, index, { host: plan.host, port: started.getMappedPort(port), version, networkEndpoint });
    });
  }
}

/** Returns server `index`'s certificate paths in the container, in a subdirectory of its own. */
function filePaths(settings: MemcachedTlsSettings, index: number): MemcachedFilePaths {
  const directory = `${TLS_DIRECTORY}/${index}`;
  return {
    chain: `${directory}/chain.pem`,
    key: `${directory}/key.pem`,
    ca: settings.caFile === undefined ? undefined : `${directory}/ca.pem`,
  };
}

/** Reads every server's certificate files, world-readable because memcached runs unprivileged. */
async function tlsFileContents(settingsList: MemcachedTlsSettings[], files: MemcachedFilePaths[]): Promise<ContentToCopy[]> {
  const contents: ContentToCopy[] = [];
  for (const [index, settings] of settingsList.entries()) {
    const paths = files[index] as MemcachedFilePaths;
    contents.push(
      { content: await readFile(settings.chainFile), target: paths.chain, mode: 0o444 },
      { content: await readFile(settings.keyFile), target: paths.key, mode: 0o444 },
    );
    if (settings.caFile !== undefined && paths.ca !== undefined) {
      contents.push({ content: await readFile(settings.caFile), target: paths.ca, mode: 0o444 });
    }
  }
  return contents;
}

/** Describes why a container stopped: its exit code, or that it no longer exists. */
async function describeState(container: Dockerode.Container): Promise<string> {
  try {
    const info = await container.inspect();
    return info.State.Running ? "still running" : `exited with code ${info.State.ExitCode}`;
  } catch (error) {
    return isGoneError(error) ? "removed by another process" : `not inspectable: ${String(error)}`;
  }
}

/** Checks whether an engine error means the container is gone (404) or already being removed (409). */
function isGoneError(error: unknown): boolean {
  const statusCode = (error as { statusCode?: number }).statusCode;
  return statusCode === 404 || statusCode === 409;
}

function parseVersion(text: string | undefined): string | undefined {
  return text === undefined ? undefined : /^memcached (\S+)/m.exec(text)?.[1];
}

function startError(member: MemberState, command: string[], timeoutMs: number | undefined, session: SupervisorSession): ServerStartError {
  let reason: string;
  if (timeoutMs !== undefined) {
    reason = `memcached did not report "${LISTENING_LINE}" within ${timeoutMs} ms.`;
  } else if (member.exitCode !== undefined) {
    reason = `memcached exited with exit code ${member.exitCode} before it listened.`;
  } else {
    reason = `the group container's output ended before memcached listened. Supervisor output:\n${session.supervisorOutput.toString()}`;
  }
  return new ServerStartError(reason, { stderr: member.output.toString(), command, exitCode: member.exitCode });
}

/** Resolves when every server of the group listened or exited, or at the timeout. start() then ends the rest. */
class AllSettledWaitStrategy extends AbstractWaitStrategy {
  readonly #session: SupervisorSession;

  constructor(session: SupervisorSession) {
    super();
    this.#session = session;
    this.startupTimeoutMs = 30_000;
  }

  override async waitUntilReady(_container: Dockerode.Container, _boundPorts: BoundPorts): Promise<void> {
    await this.#session.waitForAll((member) => member.listening || member.exited, this.startupTimeoutMs);
  }
}

/** A running group container and the results of its servers. */
export class StartedMemcachedGroup {
  /** The testcontainers handle, for network addresses and exec. */
  readonly container: StartedTestContainer;
  /** The attach connection with each server's output and state. */
  readonly session: SupervisorSession;
  #results: GroupMemberResult[] = [];
  readonly #stopRequested = new Set<number>();
  #stopping: Promise<void> | undefined;

  constructor(container: StartedTestContainer, session: SupervisorSession) {
    this.container = container;
    this.session = session;
  }

  /** One result per settings entry, in the order given to withTls(). */
  get results(): readonly GroupMemberResult[] {
    return this.#results;
  }

  /** Whether the container was removed (by stop() of the group or of its last running server). */
  get stopped(): boolean {
    return this.#stopping !== undefined;
  }

  setResults(results: GroupMemberResult[]): void {
    this.#results = results;
  }

  outputOf(index: number): string {
    return this.session.members[index]?.output.toString() ?? "";
  }

  /**
   * Stops memcached `index`. When every other server of the group exited or is stopping too,
   * removes the container instead, which ends them all at once.
   */
  async stopMember(index: number): Promise<void> {
    this.#stopRequested.add(index);
    const othersRunning = this.#results.some(
      (result, other) => result instanceof MemcachedGroupMember && !this.#stopRequested.has(other) && this.session.members[other]?.exited !== true,
    );
    if (!othersRunning || this.#stopping !== undefined) {
      await this.stop();
      return;
    }

    this.session.kill(index);
    await this.session.waitForExit(index, MEMBER_STOP_TIMEOUT_MS);
    if (this.session.members[index]?.exited !== true && !this.stopped) {
      const pid = this.session.members[index]?.pid;
      throw new Error(`memcached ${index} (pid ${pid ?? "unknown"}) of container ${this.container.getId().slice(0, 12)} did not exit within ${MEMBER_STOP_TIMEOUT_MS} ms of SIGKILL.`);
    }
  }

  /**
   * Removes the container with every server in it. Calling it again does nothing, and a
   * container that another process removed already counts as stopped.
   */
  stop(): Promise<void> {
    this.#stopping ??= this.container
      .stop({ remove: true, removeVolumes: true })
      .then(
        () => undefined,
        (error: unknown) => {
          if (!isGoneError(error)) {
            throw error;
          }
        },
      )
      .finally(() => this.session.detach());
    return this.#stopping;
  }
}

/** One server of a group container, as a StartedServer. */
export class MemcachedGroupMember implements StartedServer {
  readonly backend: BackendKind = "containers";
  readonly host: string;
  readonly port: number;
  readonly version: string;
  readonly networkEndpoint: NetworkEndpoint | undefined;
  /** Position in the group; memcached listens on 11211 + index in the container. */
  readonly index: number;
  readonly group: StartedMemcachedGroup;
  #stopping: Promise<void> | undefined;

  constructor(
    group: StartedMemcachedGroup,
    index: number,
    address: { host: string; port: number; version: string; networkEndpoint: NetworkEndpoint | undefined },
  ) {
    this.group = group;
    this.index = index;
    this.host = address.host;
    this.port = address.port;
    this.version = address.version;
    this.networkEndpoint = address.networkEndpoint;
  }

  async logs(): Promise<string> {
    return this.group.outputOf(this.index);
  }

  stop(): Promise<void> {
    this.#stopping ??= this.group.stopMember(this.index);
    return this.#stopping;
  }
}
