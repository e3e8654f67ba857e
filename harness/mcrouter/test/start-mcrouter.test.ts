// The start-up failure path of startMcrouter, with real processes that exit at once.
// Starting a real mcrouter needs MCROUTER_BIN or MCROUTER_IMAGE; the suites do that.

import { chmod, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { ServerStartError } from "../../backends/server-start-error.ts";
import { findFreePort } from "../../ports/free-port.ts";
import { mcrouter } from "../builders.ts";
import { startMcrouter } from "../start-mcrouter.ts";

let dir = "";

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mcrouter-start-"));
  await writeFile(join(dir, "exits"), "#!/bin/sh\necho \"E1204 All of pemCertPath, pemKeyPath, pemCaPath required with sslPorts\" >&2\nexit 3\n");
  await chmod(join(dir, "exits"), 0o755);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function workDirsOf(name: string): Promise<string[]> {
  return (await readdir(tmpdir())).filter((entry) => entry.startsWith(`mcrouter-${name}-`));
}

describe("startMcrouter with a local binary", () => {
  test("process that exits before listening", async () => {
    const node = mcrouter("exits-early").withPort(await findFreePort()).withRoute("NullRoute").build();

    const starting = startMcrouter({ node, location: { kind: "binary", path: join(dir, "exits") }, kitDir: "/kit", resolve: () => ({ host: "127.0.0.1", port: 1 }) });

    const error = await starting.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServerStartError);
    const startError = error as ServerStartError;
    expect(startError.exitCode).toBe(3);
    expect(startError.stderr).toContain("All of pemCertPath, pemKeyPath, pemCaPath required with sslPorts");
    expect(startError.command[0]).toBe(join(dir, "exits"));
    expect(startError.command.some((word) => word.startsWith("--config=file:"))).toBe(true);
  });

  test("work directory removed after a failed start", async () => {
    const node = mcrouter("cleanup-check").withPort(await findFreePort()).withRoute("NullRoute").build();

    await startMcrouter({ node, location: { kind: "binary", path: join(dir, "exits") }, kitDir: "/kit", resolve: () => ({ host: "127.0.0.1", port: 1 }) }).catch(() => undefined);

    expect(await workDirsOf("cleanup-check")).toEqual([]);
  });

  test("missing binary", async () => {
    const node = mcrouter("no-binary").withPort(await findFreePort()).withRoute("NullRoute").build();

    await expect(
      startMcrouter({ node, location: { kind: "binary", path: join(dir, "absent") }, kitDir: "/kit", resolve: () => ({ host: "127.0.0.1", port: 1 }) }),
    ).rejects.toThrow(/spawn failed/);
  });
});

describe("startMcrouter from an image", () => {
  test("fixed address needs a network", async () => {
    const node = mcrouter("fixed").withPort(5000).withRoute("NullRoute").build();

    const starting = startMcrouter({
      node,
      location: { kind: "image", image: "mcrouter:never-started" },
      kitDir: "/kit",
      resolve: () => ({ host: "127.0.0.1", port: 1 }),
      ipv4Address: "10.44.5.10",
    });

    await expect(starting).rejects.toThrow(/ipv4Address 10\.44\.5\.10 needs networkName/);
  });
});
