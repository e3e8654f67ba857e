// Where the mcrouter under test comes from. mcrouter has no Debian package, so the
// harness takes it from an image (`MCROUTER_IMAGE`) or a binary (`MCROUTER_BIN`).
// With neither set, the mcrouter suites skip and print the reason. A variable that is set but
// points at nothing is an error, because skipping would hide the mistake.

import { constants } from "node:fs";
import { execFile } from "node:child_process";
import { access, stat } from "node:fs/promises";
import { resolve as resolvePath } from "node:path";

import { ImageName } from "testcontainers";

import { connectDockerEngine, type DockerEngine } from "../engine/docker-engine.ts";

export type McrouterLocation =
  | { kind: "image"; image: string }
  | { kind: "binary"; path: string }
  | { kind: "absent"; reason: string };

export type BinaryStatus = "ok" | "missing" | "not-a-file" | "not-executable" | "not-mcrouter";
export type ImageStatus = "present" | "missing" | "no-engine";

/** The file-system and Docker look-ups `resolveMcrouter` makes, replaceable in tests. */
export interface LocateChecks {
  binaryStatus(path: string): Promise<BinaryStatus>;
  /** Looks the image up in the local engine only; never pulls. */
  imageStatus(image: string): Promise<ImageStatus>;
}

/** The message every skipped mcrouter suite shows. */
export const ABSENT_HINT = "mcrouter not available: set MCROUTER_IMAGE or MCROUTER_BIN";

export class McrouterLocationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "McrouterLocationError";
  }
}

async function binaryStatus(path: string): Promise<BinaryStatus> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return "not-a-file";
  } catch {
    return "missing";
  }

  try {
    await access(path, constants.X_OK);
  } catch {
    return "not-executable";
  }

  return (await printsMcrouterVersion(path)) ? "ok" : "not-mcrouter";
}

/** Whether `path --version` prints mcrouter's version line, for example `0.1.0-dev mcrouter`, within 5 s. */
async function printsMcrouterVersion(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(path, ["--version"], { timeout: 5000 }, (_error, stdout, stderr) => {
      resolve(/\bmcrouter\b/.test(`${stdout}${stderr}`));
    });
  });
}

async function imageStatus(image: string): Promise<ImageStatus> {
  let engine: DockerEngine;
  try {
    engine = await connectDockerEngine();
  } catch {
    return "no-engine";
  }
  return (await engine.client.image.exists(ImageName.fromString(image))) ? "present" : "missing";
}

export const DEFAULT_CHECKS: LocateChecks = { binaryStatus, imageStatus };

/**
 * Resolve the mcrouter to test from `MCROUTER_IMAGE` or `MCROUTER_BIN`. Returns
 * `absent` when neither is set. Throws McrouterLocationError, naming the variable
 * and the fix, when both are set, the binary is missing or not executable, no Docker
 * engine responds, or the image is not in the local engine.
 */
export async function resolveMcrouter(env: NodeJS.ProcessEnv = process.env, checks: LocateChecks = DEFAULT_CHECKS): Promise<McrouterLocation> {
  const image = env.MCROUTER_IMAGE?.trim() ?? "";
  const binary = env.MCROUTER_BIN?.trim() ?? "";

  if (image === "" && binary === "") {
    return { kind: "absent", reason: `${ABSENT_HINT} (neither is set)` };
  }

  if (image !== "" && binary !== "") {
    throw new McrouterLocationError(
      `MCROUTER_IMAGE=${image} and MCROUTER_BIN=${binary} are both set: unset one, so that the run tests a single mcrouter`,
    );
  }

  if (binary !== "") {
    const path = resolvePath(binary);
    const status = await checks.binaryStatus(path);
    const problems: Record<Exclude<BinaryStatus, "ok">, string> = {
      missing: `MCROUTER_BIN=${binary}: no file at ${path}. Point it at an mcrouter binary, or unset it and set MCROUTER_IMAGE`,
      "not-a-file": `MCROUTER_BIN=${binary}: ${path} is not a regular file. Point it at the mcrouter binary itself`,
      "not-executable": `MCROUTER_BIN=${binary}: ${path} is not executable. Run chmod +x ${path}`,
      "not-mcrouter": `MCROUTER_BIN=${binary}: ${path} is not mcrouter, because \`${path} --version\` did not print a line naming mcrouter. Point it at an mcrouter binary`,
    };
    if (status !== "ok") {
      throw new McrouterLocationError(problems[status]);
    }
    return { kind: "binary", path };
  }

  const status = await checkImage(checks, image);
  if (status === "no-engine") {
    throw new McrouterLocationError(
      `MCROUTER_IMAGE=${image} is set but no Docker engine responds. Start the engine (scripts/setup.sh does), or unset MCROUTER_IMAGE and set MCROUTER_BIN`,
    );
  }
  if (status === "missing") {
    throw new McrouterLocationError(
      `MCROUTER_IMAGE=${image} is not in the local Docker engine, and the harness never pulls. Run docker pull ${image} where a registry is reachable, or package a host mcrouter binary with npm run local-image -- --binary /path/to/mcrouter --repository mcrouter-mtls-conformance/mcrouter and set MCROUTER_IMAGE to the name it prints`,
    );
  }
  return { kind: "image", image };
}

async function checkImage(checks: LocateChecks, image: string): Promise<ImageStatus> {
  try {
    ImageName.fromString(image);
  } catch {
    throw new McrouterLocationError(`MCROUTER_IMAGE=${image} is not an image reference: use name[:tag], for example mcrouter:v2026.08.17.00`);
  }
  return checks.imageStatus(image);
}
