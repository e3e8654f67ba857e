// Finds a Docker engine for testcontainers and prepares the testcontainers settings that
// this machine needs, before testcontainers connects for the first time.

import { existsSync } from "node:fs";
import { request } from "node:http";
import { hostname } from "node:os";

import { ImageName, getContainerRuntimeClient, type ContainerRuntimeClient } from "testcontainers";
import { getReaperImage } from "testcontainers/build/reaper/reaper.js";

export interface DockerEngine {
  client: ContainerRuntimeClient;
  /** Engine version as the engine reports it, for example `20.10.24+dfsg1`. */
  serverVersion: string;
  /** Host name or address where published container ports are reached. */
  host: string;
  /** One line per testcontainers setting this module changed, and why. */
  notes: string[];
}

export class DockerEngineUnavailableError extends Error {
  override readonly name = "DockerEngineUnavailableError";
}

const INSTALL_HINT =
  "Install and start a Docker engine (Debian: `apt-get install docker.io`, then run `dockerd` as root " +
  "or `systemctl start docker`), or point DOCKER_HOST at one, or use the local backend.";

/** How long the first connection to the engine may take before it counts as not responding. */
const CONNECT_TIMEOUT_MS = 15_000;

let connection: Promise<DockerEngine> | undefined;

/**
 * Connects testcontainers to a Docker engine, once per process. Raises
 * DockerEngineUnavailableError, with install instructions, when no engine responds.
 */
export function connectDockerEngine(): Promise<DockerEngine> {
  connection ??= connect().catch((error: unknown) => {
    connection = undefined;
    throw error;
  });
  return connection;
}

async function connect(): Promise<DockerEngine> {
  const notes: string[] = [];

  const hostNote = await configureHostOverride();
  if (hostNote !== undefined) {
    notes.push(hostNote);
  }

  let client: ContainerRuntimeClient;
  try {
    client = await withTimeout(getContainerRuntimeClient(), CONNECT_TIMEOUT_MS);
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new DockerEngineUnavailableError(`No Docker engine responded (${cause}). ${INSTALL_HINT}`, { cause: error });
  }

  const reaperNote = await configureReaper(client);
  if (reaperNote !== undefined) {
    notes.push(reaperNote);
  }

  const version = await client.container.dockerode.version();

  return {
    client,
    serverVersion: version.Version,
    host: client.info.containerRuntime.host,
    notes,
  };
}

/**
 * Sets TESTCONTAINERS_HOST_OVERRIDE=localhost when this machine has `/.dockerenv` but the
 * engine runs on this machine itself. testcontainers 12.2 takes `/.dockerenv` to mean "inside a
 * container" and then looks for the bridge gateway, which on an engine whose bridge lists no
 * gateway means pulling `alpine:3.14` to read its route table. The engine reports its own
 * host name in `/info`. When that equals this machine's host name, published ports are on
 * localhost.
 */
async function configureHostOverride(): Promise<string | undefined> {
  if (process.env["TESTCONTAINERS_HOST_OVERRIDE"] !== undefined || !existsSync("/.dockerenv")) {
    return undefined;
  }

  const socketPath = localSocketPath();
  if (socketPath === undefined) {
    return undefined;
  }

  const engineName = await readEngineName(socketPath);
  if (engineName !== hostname()) {
    return undefined;
  }

  process.env["TESTCONTAINERS_HOST_OVERRIDE"] = "localhost";
  return "TESTCONTAINERS_HOST_OVERRIDE=localhost: /.dockerenv exists but the engine runs on this host";
}

function localSocketPath(): string | undefined {
  const dockerHost = process.env["DOCKER_HOST"];
  if (dockerHost === undefined || dockerHost === "") {
    return "/var/run/docker.sock";
  }
  if (dockerHost.startsWith("unix://")) {
    return dockerHost.slice("unix://".length);
  }
  return undefined;
}

/** Reads `Name` from the engine's `/info`, or returns undefined when the socket does not respond. */
function readEngineName(socketPath: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: "/info", timeout: 2_000 }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => {
        try {
          resolve((JSON.parse(body) as { Name?: string }).Name);
        } catch {
          resolve(undefined);
        }
      });
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(undefined));
    req.end();
  });
}

/**
 * Turns off Ryuk, testcontainers' reaper container, when its image is not on the engine.
 * Pulling it would fail on an engine without registry access, and the harness removes its
 * containers by label itself. A setting of TESTCONTAINERS_RYUK_DISABLED made by the user wins.
 */
async function configureReaper(client: ContainerRuntimeClient): Promise<string | undefined> {
  if (process.env["TESTCONTAINERS_RYUK_DISABLED"] !== undefined) {
    return undefined;
  }

  const reaperImage = getReaperImage();
  if (await client.image.exists(ImageName.fromString(reaperImage))) {
    return undefined;
  }

  process.env["TESTCONTAINERS_RYUK_DISABLED"] = "true";
  return `TESTCONTAINERS_RYUK_DISABLED=true: the Ryuk image ${reaperImage} is not on the engine; cleanup is by label only`;
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
