// Starts one mcrouter node of a topology, from a local binary (`MCROUTER_BIN`) or an
// image (`MCROUTER_IMAGE`), and waits until it replies to `version` on its plaintext port.
// An mcrouter that exits first raises ServerStartError with its output, which is also
// how a case marked `expectStartFailure` observes the start-up failure it expects.
//
// Both paths ran against mcrouter v2026.08.17.00 built from source: as a local process
// (MCROUTER_BIN) and from an image that docker/local-image.ts made of that binary.

import { spawn } from "node:child_process";
import { readFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";

import { Wait, type StartedTestContainer } from "testcontainers";

import { ownerEnvironment } from "../backends/local/local-process-owner.ts";
import { OutputBuffer } from "../backends/output-buffer.ts";
import { ServerStartError } from "../backends/server-start-error.ts";
import { registerExitCleanup } from "../cleanup/exit-cleanup.ts";
import { connectDockerEngine } from "../engine/docker-engine.ts";
import { AsciiConnection } from "./ascii-client.ts";
import type { McrouterIssue } from "./check-mcrouter.ts";
import { formatCommandLine, toCommandLine } from "./command-line.ts";
import { FixedAddressContainer } from "./fixed-address-container.ts";
import type { McrouterLocation } from "./locate.ts";
import type { AddressResolver, RouteConfig } from "./route-config.ts";
import type { McrouterNode } from "./topology.ts";

export interface McrouterStartOptions {
  node: McrouterNode;
  location: Exclude<McrouterLocation, { kind: "absent" }>;
  /** The certs-gen kit directory on this machine. */
  kitDir: string;
  /** Addresses of the nodes this mcrouter routes to, as this mcrouter reaches them. */
  resolve: AddressResolver;
  /** For images: the network shared with the nodes it routes to and that route to it. */
  networkName?: string;
  /** For images: a fixed address on `networkName`, for a client certificate that must name it. Needs `networkName`. */
  ipv4Address?: string;
  /** For images: labels that let the harness's cleanup find the container. */
  labels?: Record<string, string>;
  /** How long to wait for `version` on the plain port; 15 s by default. */
  startupTimeoutMs?: number;
}

export interface StartedMcrouter {
  readonly name: string;
  /** The command line as one shell-quoted string, program first. It contains paths, never keys. */
  readonly commandLine: string;
  readonly routeConfig: RouteConfig;
  readonly issues: readonly McrouterIssue[];
  /** Host at which this machine reaches the listeners. */
  readonly host: string;
  readonly plainPort: number | undefined;
  readonly sslPort: number | undefined;
  /** mcrouter's reply to the readiness `version` request, for example `VERSION 0.1.0-dev mcrouter`. */
  readonly versionReply: string;
  /** For containers: the address other containers on the network use. */
  readonly networkAddress: string | undefined;
  /** mcrouter's output so far (it logs to stderr), private keys removed. */
  logs(): Promise<string>;
  stop(): Promise<void>;
}

const DEFAULT_STARTUP_TIMEOUT_MS = 15_000;

/** Directories of the kit and work files inside a container. */
const CONTAINER_KIT_DIR = "/etc/mcrouter-tls/kit";
const CONTAINER_WORK_DIR = "/var/lib/mcrouter-run";

/** Start `options.node` and wait until it listens. Raises ServerStartError when mcrouter exits or stays silent. */
export async function startMcrouter(options: McrouterStartOptions): Promise<StartedMcrouter> {
  return options.location.kind === "binary" ? startLocal(options, options.location.path) : startContainer(options, options.location.image);
}

/** Request `version` until mcrouter replies, and return the reply line. */
async function waitForVersion(host: string, port: number, deadline: number, exitedEarly: () => boolean): Promise<string> {
  let lastError = "no attempt";

  while (Date.now() < deadline && !exitedEarly()) {
    try {
      const connection = await AsciiConnection.open({ host, port, timeoutMs: 1000 });
      try {
        const reply = await connection.request("version");
        if (reply.startsWith("VERSION ")) return reply.trim();
        lastError = `unexpected reply ${JSON.stringify(reply)}`;
      } finally {
        connection.close();
      }
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  throw new Error(lastError);
}

async function startLocal(options: McrouterStartOptions, binary: string): Promise<StartedMcrouter> {
  const { node } = options;
  const workDir = await mkdtemp(join(tmpdir(), `mcrouter-${node.name}-`));
  const configFile = join(workDir, "config.json");

  const generated = toCommandLine(node, { kitDir: options.kitDir, workDir, configFile }, options.resolve);
  await writeFile(configFile, JSON.stringify(generated.routeConfig, null, 2));
  const command = [binary, ...generated.argv];

  const output = new OutputBuffer();
  const child = spawn(binary, generated.argv, { env: { ...process.env, ...ownerEnvironment() }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.on("data", (chunk: Buffer) => output.append(chunk));
  child.stderr.on("data", (chunk: Buffer) => output.append(chunk));

  let exitCode: number | undefined;
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once("exit", (code) => {
      exitCode = code ?? undefined;
      exited = true;
      resolve();
    });
    child.once("error", (error) => {
      output.append(`spawn failed: ${error.message}\n`);
      exited = true;
      resolve();
    });
  });

  const stop = async (): Promise<void> => {
    if (!exited) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exit;
      clearTimeout(timer);
    }
    await rm(workDir, { recursive: true, force: true });
  };
  const unregister = registerExitCleanup({
    name: `mcrouter ${node.name} (pid ${child.pid ?? "unknown"})`,
    run: stop,
    runSync: () => {
      child.kill("SIGKILL");
    },
  });

  const readinessPort = node.ports[0] ?? node.sslPorts[0];
  const deadline = Date.now() + (options.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS);
  let versionReply: string;
  try {
    if (node.ports[0] !== undefined) {
      versionReply = await waitForVersion("127.0.0.1", node.ports[0], deadline, () => exited);
    } else {
      throw new Error(`mcrouter ${node.name} has no -p port to check readiness on (TLS port ${readinessPort ?? "none"})`);
    }
  } catch (error) {
    // Give a crashing mcrouter a moment to exit, so its status and last output are kept.
    await Promise.race([exit, new Promise((resolve) => setTimeout(resolve, 500))]);
    await stop();
    unregister();
    const reason = exited
      ? `mcrouter ${node.name} exited with exit code ${exitCode ?? "unknown"} before it replied to version.`
      : `mcrouter ${node.name} did not reply to version on port ${readinessPort ?? "none"}: ${error instanceof Error ? error.message : String(error)}`;
    throw new ServerStartError(reason, { stderr: output.toString(), command, exitCode });
  }

  return {
    name: node.name,
    commandLine: formatCommandLine(binary, generated.argv),
    routeConfig: generated.routeConfig,
    issues: generated.issues,
    host: "127.0.0.1",
    plainPort: node.ports[0],
    sslPort: node.sslPorts[0],
    versionReply,
    networkAddress: undefined,
    logs: async () => output.toString(),
    stop: async () => {
      await stop();
      unregister();
    },
  };
}

/** Read the kit files the node's flags name, as container contents readable by any user, because the image may run mcrouter unprivileged. */
async function kitFileContents(node: McrouterNode, kitDir: string): Promise<{ content: Buffer; target: string; mode: number }[]> {
  const relativePaths = new Set(
    [node.serverPem.certPath, node.serverPem.keyPath, node.serverPem.caPath, node.clientPem.certPath, node.clientPem.keyPath, node.clientPem.caPath].filter(
      (path): path is string => path !== undefined && path !== "",
    ),
  );

  const contents: { content: Buffer; target: string; mode: number }[] = [];
  for (const relative of relativePaths) {
    contents.push({ content: await readFile(join(kitDir, relative)), target: posix.join(CONTAINER_KIT_DIR, relative), mode: 0o444 });
  }
  contents.push({ content: Buffer.from(""), target: posix.join(CONTAINER_WORK_DIR, ".keep"), mode: 0o444 });
  return contents;
}

async function startContainer(options: McrouterStartOptions, image: string): Promise<StartedMcrouter> {
  const { node } = options;
  if (options.ipv4Address !== undefined && options.networkName === undefined) {
    throw new Error(`mcrouter ${node.name}: ipv4Address ${options.ipv4Address} needs networkName, because a fixed address exists only on a named network`);
  }
  await connectDockerEngine();

  // The configuration goes inline, so no file in the container has to be readable by mcrouter's user.
  const generated = toCommandLine(node, { kitDir: CONTAINER_KIT_DIR, workDir: CONTAINER_WORK_DIR }, options.resolve);
  const command = [image, ...generated.argv];

  // The image's entrypoint must be the mcrouter binary, as docker/local-image.ts builds it.
  let container = new FixedAddressContainer(image)
    .withCommand(generated.argv)
    .withExposedPorts(...node.ports, ...node.sslPorts)
    .withCopyContentToContainer(await kitFileContents(node, options.kitDir))
    .withLabels(options.labels ?? {})
    .withWaitStrategy(Wait.forLogMessage("Spawning AsyncMcServer"))
    .withStartupTimeout(options.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS);
  if (options.networkName !== undefined) {
    container =
      options.ipv4Address === undefined ? container.withNetworkMode(options.networkName) : container.withFixedAddress(options.networkName, options.ipv4Address);
  }

  let started: StartedTestContainer;
  try {
    started = await container.start();
  } catch (error) {
    throw new ServerStartError(`mcrouter ${node.name} container did not log "Spawning AsyncMcServer": ${error instanceof Error ? error.message : String(error)}`, {
      stderr: "",
      command,
    });
  }

  const output = new OutputBuffer();
  const logStream = await started.logs();
  logStream.on("data", (chunk: string | Buffer) => output.append(chunk));

  const host = started.getHost();
  const plainPort = node.ports[0] === undefined ? undefined : started.getMappedPort(node.ports[0]);
  const sslPort = node.sslPorts[0] === undefined ? undefined : started.getMappedPort(node.sslPorts[0]);
  const deadline = Date.now() + (options.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS);

  const { client } = await connectDockerEngine();
  const handle = client.container.getById(started.getId());
  let running = true;
  const watchState = setInterval(() => {
    void client.container.inspect(handle).then(
      (info) => {
        running = info.State.Running;
      },
      () => {
        running = false;
      },
    );
  }, 250);

  let versionReply: string;
  try {
    if (plainPort === undefined) {
      throw new Error(`mcrouter ${node.name} has no -p port to check readiness on`);
    }
    versionReply = await waitForVersion(host, plainPort, deadline, () => !running);
  } catch (error) {
    // Let the log stream deliver mcrouter's last lines before the container goes.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stderr = output.toString();
    await started.stop({ remove: true, removeVolumes: true }).catch(() => undefined);
    const reason = running
      ? `mcrouter ${node.name} did not reply to version on port ${node.ports[0] ?? "none"}: ${error instanceof Error ? error.message : String(error)}`
      : `mcrouter ${node.name} exited before it replied to version.`;
    throw new ServerStartError(reason, { stderr, command });
  } finally {
    clearInterval(watchState);
  }

  return {
    name: node.name,
    commandLine: formatCommandLine(image, generated.argv),
    routeConfig: generated.routeConfig,
    issues: generated.issues,
    host,
    plainPort,
    sslPort,
    versionReply,
    networkAddress: options.networkName === undefined ? undefined : started.getIpAddress(options.networkName),
    logs: async () => output.toString(),
    stop: async () => {
      await started.stop({ remove: true, removeVolumes: true });
    },
  };
}
