// Types of `manifest.json`, the index that `certs-gen` writes at the top of every kit.
// Suites and reports read the manifest instead of parsing certificates. The JSON Schema
// in `manifest.schema.json` describes the same shape for readers in other languages.

/** Key algorithm of a leaf or authority. `rsa1024` exists only for the weak-key variant. */
export type KeyType = "rsa2048" | "ecdsa-p256" | "ed25519" | "rsa1024";

/** Key types that a whole kit can be generated with (`--key-type`). */
export type KitKeyType = Exclude<KeyType, "rsa1024">;

/**
 * Side of a TLS connection that presents the leaf.
 * `peer` leaves carry both serverAuth and clientAuth, as mcrouter-to-mcrouter links need.
 */
export type LeafRole = "client" | "server" | "peer";

/** Facts about one certificate, read from what was issued. */
export interface CertificateFacts {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  keyType: KeyType;
  signatureAlgorithm: string;
  isCA: boolean;
  san: { ip: string[]; dns: string[] };
  /** Extended key usage names, for example `serverAuth`, `clientAuth`. Empty when the extension is absent. */
  extendedKeyUsage: string[];
  /** Key usage bit names, for example `digitalSignature`. Empty when the extension is absent. */
  keyUsage: string[];
  sha256Fingerprint: string;
}

/** A certificate authority of the kit: the trusted root, its intermediate, and the deliberately untrusted ones. */
export interface AuthorityEntry {
  /** Stable id, for example `ca.root`, `ca.intermediate`, `ca.untrusted`, `ca.impostor`. */
  id: string;
  description: string;
  /** Whether `trust.bundle` contains this authority. */
  trusted: boolean;
  /** `key`: the authority's private key, PEM, mode 0600, for issuing more leaves (`CertificateAuthority.load`). */
  files: { cert: string; key?: string };
  certificate: CertificateFacts;
  /** Id of the authority that signed this one; null for a self-signed root. */
  issuer?: string | null;
  /** The single property this authority breaks, or null for a well-formed authority. */
  defect?: string | null;
}

/** One named leaf of the kit. All paths are relative to the kit directory. */
export interface VariantEntry {
  /** Stable namespaced id, for example `client.expired` or `server.valid.ecdsa-p256`. */
  id: string;
  role: LeafRole;
  /** One line a reader understands without the code. */
  description: string;
  /** The single property this variant breaks, or null for a valid leaf. */
  defect: string | null;
  files: {
    /** The leaf alone, PEM. */
    cert: string;
    /** Private key, PEM, mode 0600. Absent only where the variant has no usable key. */
    key: string;
    /** Chain the presenting side sends: leaf first, then intermediates as this variant orders them. */
    chain: string;
  };
  /** Facts of the leaf. Absent when the variant's certificate file is deliberately unreadable (corrupted PEM). */
  certificate?: CertificateFacts;
  /** Id of the authority that signed the leaf; null for a self-signed leaf. */
  issuer?: string | null;
  /**
   * The CA file a verifier loads to see this variant fail for its own reason (or pass, for a valid one).
   * Written for every variant: `trust.root` for most, the variant's own anchor where the point is a defect of
   * that anchor (for example `client.expired-root`). `trust.bundle` contains every such anchor at once.
   */
  trustAnchor?: { authority: string; file: string };
  /** Passphrase of `files.key`, present only where the variant's point is an encrypted private key. */
  keyPassphrase?: string;
}

export interface KitManifest {
  $schema?: string;
  manifestVersion: 1;
  generator: { name: string; version: string };
  generatedAt: string;
  options: {
    keyType: KitKeyType;
    ips: string[];
    dns: string[];
    /** Whether valid leaves are issued by the intermediate (root, intermediate, leaf) or by the root directly. */
    chain: boolean;
    /** The `--variants` selection as given, when the kit contains only part of the catalog. */
    variants?: string[];
  };
  /** Trust store files that a verifying side loads. */
  trust: {
    /** The trusted root alone, PEM. */
    root: string;
    /**
     * Every authority with `trusted: true`, PEM: the root plus anchors that exist only for their own variants
     * (the expired root). One CA file with which every variant behaves as with its own `trustAnchor`.
     */
    bundle?: string;
  };
  authorities: AuthorityEntry[];
  variants: VariantEntry[];
}
