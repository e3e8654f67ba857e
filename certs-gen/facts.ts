// Certificate facts for the manifest, read back from the DER that was issued (not from what was asked for),
// so a suite can trust them without parsing certificates itself.

import "reflect-metadata";
import { createHash, X509Certificate as NodeX509 } from "node:crypto";
import { isIPv6 } from "node:net";
import * as x509 from "@peculiar/x509";
import forge from "node-forge";
import { children, parseDer } from "./der.ts";
import type { CertificateFacts, KeyType } from "./manifest.ts";
import { EKU_OIDS, SIGNATURE_OIDS } from "./spec.ts";

const SIGNATURE_NAMES = new Map<string, string>(Object.entries(SIGNATURE_OIDS).map(([name, oid]) => [oid, name]));
const EKU_NAMES = new Map<string, string>(Object.entries(EKU_OIDS).map(([name, oid]) => [oid, name]));
const KEY_USAGE_BITS: ReadonlyArray<[number, string]> = [
  [x509.KeyUsageFlags.digitalSignature, "digitalSignature"],
  [x509.KeyUsageFlags.nonRepudiation, "nonRepudiation"],
  [x509.KeyUsageFlags.keyEncipherment, "keyEncipherment"],
  [x509.KeyUsageFlags.dataEncipherment, "dataEncipherment"],
  [x509.KeyUsageFlags.keyAgreement, "keyAgreement"],
  [x509.KeyUsageFlags.keyCertSign, "keyCertSign"],
  [x509.KeyUsageFlags.cRLSign, "cRLSign"],
  [x509.KeyUsageFlags.encipherOnly, "encipherOnly"],
  [x509.KeyUsageFlags.decipherOnly, "decipherOnly"],
];

/** IPv6 in its shortest RFC 5952 form (`::1`), IPv4 unchanged. */
export function canonicalIp(ip: string): string {
  return isIPv6(ip) ? new URL(`http://[${ip}]/`).hostname.slice(1, -1) : ip;
}

function signatureOid(der: Buffer): string {
  // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm SEQUENCE { algorithm OID, ... }, signature }
  const algorithm = children(children(parseDer(der))[1])[0];
  return forge.asn1.derToOid(algorithm?.value as string);
}

function keyTypeOf(cert: NodeX509): KeyType {
  const key = cert.publicKey;
  switch (key.asymmetricKeyType) {
    case "rsa": {
      const bits = key.asymmetricKeyDetails?.modulusLength;
      if (bits === 2048) return "rsa2048";
      if (bits === 1024) return "rsa1024";
      throw new Error(`unexpected RSA modulus of ${bits} bits`);
    }
    case "ec":
      if (key.asymmetricKeyDetails?.namedCurve === "prime256v1") return "ecdsa-p256";
      throw new Error(`unexpected curve ${key.asymmetricKeyDetails?.namedCurve}`);
    case "ed25519":
      return "ed25519";
    default:
      throw new Error(`unexpected key type ${key.asymmetricKeyType}`);
  }
}

/** Colon-separated upper-case hex, as `openssl x509 -fingerprint -sha256` prints it. */
export function sha256Fingerprint(der: Buffer): string {
  return createHash("sha256").update(der).digest("hex").toUpperCase().match(/../g)!.join(":");
}

export function readCertificateFacts(der: Buffer): CertificateFacts {
  const cert = new x509.X509Certificate(der);
  const node = new NodeX509(der);
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  const eku = cert.getExtension(x509.ExtendedKeyUsageExtension);
  const ku = cert.getExtension(x509.KeyUsagesExtension);
  const bc = cert.getExtension(x509.BasicConstraintsExtension);
  const oid = signatureOid(der);
  return {
    subject: cert.subject,
    issuer: cert.issuer,
    serialNumber: cert.serialNumber.toUpperCase(),
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    keyType: keyTypeOf(node),
    signatureAlgorithm: SIGNATURE_NAMES.get(oid) ?? oid,
    isCA: bc?.ca ?? false,
    san: {
      ip: san ? san.names.items.filter((n) => n.type === "ip").map((n) => canonicalIp(n.value)) : [],
      dns: san ? san.names.items.filter((n) => n.type === "dns").map((n) => n.value) : [],
    },
    extendedKeyUsage: eku ? eku.usages.map((u) => EKU_NAMES.get(String(u)) ?? String(u)) : [],
    keyUsage: ku ? KEY_USAGE_BITS.filter(([bit]) => (ku.usages & bit) !== 0).map(([, name]) => name) : [],
    sha256Fingerprint: sha256Fingerprint(der),
  };
}
