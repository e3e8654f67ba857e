// Parts shared by every mcrouter expectation file: the case type, the sources and reasons
// that several entries cite, and the helpers that build an Expectation. ../expectations.ts
// describes how the entries were confirmed.

import type { TlsVersion } from "../../../harness/probe/record.ts";
import type { Expectation, LinkKind, VariedCertificate } from "../../../reports/result.ts";
import type { SecurityMech } from "../../../harness/mcrouter/access-point.ts";

export interface McrouterCase {
  expectationsFile: string;
  id: string;
  link: LinkKind;
  /** The topology id the case runs on (harness/mcrouter/topologies.ts). */
  topologyId: string;
  settings: Record<string, string>;
  /** The leaf the TLS client of the link under test presents, or null for none. */
  clientVariant: string | null;
  serverVariant: string;
  /** The certificate the case varies, for the report's grids; inferred when absent. */
  varies?: VariedCertificate;
  /** TLS version of the link under test; `none` for the plaintext mech. */
  tlsVersion: TlsVersion | "none";
  expected: Expectation;
}

export const OBSERVED = "observed on v2026.08.17.00";

export const SOURCE = {
  ipSan: "mcrouter/lib/network/McSSLUtil.cpp:54-86 (TLS 1.2: leaf iPAddress SAN compared with getpeername())",
  noIpCheckOn13: "mcrouter/lib/network/FizzContextProvider.cpp:108-120, mcrouter/lib/network/McServerSession.cpp:692-702 (TLS 1.3: chain check only, no IP or name check)",
  fizzAlerts:
    "facebookincubator/fizz fizz/backend/openssl/certificate/OpenSSLCertificateVerifier.cpp, toTLSAlert and verifyWithX509StoreCtx (purpose ssl_client, X509_V_FLAG_X509_STRICT)",
  opensslVerdict:
    "mcrouter/lib/network/McSSLUtil.cpp:112-124 keeps OpenSSL's chain verdict; OpenSSL's alert for this error observed on memcached 1.6.18 with OpenSSL 3.0.22",
  opensslNotStrict: "mcrouter/lib/network/ThreadLocalSSLContextProvider.cpp:277-284 (TLS 1.2 verifies with OpenSSL defaults, no strict flag)",
  requireFlag: "mcrouter/lib/network/ThreadLocalSSLContextProvider.cpp:277-284 (SSL_VERIFY_PEER always; a certificate that arrives is verified with or without --ssl-require-peer-certs)",
  startFailure: "mcrouter/lib/network/AsyncMcServer.cpp:594-600, mcrouter/Server-inl.h:581-584",
  fizzNoSecurityLevel:
    "facebookincubator/fizz v2026.08.17.00 fizz/backend/openssl/certificate/OpenSSLCertificateVerifier.cpp:178-213 (a fresh X509_STORE_CTX with only X509_V_FLAG_X509_STRICT, so no TLS security level)",
  fizzServerSigSchemes: "facebookincubator/fizz v2026.08.17.00 fizz/server/FizzServerContext.h:393 (the server's signature schemes: ECDSA and RSA-PSS, no Ed25519)",
  memcachedVerifyMode: "memcached 1.6.18 tls.c:196 and memcached.c:5482-5514; mode 0 and mode 1 behaviour observed on memcached 1.6.18",
  clientVerify:
    "mcrouter/lib/network/ThreadLocalSSLContextProvider.cpp:355-362, mcrouter/lib/network/FizzContextProvider.cpp:56-68 (destination certificate checked against --pem-ca-path, no name check)",
  tlsToPlainServer: "mcrouter/lib/network/McServerSession.cpp:652-659 (a TLS 1.2 client that negotiated ALPN mc_tls_to_pt continues in plaintext)",
  remoteError: "mcrouter/lib/network/AsyncMcClientImpl.cpp:593-647",
} as const;

