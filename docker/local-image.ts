// Builds a container image from a program installed on this machine, without any registry.
// The binary, every shared library `ldd` lists, a few configuration files and (when found) a
// static busybox for a shell, `nc` and `ip` go into a root file system archive. The engine's
// image import (`docker import`) turns that into an image. The tag is a digest of the
// content, so an unchanged binary reuses the existing image.
//
// As a script: npm run local-image -- --binary /usr/bin/memcached --repository NAME \
//   [--file SOURCE[=TARGET]]... [--user USER]

import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readFile, realpath, stat } from "node:fs/promises";
import { dirname, isAbsolute, posix } from "node:path";
import { Readable } from "node:stream";
import { parseArgs, promisify } from "node:util";

import type Dockerode from "dockerode";

import { createTarArchive, type TarEntry } from "./tar-archive.ts";

const execFileAsync = promisify(execFile);

export interface ImageFile {
  /** Path on this machine; symbolic links are followed. */
  source: string;
  /** Absolute path in the image; defaults to `source`. */
  target?: string;
  /** Defaults to the source's permission bits. */
  mode?: number;
}

export interface LocalImageSpec {
  /** Image repository, for example `mcrouter-mtls-conformance/memcached`. The tag is computed. */
  repository: string;
  /** The program; placed at the same path in the image, with the libraries `ldd` lists for it. */
  binary: string;
  extraFiles?: ImageFile[];
  /** Defaults to `[binary]`. */
  entrypoint?: string[];
  cmd?: string[];
  /** User the container runs as, for example `65534:65534`. */
  user?: string;
  env?: Record<string, string>;
  labels?: Record<string, string>;
  /** Path of a statically linked busybox; found on PATH when absent. `false` leaves it out. */
  busybox?: string | false;
}

export interface LocalImage {
  /** Repository and tag, ready for `docker run` or GenericContainer. */
  name: string;
  /** First 16 hex digits of the SHA-256 over the image's files and settings. */
  contentDigest: string;
  /** False when an image with this content already existed. */
  built: boolean;
  /** Whether the image has busybox, so a shell. */
  hasShell: boolean;
}

/**
 * Files every image gets when this machine has them: user names for `USER`, and OpenSSL's
 * configuration at Debian's OPENSSLDIR (OpenSSL runs on its defaults without it).
 */
const BASE_FILES = ["/etc/passwd", "/etc/group", "/usr/lib/ssl/openssl.cnf"];

const BUSYBOX_APPLETS = ["sh", "nc", "ip", "cat", "ls", "ps", "kill", "sleep", "env", "netstat"];

/** Label on every image this builder makes, with the builder's format version as value. */
export const LOCAL_IMAGE_LABEL = "mcrouter-mtls-conformance.local-image";
const FORMAT_VERSION = "1";

/**
 * Builds the image unless one with the same content digest exists, and returns its name.
 * Raises an error naming the library when `ldd` cannot resolve one.
 */
export async function buildLocalImage(dockerode: Dockerode, spec: LocalImageSpec): Promise<LocalImage> {
  const entries = await collectEntries(spec);
  const busyboxPath = await resolveBusybox(spec.busybox);
  if (busyboxPath !== undefined) {
    entries.push(...(await busyboxEntries(busyboxPath)));
  }

  const changes = dockerfileChanges(spec);
  const contentDigest = digest(entries, changes);
  const name = `${spec.repository}:${contentDigest}`;

  if (await imageExists(dockerode, name)) {
    return { name, contentDigest, built: false, hasShell: busyboxPath !== undefined };
  }

  const archive = createTarArchive(withParentDirectories(entries));
  const progress = await dockerode.importImage(Readable.from([archive]), {
    repo: spec.repository,
    tag: contentDigest,
    changes,
  } as object);
  await followImport(dockerode, progress, name);
  await removeSupersededImages(dockerode, spec.repository, name);

  return { name, contentDigest, built: true, hasShell: busyboxPath !== undefined };
}

/**
 * Removes the earlier images of the repository that this builder made, so that each changed
 * binary does not leave a 10 MB image behind. Images that containers still use stay.
 */
