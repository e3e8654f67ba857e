// DER parsing through node-forge's ASN.1 reader, with BIT STRINGs kept as bytes: forge would otherwise
// try to parse their contents as nested ASN.1 (an RSA key inside an SPKI, for example).

import forge from "node-forge";

type FromDer = (bytes: forge.util.ByteStringBuffer, options: { decodeBitStrings: boolean }) => forge.asn1.Asn1;

export function parseDer(der: Buffer): forge.asn1.Asn1 {
  // @types/node-forge declares only the older boolean `strict` argument; forge also takes an options object.
  return (forge.asn1.fromDer as unknown as FromDer)(forge.util.createBuffer(der.toString("binary")), { decodeBitStrings: false });
}

/** Re-encodes a parsed node as DER. */
export function toDer(node: forge.asn1.Asn1): Buffer {
  return Buffer.from(forge.asn1.toDer(node).getBytes(), "binary");
}

/** Returns the DER of a certificate's subject Name, byte for byte as the certificate has it. */
export function subjectNameDer(certificateDer: Buffer): Buffer {
  const tbs = children(children(parseDer(certificateDer))[0]);
  // An explicit [0] version first shifts the fields by one: serial, signature, issuer, validity, subject.
  const offset = tbs[0]?.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC ? 1 : 0;
  const subject = tbs[4 + offset];
  if (!subject) throw new Error("certificate without a subject field");
  return toDer(subject);
}

/** Returns the children of a constructed node (SEQUENCE, SET, explicit tag). */
export function children(node: forge.asn1.Asn1 | undefined): forge.asn1.Asn1[] {
  if (!node || !Array.isArray(node.value)) throw new Error("expected a constructed ASN.1 value");
  return node.value;
}