export const REASON = {
  alertAfterFinished:
    "In TLS 1.3 the server judges the client certificate after the client's Finished, so the client sees a finished handshake and the alert on its first read.",
  ipSanOn12Only: "Only the TLS 1.2 path (OpenSSL) compares the leaf's iPAddress SAN with the peer address; the TLS 1.3 path (fizz) checks the chain only.",
  ipSanRejectAlert: "mcrouter's verify callback rejects the leaf and OpenSSL sends internal_error, not bad_certificate.",
  strictOn13Only: "fizz verifies with X509_V_FLAG_X509_STRICT, which OpenSSL 3.0 uses to require the Authority Key Identifier; the TLS 1.2 path does not set the flag.",
  ekuOn12: "OpenSSL verifies a client certificate for the sslclient purpose and rejects a wrong EKU with alert unsupported_certificate.",
  ekuOn13: "fizz maps every verify error outside its expiry and path-building lists, a wrong purpose included, to bad_certificate.",
  noCertNoRequire: "Without --ssl-require-peer-certs mcrouter still requests a certificate but admits a client that sends none.",
  securityLevel12:
    "Debian's OpenSSL 3.0 runs at security level 2, which rejects RSA keys under 2048 bits and SHA-1 or MD5 signatures in a peer's chain with bad_certificate, as memcached 1.6.18 does.",
  noSecurityLevel13:
    "fizz verifies the chain in an X509_STORE_CTX of its own, without the TLS security level, so TLS 1.3 admits the weak key or digest that the TLS 1.2 path rejects.",
  strict13: "fizz verifies with X509_V_FLAG_X509_STRICT, whose RFC 5280 profile checks reject this leaf or chain; the TLS 1.2 path does not set the flag.",
  notYetValid:
    "OpenSSL's TLS 1.2 path sends bad_certificate for a leaf that is not yet valid (as on memcached 1.6.18), while fizz maps every validity error to certificate_expired.",
  ed25519On13:
    "fizz's server offers no Ed25519 signature scheme in its CertificateRequest, so the client sends no certificate. With --ssl-require-peer-certs that fails with certificate_required, without it the client gets in anonymously.",
  clientSide: "The prober cannot load this leaf and key, so no connection is made; a real client fails the same way before it reaches mcrouter.",
  ipv6SanOverIpv4: "The leaf's only iPAddress SAN is ::1, but the client connects over IPv4, so the TLS 1.2 IP SAN check finds no match.",
} as const;

/** The suite run that confirmed the entries below, appended to each entry's source. */
export const CONFIRMED_BY = "confirmed by these suites on v2026.08.17.00 with memcached 1.6.18, 2026-12-05";

export function expectation(outcome: Expectation["outcome"], source: string, detail?: string, reason?: string): Expectation {
  const expected: Expectation = { outcome, confirmed: true, source: `${source}; ${CONFIRMED_BY}` };
  if (detail !== undefined) expected.detail = detail;
  if (reason !== undefined) expected.reason = reason;
  return expected;
}

export const ok = (source: string, reason?: string): Expectation => expectation("ok", source, undefined, reason);
export const alert = (name: string, source: string, reason?: string): Expectation => expectation("server-alert", source, name, reason);
export const errorReply = (detail: string | undefined, source: string, reason?: string): Expectation => expectation("error-reply", source, detail, reason);

export const T12 = "TLSv1.2";
export const T13 = "TLSv1.3";

export const OPENSSL_MECH_VERSION = "TLSv1.2";

/** The TLS version a mech speaks: fizz is TLS 1.3 only, the OpenSSL mechs TLS 1.2 only. */
export function linkVersion(mech: SecurityMech): TlsVersion | "none" {
  if (mech === "plain") return "none";
  if (mech === "fizz") return "TLSv1.3";
  return OPENSSL_MECH_VERSION;
}

export const tlsToPlainNote = "memcached offers no ALPN, so tls_to_plain stays on TLS and counts a num_tls_to_plain_fallback_failures.";
export const ktlsNote = "The open-source build has no kernel-TLS hook, so ktls12 stays in user-space TLS 1.2 and counts a num_ktls_fallback_failures.";

export const fizzVerifyNote = "With --ssl-verify-peers, fizz checks memcached's leaf against OpenSSL's strict X.509 profile, so the kit's server leaf must pass it.";

export function mechNote(mech: SecurityMech, clientFlags: boolean): string | undefined {
  if (mech === "tls_to_plain") return tlsToPlainNote;
  if (mech === "ktls12") return ktlsNote;
  if (mech === "fizz" && clientFlags) return fizzVerifyNote;
  return undefined;
}
