// Expected outcomes of mcrouter → mcrouter --ssl-port with --ssl-require-peer-certs, per mech
// and front client leaf.

import type { Expectation } from "../../../reports/result.ts";
import type { SecurityMech } from "../../../harness/mcrouter/access-point.ts";
import { PEER_VARIANTS as P, SERVER_VARIANTS } from "../client-variants.ts";
import { type McrouterCase, OBSERVED, SOURCE, REASON, ok, alert, errorReply, linkVersion, ktlsNote } from "./shared.ts";

/** This file, named in a mismatch so that the reader knows which entry to correct. */
const EXPECTATIONS_FILE = "suites/mcrouter/expectations/mcrouter-mcrouter.ts";

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
