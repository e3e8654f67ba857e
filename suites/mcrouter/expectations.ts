// Expected outcome of each mcrouter case, one entry per case id. Each entry names its
// source: the mcrouter release it was observed on, or the upstream file and lines it was
// read from. A run against a real mcrouter confirms or refutes it. A refuted entry is a
// finding about mcrouter or about this file, so fix the entry and keep the evidence, and do
// not loosen the suite.
//
// Every entry is confirmed: all 311 cases came out as written here when these suites ran on
// 2026-12-05 against mcrouter v2026.08.17.00, built from source with its dependencies at the
// same tag and linked against Debian 12's OpenSSL 3.0.22, with memcached 1.6.18 and the kit's
// ECDSA P-256 server leaves. They ran twice, with mcrouter as a local process (MCROUTER_BIN)
// and from an image of that binary (MCROUTER_IMAGE, Docker 20.10 bridge network). The client
// leaves beyond the first nine, and the broken leaves on the mcrouter → memcached link, were
// added from that run's observations, each with the reason where the two TLS paths differ.
// A new entry starts unconfirmed.
//
// Source paths starting `mcrouter/` are in facebook/mcrouter at commit 9d7f434 (2026-08-20).
// "observed on v2026.08.17.00" means mcrouter built from source at that tag, linked against
// OpenSSL 3.0, every certificate ECDSA P-256, on loopback.

import type { TlsVersion } from "../../harness/probe/record.ts";
import type { Expectation, LinkKind, VariedCertificate } from "../../reports/result.ts";
import type { SecurityMech } from "../../harness/mcrouter/access-point.ts";
import type { MemcachedVerifyMode } from "../../harness/mcrouter/topology.ts";
import { CLIENT_VARIANTS as C, PEER_VARIANTS as P, SERVER_VARIANTS } from "./client-variants.ts";

/** This file, named in a mismatch so that the reader knows which entry to correct. */
const EXPECTATIONS_FILE = "suites/mcrouter/expectations.ts";

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

const OBSERVED = "observed on v2026.08.17.00";

