// Certificate files that mcrouter's `--pem-*` and `--server-pem-*` flags point at, taken
// from a certs-gen kit. Paths stay relative to the kit directory here. The command-line
// generator joins them with the directory as mcrouter sees it: a host path for a local
// process, the mount point inside a container.

import type { KitManifest } from "../../certs-gen/manifest.ts";

/** A leaf's chain file and its key, relative to the kit directory. */
export interface PemCredential {
  /** The kit variant the files belong to, for reports. */
  variant: string;
  /** Leaf first, then intermediates; mcrouter loads up to 64 chain certificates after the leaf. */
  certPath: string;
  keyPath: string;
}

/** Look up a kit variant and return its chain and key paths. Throws when the kit lacks it. */
export function credentialFromManifest(manifest: KitManifest, variantId: string): PemCredential {
  const variant = manifest.variants.find((entry) => entry.id === variantId);
  if (variant === undefined) {
    const known = manifest.variants.map((entry) => entry.id).join(", ");
    throw new Error(`kit variant "${variantId}" not found in the kit manifest; the kit has: ${known}`);
  }

  return { variant: variant.id, certPath: variant.files.chain, keyPath: variant.files.key };
}

/** The trusted root of the kit, for `--server-pem-ca-path` and `--pem-ca-path`. */
export function trustRootPath(manifest: KitManifest): string {
  return manifest.trust.root;
}
