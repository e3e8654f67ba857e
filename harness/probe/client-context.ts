// Builds the TLS context that the prober connects with: pinned protocol version, the trust store
// for the server's certificate, and the client certificate it presents.

import { readFile } from "node:fs/promises";
import tls from "node:tls";

import { ProbeFailure } from "./probe-failure.ts";
import type { TlsVersion } from "./record.ts";

/** The certificate a probe presents, as PEM text or as files to read. Keys never reach a record. */
export type ClientCredentials = {
  /** Kit variant id reported as `clientVariant`, for example `client.valid`. */
  variantId: string;
  passphrase?: string;
} & (
  | { chainPem: Buffer | string; keyPem: Buffer | string }
  | { chainFile: string; keyFile: string }
);

export interface ClientContextRequest {
  tlsVersion: TlsVersion;
  client: ClientCredentials | null;
  trustedCaPem?: Buffer | string;
  /** OpenSSL security level to use from the start; by default the prober lowers it only when needed. */
  securityLevel?: number;
}

export interface ClientContext {
  secureContext: tls.SecureContext;
  /** Set when the default level rejected the client certificate and level 0 loaded it. */
  securityLevelLowered?: { level: 0; reason: string };
}

/**
 * OpenSSL's errors for a client certificate or key weaker than the security level allows:
 * an RSA-1024 key gives `ERR_SSL_EE_KEY_TOO_SMALL`, and a SHA-1 or MD5 signature gives
 * `ERR_SSL_CA_MD_TOO_WEAK` on OpenSSL 3.0. Level 0 accepts all of them.
 */
const SECURITY_LEVEL_ERRORS = new Set(["ERR_SSL_EE_KEY_TOO_SMALL", "ERR_SSL_CA_KEY_TOO_SMALL", "ERR_SSL_CA_MD_TOO_WEAK"]);

/**
 * Creates the secure context for one probe. Raises a `ProbeFailure` of kind
 * `client-setup-failed` when the client's certificate or key cannot be read or loaded, so a
 * local mistake is never reported as the server's verdict.
 */
export async function buildClientContext(request: ClientContextRequest): Promise<ClientContext> {
  const credentials = request.client === null ? null : await readCredentials(request.client);

  const baseOptions: tls.SecureContextOptions = {
    minVersion: request.tlsVersion,
    maxVersion: request.tlsVersion,
  };

  if (request.trustedCaPem !== undefined) {
    baseOptions.ca = request.trustedCaPem;
  }

  if (credentials !== null) {
    baseOptions.cert = credentials.chainPem;
    baseOptions.key = credentials.keyPem;
    if (credentials.passphrase !== undefined) {
      baseOptions.passphrase = credentials.passphrase;
    }
  }

  if (request.securityLevel !== undefined) {
    const options = { ...baseOptions, ciphers: ciphersAtLevel(request.securityLevel) };
    return { secureContext: createContext(options, request.client) };
  }

  try {
    return { secureContext: tls.createSecureContext(baseOptions) };
  } catch (error) {
    const code = errorCodeOf(error);
    if (!SECURITY_LEVEL_ERRORS.has(code)) {
      throw setupFailure(error, request.client);
    }

    const options = { ...baseOptions, ciphers: ciphersAtLevel(0) };
    return { secureContext: createContext(options, request.client), securityLevelLowered: { level: 0, reason: code } };
  }
}

/** Node's default cipher list with OpenSSL's `@SECLEVEL` directive appended. */
export function ciphersAtLevel(level: number): string {
  if (!Number.isInteger(level) || level < 0 || level > 5) {
    throw new RangeError(`securityLevel ${level} is invalid: OpenSSL security levels are the integers 0 to 5.`);
  }

  return `${tls.DEFAULT_CIPHERS}:@SECLEVEL=${level}`;
}

function createContext(options: tls.SecureContextOptions, client: ClientCredentials | null): tls.SecureContext {
  try {
    return tls.createSecureContext(options);
  } catch (error) {
    throw setupFailure(error, client);
  }
}

interface LoadedCredentials {
  chainPem: Buffer | string;
  keyPem: Buffer | string;
  passphrase?: string;
}

async function readCredentials(client: ClientCredentials): Promise<LoadedCredentials> {
  const loaded: LoadedCredentials =
    "chainFile" in client
      ? {
          chainPem: await readCredentialFile(client.chainFile, "certificate chain", client.variantId),
          keyPem: await readCredentialFile(client.keyFile, "private key", client.variantId),
        }
      : { chainPem: client.chainPem, keyPem: client.keyPem };

  if (client.passphrase !== undefined) {
    loaded.passphrase = client.passphrase;
  }

  // Node silently loads no certificate from an empty or PEM-less string. The probe would then
  // present nothing while the record names a variant, so such input is rejected here.
  if (!pemText(loaded.chainPem).includes("-----BEGIN CERTIFICATE-----")) {
    throw new ProbeFailure({
      kind: "client-setup-failed",
      errorCode: "ERR_PROBE_NO_CERTIFICATE_PEM",
      message: `The certificate chain of client variant ${client.variantId} contains no "-----BEGIN CERTIFICATE-----" block. Pass the PEM text of the leaf and its chain.`,
    });
  }

  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pemText(loaded.keyPem))) {
    throw new ProbeFailure({
      kind: "client-setup-failed",
      errorCode: "ERR_PROBE_NO_PRIVATE_KEY_PEM",
      message: `The private key of client variant ${client.variantId} contains no "-----BEGIN ... PRIVATE KEY-----" block. Pass the PEM text of the leaf's key.`,
    });
  }

  return loaded;
}

async function readCredentialFile(path: string, what: string, variantId: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new ProbeFailure({
      kind: "client-setup-failed",
      errorCode: errorCodeOf(error),
      message: `Cannot read the ${what} file ${path} of client variant ${variantId} (${errorCodeOf(error)}). Check the path and its permissions.`,
    });
  }
}

function pemText(pem: Buffer | string): string {
  return typeof pem === "string" ? pem : pem.toString("latin1");
}

/** Names the failed load without echoing the PEM text, which may contain the private key. */
function setupFailure(error: unknown, client: ClientCredentials | null): ProbeFailure {
  const code = errorCodeOf(error);
  const variant = client === null ? "no client certificate" : `client variant ${client.variantId}`;
  const reason = error instanceof Error ? error.message : String(error);

  return new ProbeFailure({
    kind: "client-setup-failed",
    errorCode: code,
    message: `Loading the TLS context for ${variant} failed: ${reason}. ${hintFor(code)}`,
  });
}

function hintFor(code: string): string {
  switch (code) {
    case "ERR_OSSL_X509_KEY_VALUES_MISMATCH":
      return "The private key does not belong to the leaf certificate; pass the key that was issued with it.";
    case "ERR_OSSL_BAD_DECRYPT":
      return "The private key is encrypted; pass its passphrase, or the right one.";
    case "ERR_OSSL_PEM_NO_START_LINE":
    case "ERR_OSSL_PEM_BAD_BASE64_DECODE":
    case "ERR_OSSL_PEM_BAD_END_LINE":
    case "ERR_OSSL_ASN1_TOO_LONG":
    case "ERR_OSSL_UNSUPPORTED":
      return "The PEM text is corrupted or not a certificate or key; regenerate the file.";
    default:
      return "Check the certificate, key and trust store passed to the probe.";
  }
}

export function errorCodeOf(error: unknown): string {
  if (typeof error === "object" && error !== null && "code" in error && typeof error.code === "string") {
    return error.code;
  }

  return "UNKNOWN";
}
