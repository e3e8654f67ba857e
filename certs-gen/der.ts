// DER parsing through node-forge's ASN.1 reader, with BIT STRINGs kept as bytes: forge would otherwise
// try to parse their contents as nested ASN.1 (an RSA key inside an SPKI, for example).

import forge from "node-forge";

type FromDer = (bytes: forge.util.ByteStringBuffer, options: { decodeBitStrings: boolean }) => forge.asn1.Asn1;

export function parseDer(der: Buffer): forge.asn1.Asn1 {
  // @types/node-forge declares only the older boolean `strict` argument; forge also takes an options object.
  return (forge.asn1.fromDer as unknown as FromDer)(forge.util.createBuffer(der.toString("binary")), { decodeBitStrings: false });
}

/** Returns the children of a constructed node (SEQUENCE, SET, explicit tag). */
export function children(node: forge.asn1.Asn1 | undefined): forge.asn1.Asn1[] {
  if (!node || !Array.isArray(node.value)) throw new Error("expected a constructed ASN.1 value");
  return node.value;
}
