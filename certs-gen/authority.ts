// A trustme-like API: a certificate authority that issues intermediates and leaves.
//
//   const root = await CertificateAuthority.createRoot({ name: "Test Root" });
//   const leaf = await root.issueLeaf({ role: "server", ips: ["127.0.0.1", "::1"], dns: ["localhost"] });
//   leaf.pem; leaf.key; root.certificate.pem;
//
// Everything is well-formed by default (RFC 5280 profile, OpenSSL -x509_strict clean), so every defect a
// caller wants must be asked for by name: each option below that can break a certificate says so.

import { randomBytes, X509Certificate } from "node:crypto";
import { subjectNameDer } from "./der.ts";
import type { CertificateFacts, KeyType, LeafRole } from "./manifest.ts";
import { generateKey, isRsa, keyPairFromPem, type KeyPair } from "./keys.ts";
import { encodeName, kitName, type NameSpec } from "./names.ts";
import { readCertificateFacts } from "./facts.ts";
import { signCertificate } from "./signers/signer.ts";
import type { CertificateSpec, Digest, ExtendedKeyUsageName, ExtensionSpec, KeyUsageName } from "./spec.ts";

export interface Validity {
  notBefore: Date;
  notAfter: Date;
}

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** Default windows, relative to `now`: authorities ten years, leaves one year, both started an hour ago. */
export function defaultValidity(kind: "authority" | "leaf", now = new Date()): Validity {
  const start = Math.floor(now.getTime() / 1000) * 1000 - HOUR;
  return { notBefore: new Date(start), notAfter: new Date(start + (kind === "authority" ? 3650 : 365) * DAY) };
}

/** 16 random bytes, positive and without a leading zero byte, as CA/Browser Forum practice asks. */
export function randomSerial(): string {
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  return serial.toString("hex");
}

function toName(name: string | NameSpec): NameSpec {
  return typeof name === "string" ? kitName(name) : name;
}

/** A signed certificate and the key it certifies. */
export class IssuedCertificate {
  readonly der: Buffer;
  readonly key: KeyPair;
  /** DER of the subject name, which children copy as their issuer name. */
  readonly subjectName: Buffer;
  #facts: CertificateFacts | undefined;

  constructor(der: Buffer, key: KeyPair, subjectName: Buffer) {
    this.der = der;
    this.key = key;
    this.subjectName = subjectName;
  }

  get pem(): string {
    const body = this.der.toString("base64").match(/.{1,64}/g)!.join("\n");
    return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
  }

