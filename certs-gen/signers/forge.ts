// Signer for RSA issuers. node-forge lays out the TBSCertificate and its extensions, including raw custom
// ones and the MD5 and SHA-1 signature algorithms that WebCrypto rejects. node:crypto computes the
// PKCS#1 v1.5 signature, because forge's JavaScript RSA is much slower (an estimate: tens of times).

import { sign } from "node:crypto";
import forge from "node-forge";
import { parseDer } from "../der.ts";
import { isRsa } from "../keys.ts";
import { SIGNATURE_OIDS, type CertificateSpec, type Digest, type ExtensionSpec } from "../spec.ts";
import type { SignerBackend } from "./signer.ts";

const { asn1 } = forge;

const ALGORITHM: Record<Digest, string> = {
  sha256: SIGNATURE_OIDS.sha256WithRSAEncryption,
  sha1: SIGNATURE_OIDS.sha1WithRSAEncryption,
  md5: SIGNATURE_OIDS.md5WithRSAEncryption,
};

const bytes = (b: Buffer): string => b.toString("binary");

function toForgeExtension(ext: ExtensionSpec): object {
  switch (ext.kind) {
    case "basicConstraints":
      return {
        name: "basicConstraints",
        critical: ext.critical,
        cA: ext.ca,
        ...(ext.pathLength === undefined ? {} : { pathLenConstraint: ext.pathLength }),
      };
    case "keyUsage":
      return { name: "keyUsage", critical: ext.critical, ...Object.fromEntries(ext.usages.map((u) => [u, true])) };
    case "extKeyUsage":
      // forge writes the usages in the insertion order of the object's keys.
      return { name: "extKeyUsage", critical: ext.critical, ...Object.fromEntries(ext.usages.map((u) => [u, true])) };
    case "subjectAltName":
      return {
        name: "subjectAltName",
        critical: ext.critical,
        altNames: [...ext.dns.map((value) => ({ type: 2, value })), ...ext.ips.map((ip) => ({ type: 7, ip }))],
      };
    case "subjectKeyIdentifier":
      // forge would derive the identifier from an RSA key only; give the value itself.
      return {
        id: "2.5.29.14",
        value: asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, bytes(ext.keyId)),
      };
    case "authorityKeyIdentifier":
      return { name: "authorityKeyIdentifier", keyIdentifier: bytes(ext.keyId) };
    case "raw":
      return { id: ext.oid, critical: ext.critical, value: bytes(ext.value) };
  }
}

export const forgeSigner: SignerBackend = {
  name: "node-forge",

  supports(spec: CertificateSpec): boolean {
    return isRsa(spec.signingKey.type);
  },

  async sign(spec: CertificateSpec): Promise<Buffer> {
    const cert = forge.pki.createCertificate();
    cert.serialNumber = spec.serialNumber;
    cert.validity.notBefore = spec.notBefore;
    cert.validity.notAfter = spec.notAfter;
    const subjectRsa = isRsa(spec.subjectKey.type);
    if (subjectRsa) {
      cert.publicKey = forge.pki.publicKeyFromPem(spec.subjectKey.publicKey.export({ type: "spki", format: "pem" }).toString());
    } else {
      // forge encodes RSA public keys only; a placeholder fills the slot and the real SPKI is spliced in below.
      cert.publicKey = forge.pki.setRsaPublicKey(new forge.jsbn.BigInteger("3"), new forge.jsbn.BigInteger("3"));
    }
    cert.siginfo.algorithmOid = ALGORITHM[spec.digest];
    cert.setExtensions(spec.extensions.map(toForgeExtension));

    // getTBSCertificate is public in node-forge but missing from @types/node-forge.
    const tbs = (forge.pki as unknown as { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 }).getTBSCertificate(cert);
    const fields = tbs.value as forge.asn1.Asn1[];
    // [0] version, [1] serial, [2] signature, [3] issuer, [4] validity, [5] subject, [6] SPKI, [7] extensions
    fields[3] = parseDer(spec.issuer);
    fields[5] = parseDer(spec.subject);
    if (!subjectRsa) fields[6] = parseDer(spec.subjectKey.spki);

    const tbsDer = Buffer.from(asn1.toDer(tbs).getBytes(), "binary");
    const signature = sign(spec.digest, tbsDer, spec.signingKey.privateKey);
    const certificate = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      tbs,
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(ALGORITHM[spec.digest]).getBytes()),
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, ""),
      ]),
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BITSTRING, false, "\0" + bytes(signature)),
    ]);
    return Buffer.from(asn1.toDer(certificate).getBytes(), "binary");
  },
};
