// A harness process that ends before close() must leave no container and no memcached process:
// on SIGINT, on process.exit(), and, after SIGKILL, once the next backend starts and sweeps.

import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";

import { getContainerRuntimeClient } from "testcontainers";
import { afterEach, describe, expect, test } from "vitest";

import { removeLabelled } from "../../cleanup/labelled-resources.ts";
import { LABEL_RUN_ID } from "../../cleanup/run-identity.ts";
import type { BackendKind } from "../backend.ts";
import { backendCases } from "./backend-cases.ts";
import { useThrowawayCertificates } from "./certificates-fixture.ts";
import { checkEngine } from "./engine-availability.ts";
import { processesOfRun } from "./local-processes.ts";
import { requestVersion } from "./tls-version-request.ts";

const FIXTURE = fileURLToPath(new URL("./fixtures/hold-memcached.ts", import.meta.url));

const engine = await checkEngine();

const certificates = useThrowawayCertificates();

const heldServers: HeldServer[] = [];

// A failed check must not leave the fixture or its server running.
afterEach(async () => {
  for (const held of heldServers.splice(0)) {
    if (held.child.exitCode === null && held.child.signalCode === null) {
      held.child.kill("SIGKILL");
      await once(held.child, "exit");
    }
    for (const pid of await processesOfRun(held.runId)) {
      process.kill(pid, "SIGKILL");
    }
    if (engine.available) {
      const client = await getContainerRuntimeClient();
      await removeLabelled(client.container.dockerode, LABEL_RUN_ID, held.runId);
    }
  }
});

interface HeldServer {
  child: ChildProcessWithoutNullStreams;
  runId: string;
  host: string;
  port: number;
}

/**
 * Starts the fixture and waits for its JSON line, failing with its stderr when it exits first.
 * `group` makes it start three servers with startMemcachedGroup(), of which two run.
 */
async function holdMemcached(kind: BackendKind, mode?: "group"): Promise<HeldServer> {
  const args = mode === undefined ? [FIXTURE, kind, certificates.directory] : [FIXTURE, kind, certificates.directory, mode];
  const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));

  const lines = createInterface({ input: child.stdout });
  const firstLine = new Promise<string>((resolve, reject) => {
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`fixture exited with code ${code} before it was ready: ${stderr}`)));
  });
  const ready = JSON.parse(await firstLine) as { runId: string; host: string; port: number };
  const held = { child, ...ready };
  heldServers.push(held);
  return held;
}

async function containersOfRun(runId: string): Promise<string[]> {
  const client = await getContainerRuntimeClient();
  const containers = await client.container.dockerode.listContainers({ all: true, filters: { label: [`${LABEL_RUN_ID}=${runId}`] } });
  return containers.map((container) => container.Id);
}

/** Lists what the run left behind: container ids for the containers backend, pids for the local one. */
function leftovers(kind: BackendKind, runId: string): Promise<Array<string | number>> {
  return kind === "containers" ? containersOfRun(runId) : processesOfRun(runId);
}

async function waitForNoLeftovers(kind: BackendKind, runId: string, timeoutMs: number): Promise<Array<string | number>> {
  const deadline = Date.now() + timeoutMs;
  let left = await leftovers(kind, runId);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    left = await leftovers(kind, runId);
  }
  return left;
}

const cases = backendCases(engine);

describe.each(cases)("$kind backend cleanup $note", ({ kind, create, skip }) => {
  test.skipIf(skip)("SIGINT mid-run leaves nothing", { timeout: 60_000 }, async () => {
    const held = await holdMemcached(kind);
    expect(await requestVersion(held.host, held.port, certificates)).toMatch(/^VERSION /);
    expect(await leftovers(kind, held.runId)).toHaveLength(1);

    held.child.kill("SIGINT");
    const [code, signal] = (await once(held.child, "exit")) as [number | null, NodeJS.Signals | null];

    expect(signal).toBeNull();
    expect(code).toBe(130);
    expect(await leftovers(kind, held.runId)).toEqual([]);
  });

  test.skipIf(skip)("SIGINT with a group leaves nothing", { timeout: 60_000 }, async () => {
    const held = await holdMemcached(kind, "group");
    expect(await requestVersion(held.host, held.port, certificates)).toMatch(/^VERSION /);
    // One container for the whole group, or one process per running server.
    expect(await leftovers(kind, held.runId)).toHaveLength(kind === "containers" ? 1 : 2);

    held.child.kill("SIGINT");
    const [code, signal] = (await once(held.child, "exit")) as [number | null, NodeJS.Signals | null];

    expect(signal).toBeNull();
    expect(code).toBe(130);
    expect(await leftovers(kind, held.runId)).toEqual([]);
  });

  test.skipIf(skip)("process.exit() mid-run leaves nothing", { timeout: 60_000 }, async () => {
    const held = await holdMemcached(kind);
    expect(await leftovers(kind, held.runId)).toHaveLength(1);

    held.child.stdin.write("exit\n");
    const [code] = (await once(held.child, "exit")) as [number | null];
    expect(code).toBe(0);

    // The containers backend removes its containers from a detached process after `exit`.
    expect(await waitForNoLeftovers(kind, held.runId, 20_000)).toEqual([]);
  });

  test.skipIf(skip)("process.exit() with a group leaves nothing", { timeout: 60_000 }, async () => {
    const held = await holdMemcached(kind, "group");
    expect(await leftovers(kind, held.runId)).toHaveLength(kind === "containers" ? 1 : 2);

    held.child.stdin.write("exit\n");
    const [code] = (await once(held.child, "exit")) as [number | null];
    expect(code).toBe(0);

    expect(await waitForNoLeftovers(kind, held.runId, 20_000)).toEqual([]);
  });

  test.skipIf(skip)("SIGKILL leftovers swept at next start", { timeout: 60_000 }, async () => {
    const held = await holdMemcached(kind);
    held.child.kill("SIGKILL");
    await once(held.child, "exit");
    expect(await leftovers(kind, held.runId)).toHaveLength(1);

    const backend = await create();
    try {
      expect(await waitForNoLeftovers(kind, held.runId, 5_000)).toEqual([]);
    } finally {
      await backend.close();
    }
  });
});
