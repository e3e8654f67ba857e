// The kit's authorities, one builder each. All but `ca.intermediate.rsa` use the kit's key type and each
// has a key of its own, so no two authorities can be mistaken for each other by key identifier.

import { CertificateAuthority } from "./authority.ts";
import type { KitContext } from "./context.ts";

export interface AuthorityDefinition {
  id: string;
  /** One line a reader understands without the code. */
  description: string;
  /** The single property this authority breaks, or null for a well-formed one. */
  defect: string | null;
  /** Whether a verifier loads it as a trust anchor (it is then in `trust.bundle`). */
  trusted: boolean;
  build(ctx: KitContext): Promise<CertificateAuthority>;
}

const ROOT_NAME = "certs-gen Root CA";

async function subordinate(
  ctx: KitContext,
  id: string,
  name: string,
  options: Parameters<CertificateAuthority["issueIntermediate"]>[0] = {},
): Promise<CertificateAuthority> {
  const [root, key] = await Promise.all([ctx.authority("ca.root"), ctx.keys.get(id, options.keyType ?? ctx.settings.keyType)]);
  return root.issueIntermediate({ name, key, validity: ctx.windows.authority, ...options });
}

async function selfSigned(
  ctx: KitContext,
  id: string,
  name: string,
  options: Parameters<typeof CertificateAuthority.createRoot>[0] = {},
): Promise<CertificateAuthority> {
  const key = await ctx.keys.get(id, ctx.settings.keyType);
  return CertificateAuthority.createRoot({ name, key, validity: ctx.windows.authority, ...options });
}

export const AUTHORITIES: readonly AuthorityDefinition[] = [
  {
    id: "ca.root",
    description: "The trusted root (trust.root): issues every valid leaf, or the intermediate that does with --chain.",
    defect: null,
    trusted: true,
    build: (ctx) => selfSigned(ctx, "ca.root", ROOT_NAME),
  },
  {
    id: "ca.intermediate",
    description: "Intermediate under ca.root, pathLenConstraint 0: issues valid leaves with --chain, and the chain-order variants.",
    defect: null,
    trusted: false,
    build: (ctx) => subordinate(ctx, "ca.intermediate", "certs-gen Intermediate CA"),
  },
  {
    id: "ca.untrusted",
    description: "A well-formed root that no trust file of the kit contains.",
    defect: "not trusted by the verifier",
    trusted: false,
    build: (ctx) => selfSigned(ctx, "ca.untrusted", "certs-gen Untrusted Root CA"),
  },
  {
    id: "ca.impostor",
    description: "A root with exactly ca.root's subject name but a different key.",
    defect: "same subject name as ca.root, different key",
    trusted: false,
    build: (ctx) => selfSigned(ctx, "ca.impostor", ROOT_NAME),
  },
  {
    id: "ca.root.expired",
    description: "A root that expired yesterday; trusted (in trust.bundle) so that its expiry is the only fault of its leaves.",
    defect: "notAfter in the past",
    trusted: true,
    build: (ctx) => selfSigned(ctx, "ca.root.expired", "certs-gen Expired Root CA", { validity: ctx.windows.expired }),
  },
  {
    id: "ca.intermediate.expired",
    description: "Intermediate under ca.root that expired yesterday.",
    defect: "notAfter in the past",
    trusted: false,
    build: (ctx) =>
      subordinate(ctx, "ca.intermediate.expired", "certs-gen Expired Intermediate CA", { validity: ctx.windows.expired }),
  },
  {
    id: "ca.intermediate.no-basic-constraints",
    description: "Intermediate under ca.root without a basicConstraints extension, so it is not a CA.",
    defect: "no basicConstraints",
    trusted: false,
    build: (ctx) =>
      subordinate(ctx, "ca.intermediate.no-basic-constraints", "certs-gen Intermediate CA without basicConstraints", {
        basicConstraints: false,
      }),
  },
  {
    id: "ca.intermediate.beyond-pathlen",
    description: "Intermediate issued by ca.intermediate, whose pathLenConstraint 0 forbids any CA below it.",
    defect: "issued by a CA with pathLenConstraint 0",
    trusted: false,
    build: async (ctx) => {
      const [parent, key] = await Promise.all([
        ctx.authority("ca.intermediate"),
        ctx.keys.get("ca.intermediate.beyond-pathlen", ctx.settings.keyType),
      ]);
      return parent.issueIntermediate({ name: "certs-gen Intermediate CA beyond pathLen", key, validity: ctx.windows.authority });
    },
  },
  {
    id: "ca.intermediate.no-key-usage",
    description: "Intermediate under ca.root without a keyUsage extension (OpenSSL -x509_strict rejects it).",
    defect: "no keyUsage",
    trusted: false,
    build: (ctx) =>
      // No pathLenConstraint either: OpenSSL's strict mode rejects a pathLen without keyCertSign (error 81),
      // which would be a second fault.
      subordinate(ctx, "ca.intermediate.no-key-usage", "certs-gen Intermediate CA without keyUsage", {
        keyUsage: false,
        pathLength: null,
      }),
  },
  {
    id: "ca.intermediate.rsa",
    description: "RSA-2048 intermediate under ca.root; signs the MD5 (and, for Ed25519 kits, SHA-1) variants, which the kit's key type cannot sign.",
    defect: null,
    trusted: false,
    build: (ctx) => subordinate(ctx, "ca.intermediate.rsa", "certs-gen RSA Intermediate CA", { keyType: "rsa2048" }),
  },
];

export const AUTHORITY_IDS: readonly string[] = AUTHORITIES.map((a) => a.id);
