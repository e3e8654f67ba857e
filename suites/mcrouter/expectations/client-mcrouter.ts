// Expected outcomes of client → mcrouter --ssl-port, per client leaf, TLS version and --ssl-
// require-peer-certs.

import type { TlsVersion } from "../../../harness/probe/record.ts";
import type { Expectation } from "../../../reports/result.ts";
import { CLIENT_VARIANTS as C, SERVER_VARIANTS } from "../client-variants.ts";
import { type McrouterCase, OBSERVED, SOURCE, REASON, expectation, ok, alert, T12, T13 } from "./shared.ts";

/** This file, named in a mismatch so that the reader knows which entry to correct. */
const EXPECTATIONS_FILE = "suites/mcrouter/expectations/client-mcrouter.ts";


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