  /** Facts read back from the DER. */
  get facts(): CertificateFacts {
    return (this.#facts ??= readCertificateFacts(this.der));
  }
}

interface CommonOptions {
  /** A common name (`O=mcrouter-mtls-conformance` is added) or a full name; `[]` is an empty subject (a defect). */
  name?: string | NameSpec;
  /** The key to certify; default a new key of `keyType`. */
  key?: KeyPair;
  /** Default `ecdsa-p256`. Ignored when `key` is given. */
  keyType?: KeyType;
  /** Default from `defaultValidity`. A window outside "now" is a defect. */
  validity?: Validity;
  /** Signature hash; default sha256. sha1 and md5 are defects, and md5 needs an RSA issuer. */
  digest?: Digest;
  serialNumber?: string;
  /** Default true. false leaves out the authority key identifier (fails OpenSSL -x509_strict). */
  authorityKeyIdentifier?: boolean;
  /** Extensions appended as given, for example an unknown critical one. */
  extraExtensions?: ReadonlyArray<{ oid: string; critical: boolean; value: Buffer }>;
}

export interface AuthorityOptions extends CommonOptions {
  /** basicConstraints pathLenConstraint; default none (unlimited) for roots and 0 for intermediates. null: none. */
  pathLength?: number | null;
  /** Default true. false leaves out basicConstraints, so the certificate is no CA at all (a defect). */
  basicConstraints?: boolean;
  /** Default true (keyCertSign and cRLSign, critical). false leaves keyUsage out (fails -x509_strict). */
  keyUsage?: boolean;
}

export interface LeafOptions extends CommonOptions {
  /** client: EKU clientAuth; server: serverAuth; peer: both. */
  role: LeafRole;
  /** iPAddress SANs, IPv4 or IPv6. */
  ips?: readonly string[];
  /** dNSName SANs. */
  dns?: readonly string[];
  /** Replaces the SAN extension; null leaves it out (a defect). Default from `ips` and `dns`. */
  subjectAltName?: { ips: readonly string[]; dns: readonly string[]; critical?: boolean } | null;
  /** Replaces the role's EKU; null leaves the extension out. */
  extendedKeyUsage?: readonly ExtendedKeyUsageName[] | null;
  /** Replaces keyUsage (default digitalSignature, plus keyEncipherment for RSA keys); null leaves it out. */
  keyUsage?: readonly KeyUsageName[] | null;
  /** Default CA:FALSE, critical. `{ ca: true }` makes a leaf that claims to be a CA (a defect). */
  basicConstraints?: { ca: boolean; critical?: boolean } | null;
}

export const ROLE_EKU: Record<LeafRole, readonly ExtendedKeyUsageName[]> = {
  client: ["clientAuth"],
  server: ["serverAuth"],
  peer: ["serverAuth", "clientAuth"],
};

export function defaultLeafKeyUsage(keyType: KeyType): KeyUsageName[] {
  return isRsa(keyType) ? ["digitalSignature", "keyEncipherment"] : ["digitalSignature"];
}

interface Issuer {
  name: Buffer;
  key: KeyPair;
}

async function sign(
  issuer: Issuer | "self",
  subject: Buffer,
  key: KeyPair,
  options: CommonOptions,
  kind: "authority" | "leaf",
  extensions: ExtensionSpec[],
): Promise<IssuedCertificate> {
  const signer = issuer === "self" ? { name: subject, key } : issuer;
  const all: ExtensionSpec[] = [...extensions, { kind: "subjectKeyIdentifier", keyId: key.keyId }];
  if (options.authorityKeyIdentifier !== false) all.push({ kind: "authorityKeyIdentifier", keyId: signer.key.keyId });
  for (const e of options.extraExtensions ?? []) all.push({ kind: "raw", ...e });
  const validity = options.validity ?? defaultValidity(kind);
  const spec: CertificateSpec = {
    serialNumber: options.serialNumber ?? randomSerial(),
    subject,
    issuer: signer.name,
    notBefore: validity.notBefore,
    notAfter: validity.notAfter,
    subjectKey: key,
    signingKey: signer.key,
    digest: options.digest ?? "sha256",
    extensions: all,
  };
  return new IssuedCertificate(await signCertificate(spec), key, subject);
}

function authorityExtensions(options: AuthorityOptions, defaultPathLength: number | null): ExtensionSpec[] {
  const extensions: ExtensionSpec[] = [];
  if (options.basicConstraints !== false) {
    const pathLength = options.pathLength === undefined ? defaultPathLength : options.pathLength;
    extensions.push({ kind: "basicConstraints", critical: true, ca: true, ...(pathLength === null ? {} : { pathLength }) });
  }
  if (options.keyUsage !== false) extensions.push({ kind: "keyUsage", critical: true, usages: ["keyCertSign", "cRLSign"] });
  return extensions;
}

async function keyFor(options: CommonOptions): Promise<KeyPair> {
  return options.key ?? generateKey(options.keyType ?? "ecdsa-p256");
}

function leafExtensions(options: LeafOptions, key: KeyPair): ExtensionSpec[] {
  const extensions: ExtensionSpec[] = [];
  const bc = options.basicConstraints === undefined ? { ca: false, critical: true } : options.basicConstraints;
  if (bc) extensions.push({ kind: "basicConstraints", critical: bc.critical ?? true, ca: bc.ca });
  const ku = options.keyUsage === undefined ? defaultLeafKeyUsage(key.type) : options.keyUsage;
  if (ku) extensions.push({ kind: "keyUsage", critical: true, usages: ku });
  const eku = options.extendedKeyUsage === undefined ? ROLE_EKU[options.role] : options.extendedKeyUsage;
  if (eku) extensions.push({ kind: "extKeyUsage", critical: false, usages: eku });
  const san =
    options.subjectAltName === undefined ? { ips: options.ips ?? [], dns: options.dns ?? [] } : options.subjectAltName;
  if (san) {
    if (san.ips.length + san.dns.length === 0) {
      throw new Error("a subjectAltName needs at least one IP or DNS name; pass subjectAltName: null for none");
    }
    extensions.push({ kind: "subjectAltName", critical: san.critical ?? false, ips: san.ips, dns: san.dns });
  }
  return extensions;
}

export class CertificateAuthority {
  readonly certificate: IssuedCertificate;
  /** The authority that issued this one; null for a root. */
  readonly parent: CertificateAuthority | null;

