// Expected outcomes of mcrouter → memcached 1.6.18 (-Z), per mech, ssl_verify_mode and
// mcrouter client flags; requests go in plaintext to mcrouter's -p port.

import type { Expectation } from "../../../reports/result.ts";
import type { SecurityMech } from "../../../harness/mcrouter/access-point.ts";
import type { MemcachedVerifyMode } from "../../../harness/mcrouter/topology.ts";
import { PEER_VARIANTS as P, SERVER_VARIANTS } from "../client-variants.ts";
import { type McrouterCase, OBSERVED, SOURCE, ok, alert, errorReply, linkVersion, mechNote } from "./shared.ts";

/** This file, named in a mismatch so that the reader knows which entry to correct. */
const EXPECTATIONS_FILE = "suites/mcrouter/expectations/mcrouter-memcached.ts";


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