const SOURCE = {
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

const REASON = {
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
const CONFIRMED_BY = "confirmed by these suites on v2026.08.17.00 with memcached 1.6.18, 2026-12-05";

function expectation(outcome: Expectation["outcome"], source: string, detail?: string, reason?: string): Expectation {
  const expected: Expectation = { outcome, confirmed: true, source: `${source}; ${CONFIRMED_BY}` };
  if (detail !== undefined) expected.detail = detail;
  if (reason !== undefined) expected.reason = reason;
  return expected;
}

const ok = (source: string, reason?: string): Expectation => expectation("ok", source, undefined, reason);
const alert = (name: string, source: string, reason?: string): Expectation => expectation("server-alert", source, name, reason);
const errorReply = (detail: string | undefined, source: string, reason?: string): Expectation => expectation("error-reply", source, detail, reason);

// ---------------------------------------------------------------------------------------
// client → mcrouter --ssl-port

type RequireSetting = "require-peer-certs" | "no-require";

function clientCase(require: RequireSetting, tlsVersion: TlsVersion, clientVariant: string | null, expected: Expectation): McrouterCase {
  return {
    id: `client-mcrouter/${require}/${tlsVersion}/${clientVariant ?? "none"}`,
    expectationsFile: EXPECTATIONS_FILE,
    link: "client-mcrouter",
    topologyId: `client-mcrouter/${require}`,
    settings: {
      "--ssl-require-peer-certs": require === "require-peer-certs" ? "on" : "off",
      "--server-pem-*": "set",
      "--pem-cert-path, --pem-key-path, --pem-ca-path": "unset",
    },
    clientVariant,
    serverVariant: SERVER_VARIANTS.mcrouter,
    tlsVersion,
    expected,
  };
}

/** Build the four cases of one client leaf: TLS 1.2 and TLS 1.3, each with and without --ssl-require-peer-certs. */
function eitherRequire(clientVariant: string, tls12: Expectation, tls13: Expectation): McrouterCase[] {
  return [REQ, NOREQ].flatMap((require) => [clientCase(require, T12, clientVariant, tls12), clientCase(require, T13, clientVariant, tls13)]);
}

const clientSetupFailed = (detail: string): Expectation => expectation("client-setup-failed", OBSERVED, detail, REASON.clientSide);

const T12 = "TLSv1.2";
const T13 = "TLSv1.3";
const REQ: RequireSetting = "require-peer-certs";
const NOREQ: RequireSetting = "no-require";

export const CLIENT_TO_MCROUTER: readonly McrouterCase[] = [
  clientCase(REQ, T12, C.valid, ok(OBSERVED)),
  clientCase(REQ, T13, C.valid, ok(OBSERVED)),
  clientCase(NOREQ, T12, C.valid, ok(OBSERVED)),
  clientCase(NOREQ, T13, C.valid, ok(OBSERVED)),

  clientCase(REQ, T12, C.wrongIpSan, alert("internal_error", `${OBSERVED}; ${SOURCE.ipSan}`, REASON.ipSanRejectAlert)),
  clientCase(REQ, T13, C.wrongIpSan, ok(`${OBSERVED}; ${SOURCE.noIpCheckOn13}`, REASON.ipSanOn12Only)),
  clientCase(NOREQ, T12, C.wrongIpSan, alert("internal_error", `${OBSERVED}; ${SOURCE.ipSan}`, REASON.ipSanRejectAlert)),
  clientCase(NOREQ, T13, C.wrongIpSan, ok(`${OBSERVED}; ${SOURCE.noIpCheckOn13}`, REASON.ipSanOn12Only)),

  clientCase(REQ, T12, C.dnsSanOnly, alert("internal_error", `${OBSERVED}; ${SOURCE.ipSan}`, "DNS, URI and email SANs and the CN are ignored; only an iPAddress SAN can match.")),
  clientCase(REQ, T13, C.dnsSanOnly, ok(`${OBSERVED}; ${SOURCE.noIpCheckOn13}`, REASON.ipSanOn12Only)),
  clientCase(NOREQ, T12, C.dnsSanOnly, alert("internal_error", `${SOURCE.ipSan}; ${SOURCE.requireFlag}`, "A certificate that arrives is checked whatever the require flag says.")),
  clientCase(NOREQ, T13, C.dnsSanOnly, ok(SOURCE.noIpCheckOn13, REASON.ipSanOn12Only)),

  clientCase(REQ, T12, C.noSan, alert("internal_error", `${OBSERVED}; ${SOURCE.ipSan}`, "mcrouter logs `No subjectAltName provided and we only support ip auth`.")),
  clientCase(REQ, T13, C.noSan, ok(`${OBSERVED}; ${SOURCE.noIpCheckOn13}`, REASON.ipSanOn12Only)),
  clientCase(NOREQ, T12, C.noSan, alert("internal_error", `${SOURCE.ipSan}; ${SOURCE.requireFlag}`, "A certificate that arrives is checked whatever the require flag says.")),
  clientCase(NOREQ, T13, C.noSan, ok(SOURCE.noIpCheckOn13, REASON.ipSanOn12Only)),

  clientCase(REQ, T12, C.untrustedIssuer, alert("unknown_ca", OBSERVED)),
  clientCase(REQ, T13, C.untrustedIssuer, alert("unknown_ca", OBSERVED, REASON.alertAfterFinished)),
  clientCase(NOREQ, T12, C.untrustedIssuer, alert("unknown_ca", OBSERVED, "A certificate that arrives is checked whatever the require flag says.")),
  clientCase(NOREQ, T13, C.untrustedIssuer, alert("unknown_ca", OBSERVED, REASON.alertAfterFinished)),

  clientCase(REQ, T12, null, alert("handshake_failure", OBSERVED, "OpenSSL's SSL_VERIFY_FAIL_IF_NO_PEER_CERT fails the handshake itself.")),
  clientCase(REQ, T13, null, alert("certificate_required", OBSERVED, REASON.alertAfterFinished)),
  clientCase(NOREQ, T12, null, ok(OBSERVED, REASON.noCertNoRequire)),
  clientCase(NOREQ, T13, null, ok(OBSERVED, REASON.noCertNoRequire)),

  clientCase(REQ, T12, C.expired, alert("certificate_expired", SOURCE.opensslVerdict)),
  clientCase(REQ, T13, C.expired, alert("certificate_expired", SOURCE.fizzAlerts, REASON.alertAfterFinished)),
  clientCase(NOREQ, T12, C.expired, alert("certificate_expired", `${SOURCE.opensslVerdict}; ${SOURCE.requireFlag}`)),
  clientCase(NOREQ, T13, C.expired, alert("certificate_expired", SOURCE.fizzAlerts, REASON.alertAfterFinished)),

  clientCase(REQ, T12, C.ekuServerAuthOnly, alert("unsupported_certificate", SOURCE.opensslVerdict, REASON.ekuOn12)),
  clientCase(REQ, T13, C.ekuServerAuthOnly, alert("bad_certificate", SOURCE.fizzAlerts, `${REASON.ekuOn13} ${REASON.alertAfterFinished}`)),
  clientCase(NOREQ, T12, C.ekuServerAuthOnly, alert("unsupported_certificate", `${SOURCE.opensslVerdict}; ${SOURCE.requireFlag}`, REASON.ekuOn12)),
  clientCase(NOREQ, T13, C.ekuServerAuthOnly, alert("bad_certificate", SOURCE.fizzAlerts, `${REASON.ekuOn13} ${REASON.alertAfterFinished}`)),

  clientCase(REQ, T12, C.noAuthorityKeyId, ok(SOURCE.opensslNotStrict, REASON.strictOn13Only)),
  clientCase(REQ, T13, C.noAuthorityKeyId, alert("bad_certificate", SOURCE.fizzAlerts, `${REASON.strictOn13Only} ${REASON.alertAfterFinished}`)),
  clientCase(NOREQ, T12, C.noAuthorityKeyId, ok(SOURCE.opensslNotStrict, REASON.strictOn13Only)),
  clientCase(NOREQ, T13, C.noAuthorityKeyId, alert("bad_certificate", SOURCE.fizzAlerts, `${REASON.strictOn13Only} ${REASON.alertAfterFinished}`)),

  // The rest of the kit's client leaves. Each gets the same outcome with and without
  // --ssl-require-peer-certs, except the Ed25519 leaf on TLS 1.3.
  ...eitherRequire("client.valid.rsa2048", ok(OBSERVED), ok(OBSERVED)),
  clientCase(REQ, T12, "client.valid.ed25519", ok(OBSERVED)),
  clientCase(NOREQ, T12, "client.valid.ed25519", ok(OBSERVED)),
  clientCase(REQ, T13, "client.valid.ed25519", alert("certificate_required", `${OBSERVED}; ${SOURCE.fizzServerSigSchemes}`, REASON.ed25519On13)),
  clientCase(NOREQ, T13, "client.valid.ed25519", ok(`${OBSERVED}; ${SOURCE.fizzServerSigSchemes}`, REASON.ed25519On13)),
  ...eitherRequire("client.ipv6-only-san", alert("internal_error", `${OBSERVED}; ${SOURCE.ipSan}`, REASON.ipv6SanOverIpv4), ok(`${OBSERVED}; ${SOURCE.noIpCheckOn13}`, REASON.ipSanOn12Only)),
  ...eitherRequire("client.empty-subject", ok(OBSERVED), alert("bad_certificate", `${OBSERVED}; ${SOURCE.fizzAlerts}`, REASON.strict13)),
  ...eitherRequire("client.wildcard-cn", ok(OBSERVED, "Neither path reads the CN."), ok(OBSERVED, "Neither path reads the CN.")),

  ...eitherRequire("client.impostor-ca", alert("unknown_ca", OBSERVED), alert("unknown_ca", OBSERVED, REASON.alertAfterFinished)),
  ...eitherRequire("client.self-signed", alert("unknown_ca", OBSERVED), alert("unknown_ca", OBSERVED, REASON.alertAfterFinished)),
  ...eitherRequire("client.chain-missing-intermediate", alert("unknown_ca", OBSERVED), alert("unknown_ca", OBSERVED, REASON.alertAfterFinished)),
  ...eitherRequire("client.intermediate-no-basic-constraints", alert("unknown_ca", OBSERVED), alert("unknown_ca", OBSERVED, REASON.alertAfterFinished)),
  ...eitherRequire("client.intermediate-pathlen-exceeded", alert("unknown_ca", OBSERVED), alert("unknown_ca", OBSERVED, REASON.alertAfterFinished)),
  ...eitherRequire("client.expired-root", alert("unknown_ca", OBSERVED), alert("unknown_ca", OBSERVED, REASON.alertAfterFinished)),
  ...eitherRequire("client.expired-intermediate", alert("certificate_expired", OBSERVED), alert("certificate_expired", OBSERVED, REASON.alertAfterFinished)),
  ...eitherRequire("client.not-yet-valid", alert("bad_certificate", OBSERVED, REASON.notYetValid), alert("certificate_expired", `${OBSERVED}; ${SOURCE.fizzAlerts}`, REASON.notYetValid)),

  ...eitherRequire("client.leaf-ca-true", ok(OBSERVED), ok(OBSERVED)),
  ...eitherRequire("client.no-eku", ok(OBSERVED, "A leaf without EKU is valid for any purpose."), ok(OBSERVED, "A leaf without EKU is valid for any purpose.")),
  ...eitherRequire("client.ca-no-key-usage", ok(OBSERVED), alert("bad_certificate", `${OBSERVED}; ${SOURCE.fizzAlerts}`, REASON.strict13)),
  ...eitherRequire("client.key-usage-no-digital-signature", alert("unsupported_certificate", OBSERVED, REASON.ekuOn12), alert("bad_certificate", `${OBSERVED}; ${SOURCE.fizzAlerts}`, REASON.ekuOn13)),
  ...eitherRequire("client.unknown-critical-extension", alert("certificate_unknown", OBSERVED), alert("bad_certificate", `${OBSERVED}; ${SOURCE.fizzAlerts}`, REASON.ekuOn13)),

  ...eitherRequire("client.rsa1024", alert("bad_certificate", OBSERVED, REASON.securityLevel12), ok(`${OBSERVED}; ${SOURCE.fizzNoSecurityLevel}`, REASON.noSecurityLevel13)),
  ...eitherRequire("client.sha1-signature", alert("bad_certificate", OBSERVED, REASON.securityLevel12), ok(`${OBSERVED}; ${SOURCE.fizzNoSecurityLevel}`, REASON.noSecurityLevel13)),
  ...eitherRequire("client.md5-signature", alert("bad_certificate", OBSERVED, REASON.securityLevel12), ok(`${OBSERVED}; ${SOURCE.fizzNoSecurityLevel}`, REASON.noSecurityLevel13)),

  ...eitherRequire("client.key-mismatch", clientSetupFailed("ERR_OSSL_X509_KEY_VALUES_MISMATCH"), clientSetupFailed("ERR_OSSL_X509_KEY_VALUES_MISMATCH")),
  ...eitherRequire("client.chain-reversed", clientSetupFailed("ERR_OSSL_X509_KEY_VALUES_MISMATCH"), clientSetupFailed("ERR_OSSL_X509_KEY_VALUES_MISMATCH")),
  ...eitherRequire("client.corrupted-pem", clientSetupFailed("ERR_OSSL_PEM_BAD_BASE64_DECODE"), clientSetupFailed("ERR_OSSL_PEM_BAD_BASE64_DECODE")),
  ...eitherRequire("client.encrypted-key", clientSetupFailed("ERR_OSSL_BAD_DECRYPT"), clientSetupFailed("ERR_OSSL_BAD_DECRYPT")),
];

// ---------------------------------------------------------------------------------------
// mcrouter → memcached 1.6.18 (-Z), requests sent in plaintext to mcrouter's -p port

const OPENSSL_MECH_VERSION = "TLSv1.2";

/** The TLS version a mech speaks: fizz is TLS 1.3 only, the OpenSSL mechs TLS 1.2 only. */
function linkVersion(mech: SecurityMech): TlsVersion | "none" {
  if (mech === "plain") return "none";
  if (mech === "fizz") return "TLSv1.3";
  return OPENSSL_MECH_VERSION;
}

function memcachedCase(mech: SecurityMech, verifyMode: MemcachedVerifyMode, clientFlags: boolean, expected: Expectation): McrouterCase {
  const flags = clientFlags ? "client-flags" : "no-client-flags";
  return {
    id: `mcrouter-memcached/${mech}/verify-${verifyMode}/${flags}`,
    expectationsFile: EXPECTATIONS_FILE,
    link: "mcrouter-memcached",
    topologyId: `mcrouter-memcached/${mech}/verify-${verifyMode}/${flags}`,
    settings: {
      security_mech: mech,
      ssl_verify_mode: String(verifyMode),
      "--pem-cert-path, --pem-key-path, --pem-ca-path, --ssl-verify-peers": clientFlags ? "set" : "unset",
    },
    clientVariant: clientFlags ? P.valid : null,
    serverVariant: SERVER_VARIANTS.memcached,
    tlsVersion: linkVersion(mech),
    expected,
  };
}

const observedTable = `${OBSERVED} with memcached 1.6.18, ssl_verify_mode=2`;
const stored = (source: string, reason?: string): Expectation => ok(source, reason);
const noCertOverSsl = (source: string): Expectation =>
  errorReply(
    "handshake_failure",
    source,
    "memcached requires a client certificate and mcrouter has none; the reply reads `SERVER_ERROR AsyncSocketException: ...sslv3 alert handshake failure, type = SSL error` (a CONNECT_ERROR, so the destination goes TKO).",
  );
const noCertOverFizz = (source: string): Expectation =>
  errorReply(
    "certificate_required",
    source,
    "memcached rejects the missing certificate after the TLS 1.3 handshake, so the reply is a REMOTE_ERROR: `SERVER_ERROR Failed to read from socket with remote endpoint ... received alert: certificate_required`.",
  );
const modeNoRequest = `${SOURCE.memcachedVerifyMode}; ${SOURCE.clientVerify}`;
const tlsToPlainNote = "memcached offers no ALPN, so tls_to_plain stays on TLS and counts a num_tls_to_plain_fallback_failures.";
const ktlsNote = "The open-source build has no kernel-TLS hook, so ktls12 stays in user-space TLS 1.2 and counts a num_ktls_fallback_failures.";

const fizzVerifyNote = "With --ssl-verify-peers, fizz checks memcached's leaf against OpenSSL's strict X.509 profile, so the kit's server leaf must pass it.";

function mechNote(mech: SecurityMech, clientFlags: boolean): string | undefined {
  if (mech === "tls_to_plain") return tlsToPlainNote;
  if (mech === "ktls12") return ktlsNote;
  if (mech === "fizz" && clientFlags) return fizzVerifyNote;
  return undefined;
}

function requiredCertificateCases(verifyMode: 2 | 3): McrouterCase[] {
  const source = verifyMode === 2 ? observedTable : `${SOURCE.memcachedVerifyMode} (mode 3 acts as mode 2 on a new connection); ${OBSERVED} for mode 2`;
  return (["ssl", "tls_to_plain", "ktls12", "fizz"] as const).flatMap((mech) => [
    memcachedCase(mech, verifyMode, true, stored(source, mechNote(mech, true))),
    memcachedCase(mech, verifyMode, false, mech === "fizz" ? noCertOverFizz(source) : noCertOverSsl(source)),
  ]);
}

function optionalCertificateCases(verifyMode: 0 | 1): McrouterCase[] {
  const reason =
    verifyMode === 0
      ? "memcached with ssl_verify_mode=0 sends no CertificateRequest and admits every TLS client."
      : "memcached with ssl_verify_mode=1 admits a client without a certificate and verifies one that is sent.";
  return (["ssl", "tls_to_plain", "ktls12", "fizz"] as const).flatMap((mech) => [
    memcachedCase(mech, verifyMode, true, stored(modeNoRequest, [reason, mechNote(mech, true)].filter(Boolean).join(" "))),
    memcachedCase(
      mech,
      verifyMode,
      false,
      stored(modeNoRequest, [reason, "Without --ssl-verify-peers mcrouter accepts any server certificate.", mechNote(mech, false)].filter(Boolean).join(" ")),
    ),
  ]);
}

export const MCROUTER_TO_MEMCACHED: readonly McrouterCase[] = [
  ...optionalCertificateCases(0),
  ...optionalCertificateCases(1),
  ...requiredCertificateCases(2),
  ...requiredCertificateCases(3),

  memcachedCase(
    "plain",
    2,
    false,
    errorReply(
      undefined,
      `${SOURCE.remoteError}; memcached 1.6.18 resets a plaintext client on a TLS port (observed)`,
      "mcrouter sends the request in plaintext and memcached resets the connection. The reply is `SERVER_ERROR Failed to read from socket ...` or `SERVER_ERROR Connection closed by the server.`, depending on timing.",
    ),
  ),
  memcachedCase(
    "plain",
    0,
    false,
    errorReply(undefined, `${SOURCE.remoteError}; memcached 1.6.18 resets a plaintext client on a TLS port (observed)`, "The verify mode plays no part: the TLS port rejects plaintext before any certificate is requested."),
  ),
];

// ---------------------------------------------------------------------------------------
// mcrouter → mcrouter --ssl-port with --ssl-require-peer-certs

function routerCase(mech: SecurityMech, frontClient: string | null, expected: Expectation): McrouterCase {
  return {
    id: `mcrouter-mcrouter/${mech}/${frontClient ?? "none"}`,
    expectationsFile: EXPECTATIONS_FILE,
    link: "mcrouter-mcrouter",
    topologyId: `mcrouter-mcrouter/${mech}/${frontClient ?? "none"}`,
    settings: { security_mech: mech, "back --ssl-require-peer-certs": "on", "front --ssl-verify-peers": "on" },
    clientVariant: frontClient,
    serverVariant: SERVER_VARIANTS.mcrouter,
    tlsVersion: linkVersion(mech),
    expected,
  };
}

const peerIpSan = "The back mcrouter checks the front mcrouter's leaf against the front's address, as it does for any TLS 1.2 client.";

export const MCROUTER_TO_MCROUTER: readonly McrouterCase[] = [
  routerCase("ssl", P.valid, ok(`${SOURCE.ipSan}; ${SOURCE.clientVerify}`, peerIpSan)),
  routerCase("ktls12", P.valid, ok(`${SOURCE.ipSan}; ${SOURCE.clientVerify}`, `${peerIpSan} ${ktlsNote}`)),
  routerCase(
    "tls_to_plain",
    P.valid,
    ok(`${SOURCE.ipSan}; ${SOURCE.tlsToPlainServer}`, "Both sides speak ALPN mc_tls_to_pt, so the connection switches to plaintext after the handshake and counts in num_tls_to_plain_connections_opened."),
  ),
  routerCase("fizz", P.valid, ok(`${SOURCE.noIpCheckOn13}; ${SOURCE.fizzAlerts}`, "The kit leaf must pass OpenSSL's strict X.509 profile on this path.")),

  routerCase("ssl", P.wrongIpSan, errorReply("internal_error", SOURCE.ipSan, `${peerIpSan} ${REASON.ipSanRejectAlert}`)),
  routerCase("ktls12", P.wrongIpSan, errorReply("internal_error", SOURCE.ipSan, `${peerIpSan} ${REASON.ipSanRejectAlert}`)),
  routerCase("tls_to_plain", P.wrongIpSan, errorReply("internal_error", SOURCE.ipSan, `${peerIpSan} ${REASON.ipSanRejectAlert}`)),
  routerCase("fizz", P.wrongIpSan, ok(SOURCE.noIpCheckOn13, REASON.ipSanOn12Only)),

  routerCase("ssl", null, errorReply("handshake_failure", `${SOURCE.requireFlag}; ${OBSERVED} for a TLS 1.2 client without a certificate`)),
  routerCase("ktls12", null, errorReply("handshake_failure", `${SOURCE.requireFlag}; ${OBSERVED} for a TLS 1.2 client without a certificate`)),
  routerCase("tls_to_plain", null, errorReply("handshake_failure", `${SOURCE.requireFlag}; ${OBSERVED} for a TLS 1.2 client without a certificate`)),
  routerCase(
    "fizz",
    null,
    errorReply(
      "certificate_required",
      `${SOURCE.remoteError}; ${OBSERVED} for a TLS 1.3 client without a certificate`,
      "The back mcrouter sends certificate_required after the handshake, so the front gets a REMOTE_ERROR, or a CONNECT_ERROR if the alert arrives before the connection counts as up.",
    ),
  ),
];

// ---------------------------------------------------------------------------------------
// The 2014 mcrouter SSL guide

export const GUIDE_2014: readonly McrouterCase[] = [
  {
    id: "guide-2014/as-published",
    expectationsFile: EXPECTATIONS_FILE,
    link: "client-mcrouter",
    topologyId: "guide-2014/as-published",
    settings: { "--ssl-require-peer-certs": "off", "--server-pem-*": "unset", "--pem-cert-path, --pem-key-path, --pem-ca-path": "set" },
    clientVariant: C.valid,
    serverVariant: P.valid,
    tlsVersion: T12,
    expected: expectation(
      "server-start-failed",
      `${OBSERVED} (exits at start-up); log text from ${SOURCE.startFailure}`,
      "All of pemCertPath, pemKeyPath, pemCaPath required with sslPorts",
      "Current releases read the listener's files only from --server-pem-*; the guide's --pem-* flags configure mcrouter's client side, so the TLS acceptor refuses to start and mcrouter exits.",
    ),
  },
  {
    id: "guide-2014/server-pem/TLSv1.2/client.valid",
    expectationsFile: EXPECTATIONS_FILE,
    link: "client-mcrouter",
    topologyId: "guide-2014/server-pem",
    settings: { "--ssl-require-peer-certs": "off", "--server-pem-*": "the same files", "--pem-cert-path, --pem-key-path, --pem-ca-path": "set" },
    clientVariant: C.valid,
    serverVariant: P.valid,
    tlsVersion: T12,
    expected: ok(OBSERVED, "The same files given as --server-pem-cert-path, --server-pem-key-path and --server-pem-ca-path serve TLS."),
  },
];

// ---------------------------------------------------------------------------------------
// mcrouter → memcached with one broken leaf: memcached's server leaf, which mcrouter checks
// with --ssl-verify-peers, or mcrouter's client leaf, which memcached's ssl_verify_mode=2
// requires. Both sides otherwise use the kit's valid leaves.

type VerifyingMech = "ssl" | "fizz";

function memcachedLeafCase(side: "server-leaf" | "client-leaf", mech: VerifyingMech, variant: string, expected: Expectation): McrouterCase {
  return {
    id: `mcrouter-memcached/${side}/${mech}/${variant}`,
    expectationsFile: EXPECTATIONS_FILE,
    link: "mcrouter-memcached",
    topologyId: `mcrouter-memcached-${side}/${mech}/${variant}`,
    settings: { security_mech: mech, ssl_verify_mode: "2", "--pem-cert-path, --pem-key-path, --pem-ca-path, --ssl-verify-peers": "set" },
    clientVariant: side === "client-leaf" ? variant : P.valid,
    serverVariant: side === "server-leaf" ? variant : SERVER_VARIANTS.memcached,
    varies: side === "server-leaf" ? "server-certificate" : "client-certificate",
    tlsVersion: linkVersion(mech),
    expected,
  };
}

const serverLeaf = (mech: VerifyingMech, variant: string, expected: Expectation): McrouterCase => memcachedLeafCase("server-leaf", mech, variant, expected);
const clientLeaf = (mech: VerifyingMech, variant: string, expected: Expectation): McrouterCase => memcachedLeafCase("client-leaf", mech, variant, expected);

const LEAF_REASON = {
  noNameCheck: "mcrouter checks the chain of a destination's leaf but no name or address in it.",
  genericVerifyFailure:
    "Over the OpenSSL mechs the reply says only `certificate verify failed` (OpenSSL 3.0's error 0A000086), whatever the chain's defect; mcrouter's log has no more.",
  fizzNamesError: "Over fizz the reply names OpenSSL's verify error, for example `certificate has expired`.",
  strictFizz: "fizz verifies the destination's chain with X509_V_FLAG_X509_STRICT; the OpenSSL mechs do not.",
  ed25519Fizz: "fizz offers no Ed25519 signature scheme, so memcached cannot sign with this leaf and aborts the handshake.",
  memcachedWontStart: "memcached 1.6.18 refuses to load this server leaf or key and exits, so mcrouter has nothing to reach.",
  weakOwnLeafSsl:
    "mcrouter cannot build its OpenSSL client context with this leaf at security level 2, so it makes no connection: `SSLContext provider returned nullptr, check SSL certificates`.",
  weakOwnLeafFizz: "fizz loads the weak leaf and presents it, and memcached's OpenSSL at security level 2 rejects it.",
  unloadableSsl: "mcrouter cannot load its own leaf or key, builds no OpenSSL context and makes no connection.",
  unloadableFizz: "fizz fails to load mcrouter's own leaf or key when it routes the request, so no connection is made.",
  ed25519ClientFizz: "fizz's client offers no Ed25519 signature scheme to sign with, so it sends no certificate and memcached requires one.",
  memcachedVerdict: "memcached's OpenSSL verifies mcrouter's leaf and sends this alert; the reply carries it.",
} as const;

const fizzVerifyError = (text: string, reason: string = LEAF_REASON.fizzNamesError): Expectation => errorReply(text, OBSERVED, reason);
const sslVerifyFailed = (): Expectation => errorReply("certificate verify failed", OBSERVED, LEAF_REASON.genericVerifyFailure);
const memcachedExits = (text: string): Expectation => expectation("server-start-failed", `${OBSERVED}; memcached's start-up failure as in the client-to-memcached suite`, text, LEAF_REASON.memcachedWontStart);
const memcachedAlert = (alertName: string, reason: string = LEAF_REASON.memcachedVerdict): Expectation => errorReply(alertName, OBSERVED, reason);

/** Broken leaves that memcached 1.6.18 refuses to start with, and the text it prints. */
const MEMCACHED_START_FAILURES: ReadonlyArray<[string, string]> = [
  ["server.rsa1024", "ee key too small"],
  ["server.sha1-signature", "ca md too weak"],
  ["server.md5-signature", "ca md too weak"],
  ["server.key-mismatch", "key values mismatch"],
  ["server.chain-reversed", "key values mismatch"],
  ["server.corrupted-pem", "bad base64 decode"],
  ["server.encrypted-key", "Error loading the key"],
];

/** Server leaves whose chain fails over ssl with the generic error and over fizz with the named one. */
const CHAIN_FAILURES: ReadonlyArray<[string, string]> = [
  ["server.untrusted-ca", "unable to get local issuer certificate"],
  ["server.impostor-ca", "unable to get local issuer certificate"],
  ["server.self-signed", "self-signed certificate"],
  ["server.expired", "certificate has expired"],
  ["server.not-yet-valid", "certificate is not yet valid"],
  ["server.expired-intermediate", "certificate has expired"],
  ["server.expired-root", "unable to get local issuer certificate"],
  ["server.intermediate-no-basic-constraints", "invalid CA certificate"],
  ["server.intermediate-pathlen-exceeded", "path length constraint exceeded"],
  ["server.chain-missing-intermediate", "unable to get local issuer certificate"],
  ["server.eku-client-only", "unsuitable certificate purpose"],
  ["server.unknown-critical-extension", "unhandled critical extension"],
];

/** Server leaves that fizz's strict profile rejects and the OpenSSL mechs accept. */
const STRICT_ONLY_FAILURES: ReadonlyArray<[string, string]> = [
  ["server.no-authority-key-identifier", "Missing Authority Key Identifier"],
  ["server.ca-no-key-usage", "CA cert does not include key usage extension"],
  ["server.empty-subject", "Subject empty and Subject Alt Name extension not critical"],
];

/** Server leaves both mechs accept: mcrouter reads no name, address or CN, and these chains verify. */
const ACCEPTED_SERVER_LEAVES = [
  "server.valid.rsa2048",
  "server.no-ip-san",
  "server.no-san",
  "server.wrong-ip-san",
  "server.ipv6-only-san",
  "server.wildcard-cn",
  "server.leaf-ca-true",
  "server.no-eku",
];

/** mcrouter's client leaves that memcached admits over both mechs. */
const ACCEPTED_CLIENT_LEAVES = ["client.valid.ecdsa-p256", "client.valid.rsa2048", "client.no-san", "client.empty-subject", "client.leaf-ca-true", "client.no-eku", "client.ca-no-key-usage", "client.no-authority-key-identifier"];

/** mcrouter's client leaves that memcached rejects over both mechs, with memcached's alert. */
const REJECTED_CLIENT_LEAVES: ReadonlyArray<[string, string]> = [
  ["client.untrusted-ca", "unknown_ca"],
  ["client.impostor-ca", "unknown_ca"],
  ["client.self-signed", "unknown_ca"],
  ["client.expired", "certificate_expired"],
  ["client.not-yet-valid", "bad_certificate"],
  ["client.expired-intermediate", "certificate_expired"],
  ["client.expired-root", "unknown_ca"],
  ["client.intermediate-no-basic-constraints", "unknown_ca"],
  ["client.intermediate-pathlen-exceeded", "unknown_ca"],
  ["client.chain-missing-intermediate", "unknown_ca"],
  ["client.eku-server-only", "unsupported_certificate"],
  ["client.key-usage-no-digital-signature", "unsupported_certificate"],
  ["client.unknown-critical-extension", "certificate_unknown"],
];

export const MCROUTER_MEMCACHED_LEAVES: readonly McrouterCase[] = [
  // memcached presents the broken leaf; mcrouter verifies it with --ssl-verify-peers.
  ...ACCEPTED_SERVER_LEAVES.flatMap((variant) => [serverLeaf("ssl", variant, ok(OBSERVED, LEAF_REASON.noNameCheck)), serverLeaf("fizz", variant, ok(OBSERVED, LEAF_REASON.noNameCheck))]),
  serverLeaf("ssl", "server.valid.ed25519", ok(OBSERVED)),
  serverLeaf("fizz", "server.valid.ed25519", errorReply("handshake_failure", OBSERVED, LEAF_REASON.ed25519Fizz)),
  ...CHAIN_FAILURES.flatMap(([variant, fizzText]) => [serverLeaf("ssl", variant, sslVerifyFailed()), serverLeaf("fizz", variant, fizzVerifyError(fizzText))]),
  serverLeaf("ssl", "server.key-usage-no-digital-signature", errorReply("handshake_failure", OBSERVED, "memcached cannot sign its TLS 1.2 key exchange with this leaf and aborts, as it does toward any TLS 1.2 client.")),
  serverLeaf("fizz", "server.key-usage-no-digital-signature", fizzVerifyError("unsuitable certificate purpose")),
  ...STRICT_ONLY_FAILURES.flatMap(([variant, fizzText]) => [serverLeaf("ssl", variant, ok(OBSERVED, LEAF_REASON.strictFizz)), serverLeaf("fizz", variant, fizzVerifyError(fizzText, LEAF_REASON.strictFizz))]),
  ...MEMCACHED_START_FAILURES.flatMap(([variant, text]) => [serverLeaf("ssl", variant, memcachedExits(text)), serverLeaf("fizz", variant, memcachedExits(text))]),

  // mcrouter presents the broken leaf (--pem-cert-path); memcached requires and verifies it.
  ...ACCEPTED_CLIENT_LEAVES.flatMap((variant) => [clientLeaf("ssl", variant, ok(OBSERVED)), clientLeaf("fizz", variant, ok(OBSERVED))]),
  clientLeaf("ssl", "client.valid.ed25519", ok(OBSERVED)),
  clientLeaf("fizz", "client.valid.ed25519", memcachedAlert("certificate_required", LEAF_REASON.ed25519ClientFizz)),
  ...REJECTED_CLIENT_LEAVES.flatMap(([variant, alertName]) => [clientLeaf("ssl", variant, memcachedAlert(alertName)), clientLeaf("fizz", variant, memcachedAlert(alertName))]),
  ...["client.rsa1024", "client.sha1-signature", "client.md5-signature"].flatMap((variant) => [
    clientLeaf("ssl", variant, errorReply("SSLContext provider returned nullptr", OBSERVED, LEAF_REASON.weakOwnLeafSsl)),
    clientLeaf("fizz", variant, memcachedAlert("bad_certificate", LEAF_REASON.weakOwnLeafFizz)),
  ]),
  ...(
    [
      ["client.key-mismatch", "Cert does not match"],
      ["client.chain-reversed", "Cert does not match"],
      ["client.corrupted-pem", "Unable to parse cert"],
      ["client.encrypted-key", "Failed to read key"],
    ] as const
  ).flatMap(([variant, fizzText]) => [
    clientLeaf("ssl", variant, errorReply("SSLContext provider returned nullptr", OBSERVED, LEAF_REASON.unloadableSsl)),
    clientLeaf("fizz", variant, errorReply(fizzText, OBSERVED, LEAF_REASON.unloadableFizz)),
  ]),
];

// ---------------------------------------------------------------------------------------
// mcrouter → memcached with the mech in the pool's `security_mech` instead of the server string

function poolMechCase(topologySuffix: string, linkMech: SecurityMech, settings: Record<string, string>, expected: Expectation): McrouterCase {
  return {
    id: `mcrouter-memcached/pool-mech/${topologySuffix}`,
    expectationsFile: EXPECTATIONS_FILE,
    link: "mcrouter-memcached",
    topologyId: `mcrouter-memcached-pool/${topologySuffix}`,
    settings: { ...settings, ssl_verify_mode: "2", "--pem-cert-path, --pem-key-path, --pem-ca-path, --ssl-verify-peers": "set" },
    clientVariant: P.valid,
    serverVariant: SERVER_VARIANTS.memcached,
    tlsVersion: linkVersion(linkMech),
    expected,
  };
}

const POOL_MECH_SOURCE = "mcrouter/routes/McRouteHandleProvider.cpp:56-222 (the pool's security_mech applies to servers whose string names none)";

export const MCROUTER_POOL_MECH: readonly McrouterCase[] = [
  ...(["ssl", "tls_to_plain", "ktls12", "fizz"] as const).map((mech) =>
    poolMechCase(mech, mech, { security_mech: mech, "mech given in": "the pool's security_mech" }, ok(`${OBSERVED}; ${POOL_MECH_SOURCE}`, mechNote(mech, true))),
  ),
  poolMechCase(
    "ssl-with-server-plain",
    "plain",
    { security_mech: "plain", "mech given in": "the pool's security_mech (ssl) and the server string (plain)" },
    errorReply(undefined, `${OBSERVED}; ${POOL_MECH_SOURCE}`, "The server string's mech wins over the pool's, so mcrouter sends plaintext to memcached's TLS port, which resets the connection."),
  ),
];

export const MCROUTER_CASES: readonly McrouterCase[] = [...CLIENT_TO_MCROUTER, ...MCROUTER_TO_MEMCACHED, ...MCROUTER_MEMCACHED_LEAVES, ...MCROUTER_POOL_MECH, ...MCROUTER_TO_MCROUTER, ...GUIDE_2014];

/** Look up a case by id, or throw naming the id. */
export function mcrouterCase(id: string): McrouterCase {
  const found = MCROUTER_CASES.find((candidate) => candidate.id === id);
  if (found === undefined) {
    throw new Error(`no mcrouter case "${id}" in suites/mcrouter/expectations.ts`);
  }
  return found;
}
