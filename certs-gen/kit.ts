// generateKit: builds the selected variants and the authorities they need, then writes the kit
// directory atomically with its manifest.
//
//   <out>/manifest.json            index of everything below (KitManifest), with "$schema"
//   <out>/manifest.schema.json     JSON Schema (draft 2020-12) of manifest.json
//   <out>/trust/root.pem           the trusted root alone (trust.root)
//   <out>/trust/bundle.pem         every trusted anchor: the root plus anchors kept for their own variants
//   <out>/authorities/<id>.pem     each authority's certificate; <id>.key.pem its private key (0600)
//   <out>/variants/<id>/cert.pem   the leaf; key.pem (0600); chain.pem (what the presenting side sends)

import { readFileSync } from "node:fs";
import { AUTHORITIES } from "./authorities.ts";
import type { CertificateAuthority } from "./authority.ts";
import { KitContext } from "./context.ts";
import { privateKeyPem } from "./keys.ts";
import type { AuthorityEntry, KitManifest, VariantEntry } from "./manifest.ts";
import { resolveOptions, type GenerateKitOptions, type ResolvedOptions } from "./options.ts";
import { selectVariants } from "./select.ts";
import { variantKit, type VariantDefinition } from "./variants.ts";
import { checkOutputDirectory, writeDirectoryAtomically, type KitFile } from "./write.ts";

export type { GenerateKitOptions } from "./options.ts";

export const GENERATOR_NAME = "certs-gen";
export const SCHEMA_FILE = "manifest.schema.json";
export const TRUST_ROOT_FILE = "trust/root.pem";
export const TRUST_BUNDLE_FILE = "trust/bundle.pem";

function generatorVersion(): string {
  try {
    return JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}

export function authorityFile(id: string): string {
  return `authorities/${id}.pem`;
}

export function authorityKeyFile(id: string): string {
  return `authorities/${id}.key.pem`;
}

function anchorFile(id: string): string {
  return id === "ca.root" ? TRUST_ROOT_FILE : authorityFile(id);
}

export interface BuiltKit {
  manifest: KitManifest;
  files: KitFile[];
}

/** Builds a kit in memory: the manifest and every file, nothing written. */
export async function buildKit(options: ResolvedOptions, selected: readonly VariantDefinition[] = selectVariants(options.variants)): Promise<BuiltKit> {
  const ctx = new KitContext({ keyType: options.keyType, ips: options.ips, dns: options.dns, chain: options.chain, now: options.now });
  // Every builder starts at once, so all key generation overlaps on the thread pool. The root is
  // requested first because every kit has it, whatever the selection.
  const [root, variants] = await Promise.all([
    ctx.authority("ca.root"),
    Promise.all(selected.map((definition) => definition.build(variantKit(ctx, definition)))),
  ]);

  const files: KitFile[] = [];
  const authorities: AuthorityEntry[] = [];
  const bundle: string[] = [];
  for (const id of ctx.authorityIds) {
    const definition = AUTHORITIES.find((a) => a.id === id)!;
    const ca = await ctx.authority(id);
    files.push({ path: authorityFile(id), content: ca.certificate.pem });
    files.push({ path: authorityKeyFile(id), content: privateKeyPem(ca.key), secret: true });
    if (definition.trusted) bundle.push(ca.certificate.pem);
    authorities.push({
      id,
      description: definition.description,
      trusted: definition.trusted,
      files: { cert: authorityFile(id), key: authorityKeyFile(id) },
      certificate: ca.certificate.facts,
      issuer: ca.parent ? await parentId(ctx, ca.parent) : null,
      defect: definition.defect,
    });
  }
  files.push({ path: TRUST_ROOT_FILE, content: root.certificate.pem });
  files.push({ path: TRUST_BUNDLE_FILE, content: bundle.join("") });

  const entries: VariantEntry[] = selected.map((definition, i) => {
    const v = variants[i]!;
    const dir = `variants/${definition.id}`;
    const certPem = v.certPem ?? v.leaf.pem;
    const chainPem = v.chainPem ?? certPem + v.chainAfterLeaf.map((c) => c.pem).join("");
    files.push({ path: `${dir}/cert.pem`, content: certPem });
    files.push({ path: `${dir}/key.pem`, content: v.keyPem ?? privateKeyPem(v.leaf.key), secret: true });
    files.push({ path: `${dir}/chain.pem`, content: chainPem });
    const anchor = v.anchor ?? "ca.root";
    return {
      id: definition.id,
      role: definition.role,
      description: definition.description,
      defect: definition.defect,
      files: { cert: `${dir}/cert.pem`, key: `${dir}/key.pem`, chain: `${dir}/chain.pem` },
      ...(v.unreadable ? {} : { certificate: v.leaf.facts }),
      issuer: v.issuer,
      trustAnchor: { authority: anchor, file: anchorFile(anchor) },
      ...(v.keyPassphrase ? { keyPassphrase: v.keyPassphrase } : {}),
    };
  });

  const manifest: KitManifest = {
    $schema: `./${SCHEMA_FILE}`,
    manifestVersion: 1,
    generator: { name: GENERATOR_NAME, version: generatorVersion() },
    generatedAt: new Date(Math.floor(options.now.getTime() / 1000) * 1000).toISOString(),
    options: {
      keyType: options.keyType,
      ips: options.ips,
      dns: options.dns,
      chain: options.chain,
      ...(options.variants ? { variants: options.variants } : {}),
    },
    trust: { root: TRUST_ROOT_FILE, bundle: TRUST_BUNDLE_FILE },
    authorities,
    variants: entries,
  };
  files.push({ path: SCHEMA_FILE, content: readFileSync(new URL(`./${SCHEMA_FILE}`, import.meta.url)) });
  files.push({ path: "manifest.json", content: JSON.stringify(manifest, null, 2) + "\n" });
  return { manifest, files };
}

async function parentId(ctx: KitContext, parent: CertificateAuthority): Promise<string> {
  for (const id of ctx.authorityIds) if ((await ctx.authority(id)) === parent) return id;
  throw new Error("issuing authority is not part of the kit");
}

/**
 * Generates a kit into `options.outDir` and returns its manifest. Throws a UsageError (option, message,
 * fix) for a bad option or an unusable directory before doing any work; on any failure nothing is left
 * at `outDir` (or an earlier kit stays as it was).
 */
export async function generateKit(options: GenerateKitOptions): Promise<KitManifest> {
  const resolved = resolveOptions(options);
  const selected = selectVariants(resolved.variants);
  await checkOutputDirectory(resolved.outDir, { force: resolved.force });
  const { manifest, files } = await buildKit(resolved, selected);
  await writeDirectoryAtomically(resolved.outDir, files, { force: resolved.force });
  return manifest;
}