async function removeSupersededImages(dockerode: Dockerode, repository: string, keep: string): Promise<void> {
  const images = await dockerode.listImages({ filters: { reference: [repository], label: [LOCAL_IMAGE_LABEL] } });
  for (const image of images) {
    for (const tag of image.RepoTags ?? []) {
      if (tag === keep || !tag.startsWith(`${repository}:`)) {
        continue;
      }
      try {
        await dockerode.getImage(tag).remove();
      } catch (error) {
        const statusCode = (error as { statusCode?: number }).statusCode;
        if (statusCode !== 404 && statusCode !== 409) {
          throw error;
        }
      }
    }
  }
}

async function collectEntries(spec: LocalImageSpec): Promise<TarEntry[]> {
  const files: ImageFile[] = [
    { source: spec.binary },
    ...(await sharedLibraries(spec.binary)).map((library) => ({ source: library })),
    ...(await existingFiles(BASE_FILES)).map((path) => ({ source: path })),
    ...(spec.extraFiles ?? []),
  ];

  const byTarget = new Map<string, TarEntry>();
  for (const file of files) {
    const target = file.target ?? file.source;
    if (!isAbsolute(target)) {
      throw new Error(`image file target "${target}" is not absolute: give a path starting with "/".`);
    }
    byTarget.set(target, await fileEntry(file.source, target, file.mode));
  }
  return [...byTarget.values()];
}

async function existingFiles(paths: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const path of paths) {
    try {
      await stat(path);
      found.push(path);
    } catch {
      // Absent on this machine.
    }
  }
  return found;
}

async function fileEntry(source: string, target: string, mode: number | undefined): Promise<TarEntry> {
  let content: Buffer;
  let sourceMode: number;
  try {
    content = await readFile(source);
    sourceMode = (await stat(source)).mode & 0o7777;
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`image file "${source}" cannot be read (${cause}): install it or leave it out of the image.`, { cause: error });
  }
  return { type: "file", path: target, mode: mode ?? sourceMode, content };
}

/**
 * Lists the shared libraries of a dynamically linked program, with its loader, as `ldd`
 * resolves them on this machine. A static program has none.
 */
export async function sharedLibraries(binary: string): Promise<string[]> {
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync("ldd", [binary]));
  } catch (error) {
    const output = String((error as { stdout?: string }).stdout ?? "") + String((error as { stderr?: string }).stderr ?? "");
    if (output.includes("not a dynamic executable") || output.includes("statically linked")) {
      return [];
    }
    throw new Error(`ldd ${binary} failed: ${output.trim() || String(error)}. Is it a program for this machine?`, { cause: error });
  }

  const missing = [...stdout.matchAll(/^\s*(\S+) => not found/gm)].map((match) => match[1]);
  if (missing.length > 0) {
    throw new Error(`ldd cannot find libraries of ${binary}: ${missing.join(", ")}. Install them on this machine first.`);
  }

  const libraries = new Set<string>();
  for (const match of stdout.matchAll(/(?:=>\s*)?(\/\S+)\s+\(0x[0-9a-f]+\)/g)) {
    if (match[1] !== undefined) {
      libraries.add(match[1]);
    }
  }
  return [...libraries];
}

async function resolveBusybox(option: LocalImageSpec["busybox"]): Promise<string | undefined> {
  if (option === false) {
    return undefined;
  }
  if (option !== undefined) {
    return option;
  }

  for (const candidate of ["/usr/bin/busybox", "/bin/busybox"]) {
    try {
      const path = await realpath(candidate);
      if ((await sharedLibraries(path)).length === 0) {
        return path;
      }
    } catch {
      // Not installed here.
    }
  }
  return undefined;
}

async function busyboxEntries(busyboxPath: string): Promise<TarEntry[]> {
  const entries: TarEntry[] = [await fileEntry(busyboxPath, "/bin/busybox", 0o755)];
  for (const applet of BUSYBOX_APPLETS) {
    entries.push({ type: "symlink", path: `/bin/${applet}`, target: "busybox" });
  }
  return entries;
}

/** Lists the Dockerfile instructions for the import, in a fixed order. */
function dockerfileChanges(spec: LocalImageSpec): string[] {
  const changes: string[] = [];
  const env = { PATH: "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin", ...spec.env };
  for (const [key, value] of Object.entries(env)) {
    changes.push(`ENV ${key}=${JSON.stringify(value)}`);
  }

  const labels = { ...spec.labels, [LOCAL_IMAGE_LABEL]: FORMAT_VERSION };
  for (const [key, value] of Object.entries(labels)) {
    changes.push(`LABEL ${JSON.stringify(key)}=${JSON.stringify(value)}`);
  }

  if (spec.user !== undefined) {
    changes.push(`USER ${spec.user}`);
  }
  changes.push(`ENTRYPOINT ${JSON.stringify(spec.entrypoint ?? [spec.binary])}`);
  if (spec.cmd !== undefined) {
    changes.push(`CMD ${JSON.stringify(spec.cmd)}`);
  }
  return changes;
}

