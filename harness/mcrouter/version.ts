// The mcrouter version a run reports. mcrouter replies to `version` with
// `VERSION <package version> mcrouter` (`mcrouter/configure.ac:36`), but a build from
// source that did not set the package version replies without a release: `VERSION .0
// mcrouter` from the autotools build, and `VERSION 0.1.0-dev mcrouter` from the CMake build
// (its default MCROUTER_PACKAGE_VERSION, CMakeLists.txt:15; observed on v2026.08.17.00).
// The version under test must then come from the run's own options: the image tag or a label.

import type { McrouterLocation } from "./locate.ts";

export interface VersionReply {
  /** The release number, or null when the reply carries none (a source build). */
  release: string | null;
  /** The product word after the number, `mcrouter` for mcrouter. */
  product: string;
}

/** The package version of a CMake build that did not set one, the same for every release. */
const CMAKE_DEFAULT_VERSION = "0.1.0-dev";

/** Parse `VERSION .0 mcrouter` or `VERSION 41.0.0 mcrouter`. Throws on any other line. */
export function parseVersionReply(line: string): VersionReply {
  const match = /^VERSION (\S*) (\S+)\r?\n?$/.exec(line);
  if (match === null) {
    throw new Error(`"${line.trim()}" is not a version reply of the form "VERSION <version> <product>"`);
  }

  const number = match[1] ?? "";
  const release = /^\d/.test(number) && number !== CMAKE_DEFAULT_VERSION ? number : null;
  return { release, product: match[2] ?? "" };
}

/** Return the tag of an image reference, or undefined when it has none (`mcrouter:v2026.08.17.00` gives `v2026.08.17.00`). */
export function imageTag(image: string): string | undefined {
  const lastSlash = image.lastIndexOf("/");
  const name = image.slice(lastSlash + 1).split("@")[0] ?? "";
  const colon = name.lastIndexOf(":");
  return colon === -1 ? undefined : name.slice(colon + 1);
}

export interface TestedMcrouter {
  version: string;
  /** mcrouter's reply to `version`, when the caller passed it. */
  versionReply?: string;
  image?: string;
  binary?: string;
  label?: string;
}

/**
 * Describe the mcrouter under test for `RunResult.tested.mcrouter`. The version comes
 * from the reply when it carries a release number, else from `label` (for example
 * the release tag given to the run), else from the image tag, else it reads as unknown with the reason.
 */
export function describeTestedMcrouter(reply: VersionReply, location: Exclude<McrouterLocation, { kind: "absent" }>, label?: string): TestedMcrouter {
  const tested: TestedMcrouter = { version: "" };
  if (location.kind === "image") tested.image = location.image;
  if (location.kind === "binary") tested.binary = location.path;
  if (label !== undefined && label !== "") tested.label = label;

  const tag = location.kind === "image" ? imageTag(location.image) : undefined;
  tested.version =
    reply.release ?? tested.label ?? (tag !== undefined && tag !== "latest" ? tag : "unknown: mcrouter's version reply carries no release; pass a label, for example the release tag, to name it");
  return tested;
}
