// Loads a certs-gen kit for the harness and checks it before any server starts, so that a
// missing or damaged kit fails with the path and the fix instead of as a TLS error later.

import { access, readFile } from "node:fs/promises";
import { constants } from "node:fs";
import { join, resolve } from "node:path";

import type { KitManifest, VariantEntry } from "../../certs-gen/manifest.ts";

export class KitError extends Error {
  override name = "KitError";
}

export interface LoadedKit {
  /** Absolute kit directory. */
  readonly dir: string;
  readonly manifest: KitManifest;
  /** The variant with this id. Throws KitError naming the id when the kit lacks it. */
  variant(id: string): VariantEntry;
  /** Absolute path of a file named in the manifest. */
  path(relative: string): string;
}

const REGENERATE_HINT = "regenerate it with `npm run certs-gen -- --out DIR --force`, or leave out --kit to let the run generate one";

/**
 * Reads `manifest.json` of the kit in `dir` and checks that every file it names exists.
 * Variants whose defect is an unreadable file still have that file; only its content is broken.
 */
export async function loadKit(dir: string): Promise<LoadedKit> {
  const kitDir = resolve(dir);
  const manifestPath = join(kitDir, "manifest.json");

  let text: string;
  try {
    text = await readFile(manifestPath, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : String(error);
    throw new KitError(`kit manifest ${manifestPath} ${reason}: ${REGENERATE_HINT}`);
  }

  let manifest: KitManifest;
  try {
    manifest = JSON.parse(text) as KitManifest;
  } catch (error) {
    throw new KitError(`kit manifest ${manifestPath} is not valid JSON (${(error as Error).message}): ${REGENERATE_HINT}`);
  }
  if (manifest.manifestVersion !== 1 || !Array.isArray(manifest.variants) || typeof manifest.trust?.root !== "string") {
    throw new KitError(`kit manifest ${manifestPath} is not a certs-gen manifest of version 1: ${REGENERATE_HINT}`);
  }

  const named = [manifest.trust.root, manifest.trust.bundle, ...manifest.variants.flatMap((v) => [v.files.cert, v.files.key, v.files.chain])];
  for (const file of named) {
    if (file === undefined) continue;
    try {
      await access(join(kitDir, file), constants.R_OK);
    } catch {
      throw new KitError(`kit file ${join(kitDir, file)} named in ${manifestPath} is missing or unreadable: ${REGENERATE_HINT}`);
    }
  }

  const byId = new Map(manifest.variants.map((variant) => [variant.id, variant]));
  return {
    dir: kitDir,
    manifest,
    variant(id) {
      const found = byId.get(id);
      if (found === undefined) {
        throw new KitError(`kit ${kitDir} has no variant "${id}": generate the full catalog (no --variants) or choose an id from \`npm run certs-gen -- --list\``);
      }
      return found;
    },
    path(relative) {
      return join(kitDir, relative);
    },
  };
}
