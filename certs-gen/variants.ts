// The catalog, in the style of x509-limbo: one entry per variant, its stable id, the single property it
// breaks, a one-line description and the one builder call that makes it, side by side. Everything a builder
// does not override comes from the well-formed defaults of authority.ts, so each variant differs from
// `<role>.valid.<kit key type>` in its named defect only (plus, for weak digests on a key type that cannot
// make them, the RSA intermediate that signs them).

import { isIPv6 } from "node:net";
import { CertificateAuthority, type IssuedCertificate, type LeafOptions } from "./authority.ts";
import type { KitContext } from "./context.ts";
import { encryptedPrivateKeyPem, privateKeyPem } from "./keys.ts";
import type { KitKeyType, LeafRole } from "./manifest.ts";
import { KIT_ORGANIZATION } from "./names.ts";
import type { Digest } from "./spec.ts";

/** Passphrase of every `*.encrypted-key` variant's key file; also written to the manifest. */
export const ENCRYPTED_KEY_PASSPHRASE = "certs-gen-test-passphrase";

/** The unknown extension of `*.unknown-critical-extension`: RFC 5612's documentation enterprise arc. */
export const UNKNOWN_EXTENSION_OID = "1.3.6.1.4.1.32473.1";

/** Addresses from the documentation ranges (RFC 5737, RFC 3849) for `*.wrong-ip-san`. */
const WRONG_IPS = ["192.0.2.10", "192.0.2.11", "2001:db8::10", "2001:db8::11"];

export const KIT_KEY_TYPES: readonly KitKeyType[] = ["rsa2048", "ecdsa-p256", "ed25519"];

export interface BuiltVariant {
  /** The certificate whose facts the manifest lists (for corrupted PEM: the certificate before corruption). */
  leaf: IssuedCertificate;
  /** Authority id that signed the leaf, or null when self-signed. */
  issuer: string | null;
  /** Certificates that follow the leaf in chain.pem; default the issuer's chain. */
  chainAfterLeaf: IssuedCertificate[];
  /** Replaces cert.pem (corrupted PEM). */
  certPem?: string;
  /** Replaces chain.pem entirely (reversed order). */
  chainPem?: string;
  /** Replaces key.pem (another key, an encrypted key). */
  keyPem?: string;
  keyPassphrase?: string;
  /** Authority id of the trust anchor to verify against; default ca.root. */
  anchor?: string;
  /** True when cert.pem is deliberately unreadable, so the manifest lists no facts. */
  unreadable?: boolean;
}

/** What a builder gets: the kit and the id and role of the variant it builds. */
export interface VariantKit {
  readonly ctx: KitContext;
  readonly id: string;
  readonly role: LeafRole;
  /** A leaf from `issuer` (default: the issuer of valid leaves), CN = variant id, the kit's SANs, the shared key. */
  leaf(options?: Partial<LeafOptions> & { issuer?: string }): Promise<BuiltVariant>;
}

export interface VariantDefinition {
  id: string;
  role: LeafRole;
  /** The single property this variant breaks; null for a valid leaf. */
  defect: string | null;
  description: string;
  build(kit: VariantKit): Promise<BuiltVariant>;
}

const BOTH: readonly LeafRole[] = ["client", "server"];
const ALL: readonly LeafRole[] = ["client", "server", "peer"];
const KEY_LABEL: Record<KitKeyType, string> = { rsa2048: "RSA-2048", "ecdsa-p256": "ECDSA P-256", ed25519: "Ed25519" };

const catalog: VariantDefinition[] = [];

function add(
  roles: readonly LeafRole[],
  slug: string,
  defect: string | null,
  description: string,
  build: (kit: VariantKit) => Promise<BuiltVariant>,
): void {
  for (const role of roles) catalog.push({ id: `${role}.${slug}`, role, defect, description, build });
}

