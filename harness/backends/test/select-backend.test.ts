// Backend choice, and the errors that name the install command when memcached is missing.

import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterEach, describe, expect, test } from "vitest";

import { findMemcachedBinary } from "../local/memcached-binary.ts";
import { selectBackend, type BackendPreference } from "../select-backend.ts";
import { checkEngine } from "./engine-availability.ts";

const engine = await checkEngine();

describe("selectBackend", () => {
  test("local on request", async () => {
    const { backend, reason } = await selectBackend("local");
    try {
      expect(backend.kind).toBe("local");
      expect(reason).toMatch(/^local: local backend requested: memcached \d+\.\d+\.\d+ at \//);
    } finally {
      await backend.close();
    }
  });

  test.skipIf(!engine.available)(`auto takes containers when an engine responds ${engine.skipReason}`, async () => {
    const { backend, reason } = await selectBackend("auto");
    try {
      expect(backend.kind).toBe("containers");
      expect(reason).toMatch(/^containers: a Docker engine responded: Docker \S+ at \S+, image \S+ \(from [a-z_-]+/i);
    } finally {
      await backend.close();
    }
  });

  test("rejects an unknown preference", async () => {
    await expect(selectBackend("remote" as BackendPreference)).rejects.toThrow(/backend preference "remote" is invalid/);
  });
});

describe("findMemcachedBinary", () => {
  const savedPath = process.env["PATH"];
  const savedBinary = process.env["MEMCACHED_BIN"];
  let directory: string | undefined;

  afterEach(async () => {
    process.env["PATH"] = savedPath;
    if (savedBinary === undefined) {
      delete process.env["MEMCACHED_BIN"];
    } else {
      process.env["MEMCACHED_BIN"] = savedBinary;
    }
    if (directory !== undefined) {
      await rm(directory, { recursive: true, force: true });
      directory = undefined;
    }
  });

  test("names the install command when absent", async () => {
    delete process.env["MEMCACHED_BIN"];
    process.env["PATH"] = "/nonexistent";
    await expect(findMemcachedBinary()).rejects.toThrow(/memcached was not found on PATH.*apt-get install memcached/);
  });

  // No memcached built without TLS is installed here, so this test uses a script that prints
  // what such a build prints for -V and -h.
  test("rejects a build without TLS", async () => {
    directory = await mkdtemp(join(tmpdir(), "memcached-without-tls-"));
    const script = join(directory, "memcached");
    await writeFile(script, '#!/bin/sh\ncase "$1" in -V) echo "memcached 1.6.18";; -h) echo "-p, --port=<num>  TCP port";; esac\n');
    await chmod(script, 0o755);
    process.env["MEMCACHED_BIN"] = script;

    await expect(findMemcachedBinary()).rejects.toThrow(/built without TLS: its -h lists no --enable-ssl.*apt-get install memcached/);
  });
});
