// Picks the signer back end for a certificate by its signing key: forge for RSA issuers, @peculiar/x509
// for ECDSA P-256 and Ed25519 issuers.

import type { CertificateSpec } from "../spec.ts";
import { forgeSigner } from "./forge.ts";
import { peculiarSigner } from "./peculiar.ts";

export interface SignerBackend {
  readonly name: string;
  supports(spec: CertificateSpec): boolean;
  /** DER of the signed certificate. */
  sign(spec: CertificateSpec): Promise<Buffer>;
}

export const BACKENDS: readonly SignerBackend[] = [forgeSigner, peculiarSigner];

export function signCertificate(spec: CertificateSpec): Promise<Buffer> {
  const backend = BACKENDS.find((b) => b.supports(spec));
  if (!backend) {
    throw new Error(`no signer back end signs ${spec.digest} with a ${spec.signingKey.type} key`);
  }
  return backend.sign(spec);
}