// The issuer of a weak-digest variant: the usual leaf issuer when its key can make that signature
// (RSA: MD5 and SHA-1; ECDSA: SHA-1), else the RSA intermediate.
function weakDigestIssuer(kit: VariantKit, digest: Digest): string {
  const issuerType = kit.ctx.settings.keyType; // ca.root and ca.intermediate both have the kit's key type
  const canSign = issuerType === "rsa2048" || (issuerType === "ecdsa-p256" && digest === "sha1");
  return canSign ? kit.ctx.leafIssuerId() : "ca.intermediate.rsa";
}

/** Replaces 24 characters in the middle of the PEM body with `*`, which is not base64. */
function corruptPem(pem: string): string {
  const lines = pem.trimEnd().split("\n");
  const middle = Math.floor(lines.length / 2);
  const line = lines[middle]!;
  lines[middle] = line.slice(0, 20) + "*".repeat(24) + line.slice(44);
  return lines.join("\n") + "\n";
}

// ---- valid leaves: one per key type, whatever the kit's key type -------------------------------------
for (const keyType of KIT_KEY_TYPES) {
  add(ALL, `valid.${keyType}`, null, `Well-formed ${KEY_LABEL[keyType]} leaf with the kit's IP and DNS SANs and the role's EKU.`, async (k) =>
    k.leaf({ key: await k.ctx.leafKey(keyType) }),
  );
}

// ---- trust -------------------------------------------------------------------------------------------
add(BOTH, "untrusted-ca", "issuer not trusted", "Issued by ca.untrusted, a root that no trust file of the kit contains.", (k) =>
  k.leaf({ issuer: "ca.untrusted" }),
);
add(BOTH, "impostor-ca", "issuer has the trusted root's name but another key", "Issued by ca.impostor, which has ca.root's exact subject name and a different key.", (k) =>
  k.leaf({ issuer: "ca.impostor" }),
);
add(BOTH, "self-signed", "self-signed leaf", "Leaf signed by its own key, with the valid leaf's profile; no CA issued it.", async (k) => ({
  leaf: await CertificateAuthority.selfSignedLeaf({
    role: k.role,
    name: k.id,
    key: await k.ctx.leafKey(),
    validity: k.ctx.windows.leaf,
    ips: k.ctx.settings.ips,
    dns: k.ctx.settings.dns,
  }),
  issuer: null,
  chainAfterLeaf: [],
}));

// ---- names -------------------------------------------------------------------------------------------
add(BOTH, "no-ip-san", "no iPAddress SAN", "SAN contains the kit's DNS names only, no IP address.", (k) =>
  k.leaf({ subjectAltName: { ips: [], dns: k.ctx.settings.dns.length ? k.ctx.settings.dns : ["localhost"] } }),
);
add(BOTH, "no-san", "no subjectAltName extension", "No SAN extension at all; the only name is the subject CN.", (k) =>
  k.leaf({ subjectAltName: null }),
);
add(BOTH, "wrong-ip-san", "iPAddress SANs are not the kit's", "IP SANs from the documentation ranges (192.0.2.x, 2001:db8::x) instead of the kit's; DNS SANs kept.", (k) => {
  const ips = WRONG_IPS.filter((ip) => !k.ctx.settings.ips.includes(ip));
  return k.leaf({ subjectAltName: { ips, dns: k.ctx.settings.dns } });
});
add(BOTH, "ipv6-only-san", "no IPv4 iPAddress SAN", "IP SANs are the kit's IPv6 addresses only (::1 if it has none); DNS SANs kept.", (k) => {
  // NOTE: in a kit without IPv4 addresses this leaf's SANs equal the valid leaf's, so it breaks nothing.
  const v6 = k.ctx.settings.ips.filter((ip) => isIPv6(ip));
  return k.leaf({ subjectAltName: { ips: v6.length ? v6 : ["::1"], dns: k.ctx.settings.dns } });
});
add(BOTH, "empty-subject", "empty subject DN", "Subject is the empty DN; the leaf is named by its SANs only.", (k) => k.leaf({ name: [] }));
add(BOTH, "wildcard-cn", "wildcard in a middle label of the subject CN", "Subject CN is `<role>.*.certs-gen.test`: a wildcard in the middle label.", (k) =>
  k.leaf({ name: [["CN", `${k.role}.*.certs-gen.test`], ["O", KIT_ORGANIZATION]] }),
);

