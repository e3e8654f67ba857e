// What a certificate says, independent of the library that encodes and signs it. Authorities build a
// CertificateSpec; a signer back end (forge for RSA issuers, @peculiar/x509 for ECDSA and Ed25519 issuers)
// turns it into DER. Extensions are written in the order given, and only those given.

import type { KeyPair } from "./keys.ts";

export type Digest = "sha256" | "sha1" | "md5";

export type KeyUsageName =
  | "digitalSignature"
  | "nonRepudiation"
  | "keyEncipherment"
  | "dataEncipherment"
  | "keyAgreement"
  | "keyCertSign"
  | "cRLSign";

export type ExtendedKeyUsageName = "serverAuth" | "clientAuth";

export const EKU_OIDS: Record<ExtendedKeyUsageName, string> = {
  serverAuth: "1.3.6.1.5.5.7.3.1",
  clientAuth: "1.3.6.1.5.5.7.3.2",
};

export type ExtensionSpec =
  | { kind: "basicConstraints"; critical: boolean; ca: boolean; pathLength?: number }
  | { kind: "keyUsage"; critical: boolean; usages: readonly KeyUsageName[] }
  | { kind: "extKeyUsage"; critical: boolean; usages: readonly ExtendedKeyUsageName[] }
  | { kind: "subjectAltName"; critical: boolean; ips: readonly string[]; dns: readonly string[] }
  | { kind: "subjectKeyIdentifier"; keyId: Buffer }
  | { kind: "authorityKeyIdentifier"; keyId: Buffer }
  /** Any other extension: `value` is the DER that goes inside extnValue's OCTET STRING. */
  | { kind: "raw"; oid: string; critical: boolean; value: Buffer };

export interface CertificateSpec {
  /** Positive serial number, hex, even length, first byte below 0x80. */
  serialNumber: string;
  /** DER Name of the subject (see names.ts). */
  subject: Buffer;
  /** DER Name of the issuer: the issuing certificate's subject, byte for byte. */
  issuer: Buffer;
  notBefore: Date;
  notAfter: Date;
  /** Key the certificate certifies. */
  subjectKey: KeyPair;
  /** Key that signs the certificate: the issuer's. */
  signingKey: KeyPair;
  /** Hash of the signature. Ignored for Ed25519, whose signature has no separate hash. */
  digest: Digest;
  extensions: readonly ExtensionSpec[];
}

export const SIGNATURE_OIDS = {
  sha256WithRSAEncryption: "1.2.840.113549.1.1.11",
  sha1WithRSAEncryption: "1.2.840.113549.1.1.5",
  md5WithRSAEncryption: "1.2.840.113549.1.1.4",
  "ecdsa-with-SHA256": "1.2.840.10045.4.3.2",
  "ecdsa-with-SHA1": "1.2.840.10045.4.1",
  ED25519: "1.3.101.112",
} as const;