function digest(entries: TarEntry[], changes: string[]): string {
  const hash = createHash("sha256");
  hash.update(`format ${FORMAT_VERSION}\n`);
  for (const entry of [...entries].sort((a, b) => a.path.localeCompare(b.path))) {
    hash.update(`${entry.type} ${entry.path}`);
    if (entry.type === "file") {
      hash.update(` ${entry.mode.toString(8)} `);
      hash.update(entry.content);
    } else if (entry.type === "symlink") {
      hash.update(` -> ${entry.target}`);
    }
    hash.update("\n");
  }
  hash.update(changes.join("\n"));
  return hash.digest("hex").slice(0, 16);
}

/** Adds an entry for every parent directory (mode 0755), and /tmp (mode 1777), ahead of the files. */
function withParentDirectories(entries: TarEntry[]): TarEntry[] {
  const directories = new Set<string>(["/tmp"]);
  for (const entry of entries) {
    for (let parent = dirname(entry.path); parent !== "/"; parent = posix.dirname(parent)) {
      directories.add(parent);
    }
  }

  const directoryEntries: TarEntry[] = [...directories].sort().map((path) => ({
    type: "directory",
    path,
    mode: path === "/tmp" ? 0o1777 : 0o755,
  }));
  return [...directoryEntries, ...entries];
}

async function imageExists(dockerode: Dockerode, name: string): Promise<boolean> {
  try {
    await dockerode.getImage(name).inspect();
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) {
      return false;
    }
    throw error;
  }
}

function followImport(dockerode: Dockerode, progress: NodeJS.ReadableStream, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    dockerode.modem.followProgress(progress, (error: Error | null, messages: Array<{ error?: string }>) => {
      const failure = error?.message ?? messages.find((message) => message.error !== undefined)?.error;
      if (failure !== undefined) {
        reject(new Error(`importing image ${name} failed: ${failure}`));
      } else {
        resolve();
      }
    });
  });
}

const USAGE = `Usage: npm run local-image -- --binary PATH --repository NAME [--file SOURCE[=TARGET]]... [--user USER]

Packages a program installed on this machine as a local container image: the binary, every
shared library ldd lists, and a static busybox when one is installed. Prints the image name.

  --binary PATH        The program, for example /usr/bin/memcached or an mcrouter build.
  --repository NAME    Image repository; the tag is a digest of the content.
  --file SOURCE[=TARGET]  An extra file to copy in (repeatable).
  --user USER          User the image runs as. Default: none, so containers run as root.
`;

class LocalImageUsageError extends Error {}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        binary: { type: "string" },
        repository: { type: "string" },
        file: { type: "string", multiple: true },
        user: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new LocalImageUsageError(`${(error as Error).message}.\n\n${USAGE}`);
  }
  if (values.help === true) {
    process.stdout.write(USAGE);
    return;
  }
  if (values.binary === undefined || values.repository === undefined) {
    throw new LocalImageUsageError(`both --binary and --repository are required.\n\n${USAGE}`);
  }

  const extraFiles = (values.file ?? []).map((value): ImageFile => {
    const [source = "", target] = value.split("=");
    return target === undefined ? { source } : { source, target };
  });

  const { getContainerRuntimeClient } = await import("testcontainers");
  const { connectDockerEngine } = await import("../harness/engine/docker-engine.ts");
  await connectDockerEngine();
  const client = await getContainerRuntimeClient();

  const spec: LocalImageSpec = { repository: values.repository, binary: values.binary, extraFiles };
  if (values.user !== undefined) {
    spec.user = values.user;
  }
  const image = await buildLocalImage(client.container.dockerode, spec);
  process.stdout.write(`${image.name} (${image.built ? "built" : "already present"})\n`);
}

if (import.meta.main) {
  try {
    await main();
  } catch (error) {
    process.stderr.write(`local-image: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = error instanceof LocalImageUsageError ? 2 : 1;
  }
}