// ---- validity ----------------------------------------------------------------------------------------
add(BOTH, "expired", "notAfter in the past", "Leaf valid from 30 days ago until yesterday.", (k) => k.leaf({ validity: k.ctx.windows.expired }));
add(BOTH, "not-yet-valid", "notBefore in the future", "Leaf valid from tomorrow for a year.", (k) => k.leaf({ validity: k.ctx.windows.future }));
add(BOTH, "expired-intermediate", "issuing intermediate expired", "Issued by ca.intermediate.expired, which expired yesterday; chain.pem carries it.", (k) =>
  k.leaf({ issuer: "ca.intermediate.expired" }),
);
add(BOTH, "expired-root", "trust anchor expired", "Issued by ca.root.expired, a root that expired yesterday; verify against that root (trustAnchor).", async (k) => ({
  ...(await k.leaf({ issuer: "ca.root.expired" })),
  anchor: "ca.root.expired",
}));

// ---- CA structure ------------------------------------------------------------------------------------
add(BOTH, "leaf-ca-true", "leaf claims CA:TRUE", "Leaf whose basicConstraints say CA:TRUE (keyUsage still digitalSignature only).", (k) =>
  k.leaf({ basicConstraints: { ca: true } }),
);
add(BOTH, "intermediate-no-basic-constraints", "issuing intermediate has no basicConstraints", "Issued by ca.intermediate.no-basic-constraints, which is therefore not a CA.", (k) =>
  k.leaf({ issuer: "ca.intermediate.no-basic-constraints" }),
);
add(BOTH, "intermediate-pathlen-exceeded", "path longer than pathLenConstraint 0 allows", "ca.root > ca.intermediate (pathLen 0) > ca.intermediate.beyond-pathlen > leaf.", (k) =>
  k.leaf({ issuer: "ca.intermediate.beyond-pathlen" }),
);
add(BOTH, "ca-no-key-usage", "issuing CA has no keyUsage", "Issued by ca.intermediate.no-key-usage, a CA without keyUsage (OpenSSL -x509_strict rejects it).", (k) =>
  k.leaf({ issuer: "ca.intermediate.no-key-usage" }),
);
add(BOTH, "no-authority-key-identifier", "no authorityKeyIdentifier", "Leaf without the authority key identifier extension (OpenSSL -x509_strict rejects it).", (k) =>
  k.leaf({ authorityKeyIdentifier: false }),
);

// ---- usage -------------------------------------------------------------------------------------------
add(["client"], "eku-server-only", "EKU serverAuth only, presented as a client certificate", "Client certificate whose EKU is serverAuth only.", (k) =>
  k.leaf({ extendedKeyUsage: ["serverAuth"] }),
);
add(["server"], "eku-client-only", "EKU clientAuth only, presented as a server certificate", "Server certificate whose EKU is clientAuth only.", (k) =>
  k.leaf({ extendedKeyUsage: ["clientAuth"] }),
);
add(BOTH, "no-eku", "no extendedKeyUsage extension", "Leaf without an EKU extension (valid for any purpose to OpenSSL).", (k) => k.leaf({ extendedKeyUsage: null }));
add(BOTH, "key-usage-no-digital-signature", "keyUsage without digitalSignature", "keyUsage is nonRepudiation only: the key may not sign a TLS handshake.", (k) =>
  k.leaf({ keyUsage: ["nonRepudiation"] }),
);
add(BOTH, "unknown-critical-extension", "unknown critical extension", `Carries critical extension ${UNKNOWN_EXTENSION_OID} (documentation arc) that no verifier understands.`, (k) =>
  k.leaf({ extraExtensions: [{ oid: UNKNOWN_EXTENSION_OID, critical: true, value: Buffer.from([0x05, 0x00]) }] }),
);

