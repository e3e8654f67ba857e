// Distinguished names, encoded once to DER here so that a child's issuer field is byte-identical to its
// parent's subject field whichever back end signed each of them.

import forge from "node-forge";

export type NameAttribute = "CN" | "O" | "OU";

/** An ordered list of attributes, most significant first; `[]` is the empty DN. */
export type NameSpec = ReadonlyArray<readonly [NameAttribute, string]>;

const OIDS: Record<NameAttribute, string> = { CN: "2.5.4.3", O: "2.5.4.10", OU: "2.5.4.11" };

/** The organisation every name of a kit carries. */
export const KIT_ORGANIZATION = "mcrouter-mtls-conformance";

/** DER Name: SEQUENCE of one-attribute SETs, every value a UTF8String. */
export function encodeName(spec: NameSpec): Buffer {
  const { asn1 } = forge;
  const rdns = spec.map(([attr, value]) =>
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(OIDS[attr]).getBytes()),
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.UTF8, false, forge.util.encodeUtf8(value)),
      ]),
    ]),
  );
  const name = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, rdns);
  return Buffer.from(asn1.toDer(name).getBytes(), "binary");
}

/** A kit name: `CN=<cn>, O=mcrouter-mtls-conformance`. */
export function kitName(commonName: string): NameSpec {
  return [
    ["CN", commonName],
    ["O", KIT_ORGANIZATION],
  ];
}
