// The local image builder against the real engine, and its archive format against GNU tar.

import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

import { GenericContainer, Wait, getContainerRuntimeClient } from "testcontainers";
import { describe, expect, test } from "vitest";

import { LOCAL_IMAGE_LABEL, buildLocalImage, sharedLibraries } from "../../../docker/local-image.ts";
import { MEMCACHED_REPOSITORY, resolveMemcachedImage } from "../../../docker/memcached-image.ts";
import { createTarArchive } from "../../../docker/tar-archive.ts";
import { runLabels, newScopeId } from "../../cleanup/run-identity.ts";
import { findMemcachedBinary } from "../local/memcached-binary.ts";
import { checkEngine } from "./engine-availability.ts";

const execFileAsync = promisify(execFile);
const engine = await checkEngine();

describe("tar archive", () => {
  test("GNU tar lists every entry", async () => {
    const directory = await mkdtemp(join(tmpdir(), "tar-archive-test-"));
    try {
      const longPath = `/${"d".repeat(80)}/${"e".repeat(60)}/file.txt`;
      const archive = createTarArchive([
        { type: "directory", path: "/etc", mode: 0o755 },
        { type: "file", path: "/etc/hello.txt", mode: 0o640, content: Buffer.from("hello\n") },
        { type: "file", path: longPath, mode: 0o644, content: Buffer.alloc(1000, 120) },
        { type: "symlink", path: "/bin/sh", target: "busybox" },
      ]);
      const file = join(directory, "root.tar");
      await writeFile(file, archive);

      const { stdout } = await execFileAsync("tar", ["-tvf", file]);

      expect(stdout).toMatch(/^drwxr-xr-x root\/root\s+0 .* etc\/$/m);
      expect(stdout).toMatch(/^-rw-r----- root\/root\s+6 .* etc\/hello\.txt$/m);
      expect(stdout).toContain(`${longPath.slice(1)}`);
      expect(stdout).toMatch(/^lrwxrwxrwx root\/root\s+0 .* bin\/sh -> busybox$/m);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe("sharedLibraries", () => {
  test("lists libssl and the loader for memcached", async () => {
    const libraries = await sharedLibraries("/usr/bin/memcached");
    expect(libraries.some((path) => /\/libssl\.so\.\d+$/.test(path))).toBe(true);
    expect(libraries.some((path) => /\/ld-linux[^/]*\.so\.\d+$/.test(path))).toBe(true);
  });
});

describe(`local image ${engine.skipReason}`, () => {
  test.skipIf(!engine.available)("memcached image is reused when unchanged", { timeout: 120_000 }, async () => {
    const client = await getContainerRuntimeClient();

    const first = await resolveMemcachedImage(client);
    const second = await resolveMemcachedImage(client);

    expect(first.source).toBe("local-binary");
    expect(first.name).toMatch(new RegExp(`^${MEMCACHED_REPOSITORY}:[0-9a-f]{16}$`));
    expect(second.name).toBe(first.name);

    const inspect = await client.container.dockerode.getImage(first.name).inspect();
    expect(inspect.Config.Labels?.[LOCAL_IMAGE_LABEL]).toBe("1");
    expect(inspect.Config.User).toBe("65534:65534");
    expect(inspect.Config.Entrypoint).toEqual([(await findMemcachedBinary()).path]);
  });

  test.skipIf(!engine.available)("unchanged content reuses, changed replaces", { timeout: 120_000 }, async () => {
    const dockerode = (await getContainerRuntimeClient()).container.dockerode;
    const spec = { repository: "mcrouter-mtls-conformance/test-busybox-only", binary: "/usr/bin/busybox", busybox: false as const, cmd: ["--help"] };
    const names: string[] = [];

    try {
      const first = await buildLocalImage(dockerode, spec);
      names.push(first.name);
      const second = await buildLocalImage(dockerode, spec);
      const changed = await buildLocalImage(dockerode, { ...spec, cmd: ["--list"] });
      names.push(changed.name);

      expect(first.built).toBe(true);
      expect(second.name).toBe(first.name);
      expect(second.built).toBe(false);
      expect(changed.name).not.toBe(first.name);
      const tags = (await dockerode.listImages({ filters: { reference: [spec.repository] } })).flatMap((image) => image.RepoTags ?? []);
      expect(tags).toEqual([changed.name]);
    } finally {
      for (const name of names) {
        await dockerode.getImage(name).remove({ force: true }).catch(() => undefined);
      }
    }
  });

  test.skipIf(!engine.available)("image has a shell and memcached runs", { timeout: 120_000 }, async () => {
    const client = await getContainerRuntimeClient();
    const image = await resolveMemcachedImage(client);
    expect(image.hasShell).toBe(true);

    const container = await new GenericContainer(image.name)
      .withCommand(["-p", "11211", "-U", "0", "-vv"])
      .withLabels(runLabels(newScopeId("image-test")))
      .withWaitStrategy(Wait.forLogMessage("server listening"))
      .start();
    try {
      const shell = await container.exec(["sh", "-c", "id -u; echo ok"]);
      expect(shell.output).toBe("65534\nok\n");

      const version = await container.exec(["memcached", "-V"]);
      expect(version.output).toMatch(/^memcached \d+\.\d+\.\d+/);
    } finally {
      await container.stop();
    }
  });
});
