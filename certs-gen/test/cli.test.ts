// The certs-gen command: help, listing, usage errors (exit status 2, naming the value and the fix, writing
// nothing), and a successful run that prints no key material.

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const CLI = fileURLToPath(new URL("../cli.ts", import.meta.url));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function certsGen(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

let parent: string;

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), "certs-gen-cli-"));
});

afterAll(async () => {
  if (parent) await rm(parent, { recursive: true, force: true });
});

describe("certs-gen", () => {
  test("help names every option", async () => {
    const run = await certsGen("--help");
    expect(run.status).toBe(0);
    for (const option of ["--out", "--ips", "--dns", "--key-type", "--chain", "--variants", "--force", "--list", "--markdown"]) {
      expect(run.stdout).toContain(option);
    }
    expect(run.stdout).toContain("default ecdsa-p256");
  });

  test("is executable with a shebang", async () => {
    expect((await readFile(CLI, "utf8")).startsWith("#!/usr/bin/env node\n")).toBe(true);
    expect((await stat(CLI)).mode & 0o111).not.toBe(0);
  });

  test("list prints every id", async () => {
    const run = await certsGen("--list");
    expect(run.status).toBe(0);
    for (const id of ["client.valid.rsa2048", "server.expired", "peer.valid.ed25519", "client.eku-server-only", "server.corrupted-pem"]) {
      expect(run.stdout).toMatch(new RegExp(`^${id.replaceAll(".", "\\.")}\\s`, "m"));
    }
  });

  test("writes a kit without printing keys", async () => {
    const out = join(parent, "kit");
    const run = await certsGen("--out", out, "--ips", "127.0.0.5,::1", "--dns", "localhost", "--key-type", "rsa2048", "--chain");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("wrote 69 variants");
    expect(run.stdout + run.stderr).not.toMatch(/PRIVATE KEY|BEGIN/);
    const manifest = JSON.parse(await readFile(join(out, "manifest.json"), "utf8"));
    expect(manifest.options).toEqual({ keyType: "rsa2048", ips: ["127.0.0.5", "::1"], dns: ["localhost"], chain: true });
    expect((await stat(join(out, "variants/client.valid.rsa2048/key.pem"))).mode & 0o777).toBe(0o600);
  });

  test("force replaces a kit", async () => {
    const out = join(parent, "replaced");
    expect((await certsGen("--out", out, "--variants", "client.valid.*")).status).toBe(0);
    const again = await certsGen("--out", out, "--variants", "server.expired", "--force");
    expect(again.status).toBe(0);
    expect(await readdir(join(out, "variants"))).toEqual(["server.expired"]);
  });
});

describe("certs-gen usage errors", () => {
  // Each case: arguments, what stderr must name, the path that must not appear.
  const cases: Array<[string, string[], RegExp[]]> = [
    ["bad IP", ["--ips", "127.0.0.1,300.1.2.3"], [/--ips/, /"300\.1\.2\.3"/, /fix:/]],
    ["IP with port", ["--ips", "127.0.0.1:11211"], [/"127\.0\.0\.1:11211"/, /without ports/]],
    ["unknown variant", ["--variants", "client.expird"], [/unknown variant "client\.expird"/, /client\.expired/]],
    ["pattern without match", ["--variants", "nobody.*"], [/matches no id/, /fix:/]],
    ["unknown key type", ["--key-type", "rsa4096"], [/"rsa4096"/, /rsa2048, ecdsa-p256, ed25519/]],
    ["bad DNS name", ["--dns", "bad_name!"], [/--dns/, /"bad_name!"/]],
    ["unknown option", ["--colour"], [/--colour/, /--help/]],
  ];

  test.each(cases)("%s", async (_name, args, messages) => {
    const out = join(parent, `usage-${_name.replaceAll(" ", "-")}`);
    const run = await certsGen("--out", out, ...args);
    expect(run.status).toBe(2);
    for (const message of messages) expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe("");
    expect(existsSync(out)).toBe(false);
  });

  test("missing --out", async () => {
    const run = await certsGen("--ips", "127.0.0.1");
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--out: no output directory given/);
  });

  test("non-empty directory without --force", async () => {
    const out = join(parent, "occupied");
    await mkdir(out);
    await writeFile(join(out, "keep.txt"), "mine");
    const run = await certsGen("--out", out);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${out} exists and is not empty`);
    expect(run.stderr).toContain("--force");
    expect(await readdir(out)).toEqual(["keep.txt"]);
  });

  test("force on a non-kit directory", async () => {
    const out = join(parent, "not-a-kit");
    await mkdir(out);
    await writeFile(join(out, "keep.txt"), "mine");
    const run = await certsGen("--out", out, "--force");
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("contains no certs-gen kit");
    expect(await readdir(out)).toEqual(["keep.txt"]);
  });

  test("unwritable directory", async () => {
    const file = join(parent, "plain-file");
    await writeFile(file, "x");
    const run = await certsGen("--out", join(file, "kit"));
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${file} is a file, not a directory`);
    expect(run.stderr).toContain("fix:");
  });
});