  private constructor(certificate: IssuedCertificate, parent: CertificateAuthority | null) {
    this.certificate = certificate;
    this.parent = parent;
  }

  get key(): KeyPair {
    return this.certificate.key;
  }

  /**
   * Loads an authority from its certificate and unencrypted private key (PEM), for example a kit's
   * `authorities/ca.root.pem` and `authorities/ca.root.key.pem`, to issue more leaves later. `parent`
   * is the issuing authority when this one is an intermediate, so that `chain()` includes it.
   */
  static load(certificatePem: string, keyPem: string, parent: CertificateAuthority | null = null): CertificateAuthority {
    const der = new X509Certificate(certificatePem).raw;
    const key = keyPairFromPem(keyPem);
    if (!new X509Certificate(der).checkPrivateKey(key.privateKey)) {
      throw new Error("the private key does not belong to the authority certificate");
    }
    return new CertificateAuthority(new IssuedCertificate(der, key, subjectNameDer(der)), parent);
  }

  /** A self-signed root: basicConstraints CA:TRUE and keyUsage keyCertSign+cRLSign, both critical. */
  static async createRoot(options: AuthorityOptions = {}): Promise<CertificateAuthority> {
    const key = await keyFor(options);
    const subject = encodeName(toName(options.name ?? "certs-gen Root CA"));
    const cert = await sign("self", subject, key, options, "authority", authorityExtensions(options, null));
    return new CertificateAuthority(cert, null);
  }

  /** An intermediate issued by this authority; pathLenConstraint 0 unless `pathLength` says otherwise. */
  async issueIntermediate(options: AuthorityOptions = {}): Promise<CertificateAuthority> {
    const key = await keyFor(options);
    const subject = encodeName(toName(options.name ?? "certs-gen Intermediate CA"));
    const cert = await sign(this.#asIssuer(), subject, key, options, "authority", authorityExtensions(options, 0));
    return new CertificateAuthority(cert, this);
  }

  /** An end-entity certificate for `role`, with the given SANs. */
  async issueLeaf(options: LeafOptions): Promise<IssuedCertificate> {
    const key = await keyFor(options);
    const subject = encodeName(toName(options.name ?? `certs-gen ${options.role}`));
    return sign(this.#asIssuer(), subject, key, options, "leaf", leafExtensions(options, key));
  }

  /** A leaf signed by its own key: the same profile as `issueLeaf`, issuer = subject, no CA behind it. */
  static async selfSignedLeaf(options: LeafOptions): Promise<IssuedCertificate> {
    const key = await keyFor(options);
    const subject = encodeName(toName(options.name ?? `certs-gen ${options.role}`));
    return sign("self", subject, key, options, "leaf", leafExtensions(options, key));
  }

  /** What a presenting side sends after a leaf issued here: this authority and its parents, without the root. */
  chain(): IssuedCertificate[] {
    const chain: IssuedCertificate[] = [];
    for (let ca: CertificateAuthority | null = this; ca?.parent; ca = ca.parent) chain.push(ca.certificate);
    return chain;
  }

  /** The self-signed authority at the top of this one's path. */
  get root(): CertificateAuthority {
    let ca: CertificateAuthority = this;
    while (ca.parent) ca = ca.parent;
    return ca;
  }

  #asIssuer(): Issuer {
    return { name: this.certificate.subjectName, key: this.key };
  }
}
