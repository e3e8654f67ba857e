// ECDSA P-256 and Ed25519 issuers (node-forge cannot sign with either): @peculiar/x509 builds and signs
// through WebCrypto. It also signs RSA when asked, with SHA-256 or SHA-1, but the kit sends RSA issuers to
// forge so that one back end owns each key family.

import "reflect-metadata";
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import type { KeyPair } from "../keys.ts";
import { EKU_OIDS, type CertificateSpec, type ExtensionSpec, type KeyUsageName } from "../spec.ts";
import type { SignerBackend } from "./signer.ts";

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const HASH = { sha256: "SHA-256", sha1: "SHA-1" } as const;

const KEY_USAGE: Record<KeyUsageName, number> = {
  digitalSignature: x509.KeyUsageFlags.digitalSignature,
  nonRepudiation: x509.KeyUsageFlags.nonRepudiation,
  keyEncipherment: x509.KeyUsageFlags.keyEncipherment,
  dataEncipherment: x509.KeyUsageFlags.dataEncipherment,
  keyAgreement: x509.KeyUsageFlags.keyAgreement,
  keyCertSign: x509.KeyUsageFlags.keyCertSign,
  cRLSign: x509.KeyUsageFlags.cRLSign,
};

function algorithmFor(key: KeyPair, digest: CertificateSpec["digest"]): { name: string; hash?: string; namedCurve?: string } {
  if (key.type === "ed25519") return { name: "Ed25519" };
  if (digest === "md5") throw new Error(`@peculiar/x509 cannot sign with MD5 (signing key ${key.type}); MD5 needs an RSA issuer`);
  if (key.type === "ecdsa-p256") return { name: "ECDSA", namedCurve: "P-256", hash: HASH[digest] };
  return { name: "RSASSA-PKCS1-v1_5", hash: HASH[digest] };
}

// WebCrypto keys, imported once per key pair and algorithm.
const imported = new WeakMap<KeyPair, Map<string, Promise<CryptoKey>>>();

function signingKey(key: KeyPair, algorithm: ReturnType<typeof algorithmFor>): Promise<CryptoKey> {
  let byAlgorithm = imported.get(key);
  if (!byAlgorithm) imported.set(key, (byAlgorithm = new Map()));
  const slot = JSON.stringify(algorithm);
  let cryptoKey = byAlgorithm.get(slot);
  if (!cryptoKey) {
    const der = key.privateKey.export({ type: "pkcs8", format: "der" });
    cryptoKey = webcrypto.subtle.importKey("pkcs8", der, algorithm, false, ["sign"]) as Promise<CryptoKey>;
    byAlgorithm.set(slot, cryptoKey);
  }
  return cryptoKey;
}

function toPeculiarExtension(ext: ExtensionSpec): x509.Extension {
  switch (ext.kind) {
    case "basicConstraints":
      return new x509.BasicConstraintsExtension(ext.ca, ext.pathLength, ext.critical);
    case "keyUsage":
      return new x509.KeyUsagesExtension(ext.usages.reduce((flags, u) => flags | KEY_USAGE[u], 0), ext.critical);
    case "extKeyUsage":
      return new x509.ExtendedKeyUsageExtension(ext.usages.map((u) => EKU_OIDS[u]), ext.critical);
    case "subjectAltName":
      return new x509.SubjectAlternativeNameExtension(
        [...ext.dns.map((value) => ({ type: "dns" as const, value })), ...ext.ips.map((value) => ({ type: "ip" as const, value }))],
        ext.critical,
      );
    case "subjectKeyIdentifier":
      return new x509.SubjectKeyIdentifierExtension(ext.keyId.toString("hex"));
    case "authorityKeyIdentifier":
      return new x509.AuthorityKeyIdentifierExtension(ext.keyId.toString("hex"));
    case "raw":
      return new x509.Extension(ext.oid, ext.critical, ext.value);
  }
}

export const peculiarSigner: SignerBackend = {
  name: "@peculiar/x509",

  supports(spec: CertificateSpec): boolean {
    return spec.signingKey.type === "ed25519" || (spec.signingKey.type === "ecdsa-p256" && spec.digest !== "md5");
  },

  async sign(spec: CertificateSpec): Promise<Buffer> {
    const algorithm = algorithmFor(spec.signingKey, spec.digest);
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: spec.serialNumber,
      subject: new x509.Name(spec.subject),
      issuer: new x509.Name(spec.issuer),
      notBefore: spec.notBefore,
      notAfter: spec.notAfter,
      publicKey: spec.subjectKey.spki,
      signingKey: await signingKey(spec.signingKey, algorithm),
      signingAlgorithm: algorithm,
      extensions: spec.extensions.map(toPeculiarExtension),
    });
    return Buffer.from(cert.rawData);
  },
};