// ---- algorithms --------------------------------------------------------------------------------------
add(BOTH, "rsa1024", "RSA-1024 key", "Leaf key is RSA-1024 (80-bit security; rejected from security level 2).", async (k) =>
  k.leaf({ key: await k.ctx.leafKey("rsa1024") }),
);
add(BOTH, "sha1-signature", "SHA-1 signature", "Leaf signed with SHA-1 (by the RSA intermediate for Ed25519 kits).", (k) =>
  k.leaf({ digest: "sha1", issuer: weakDigestIssuer(k, "sha1") }),
);
add(BOTH, "md5-signature", "MD5 signature", "Leaf signed with md5WithRSAEncryption (by the RSA intermediate unless the kit is RSA).", (k) =>
  k.leaf({ digest: "md5", issuer: weakDigestIssuer(k, "md5") }),
);

// ---- files -------------------------------------------------------------------------------------------
add(BOTH, "key-mismatch", "private key does not belong to the certificate", "key.pem contains another key of the same type as the certificate's.", async (k) => ({
  ...(await k.leaf()),
  keyPem: privateKeyPem(await k.ctx.keys.get("leaf.other", k.ctx.settings.keyType)),
}));
add(BOTH, "chain-missing-intermediate", "chain.pem lacks the intermediate", "Issued by ca.intermediate, but chain.pem contains the leaf alone.", async (k) => ({
  ...(await k.leaf({ issuer: "ca.intermediate" })),
  chainAfterLeaf: [],
}));
add(BOTH, "chain-reversed", "chain.pem in reverse order", "Issued by ca.intermediate; chain.pem contains the intermediate first, then the leaf.", async (k) => {
  const built = await k.leaf({ issuer: "ca.intermediate" });
  return { ...built, chainPem: [...built.chainAfterLeaf].reverse().map((c) => c.pem).join("") + built.leaf.pem };
});
add(BOTH, "corrupted-pem", "certificate PEM is not decodable", "cert.pem (and chain.pem) carry a run of `*` in the middle of the leaf's base64 body.", async (k) => {
  const built = await k.leaf();
  const certPem = corruptPem(built.leaf.pem);
  return { ...built, certPem, chainPem: certPem + built.chainAfterLeaf.map((c) => c.pem).join(""), unreadable: true };
});
add(BOTH, "encrypted-key", "private key is encrypted", "key.pem is PKCS#8 encrypted with AES-256-CBC; keyPassphrase in the manifest opens it.", async (k) => {
  const built = await k.leaf();
  return { ...built, keyPem: encryptedPrivateKeyPem(built.leaf.key, ENCRYPTED_KEY_PASSPHRASE), keyPassphrase: ENCRYPTED_KEY_PASSPHRASE };
});

/** Every variant, in catalog order. */
export const VARIANTS: readonly VariantDefinition[] = catalog;

/** A builder's view of the kit for one variant. */
export function variantKit(ctx: KitContext, definition: VariantDefinition): VariantKit {
  return {
    ctx,
    id: definition.id,
    role: definition.role,
    async leaf(options = {}) {
      const { issuer: issuerId = ctx.leafIssuerId(), ...leafOptions } = options;
      const [issuer, key] = await Promise.all([ctx.authority(issuerId), leafOptions.key ?? ctx.leafKey()]);
      const leaf = await issuer.issueLeaf({
        role: definition.role,
        name: definition.id,
        ips: ctx.settings.ips,
        dns: ctx.settings.dns,
        validity: ctx.windows.leaf,
        ...leafOptions,
        key,
      });
      return { leaf, issuer: issuerId, chainAfterLeaf: issuer.chain() };
    },
  };
}
