// Expected outcomes of mcrouter → memcached with the mech in the pool's `security_mech`
// instead of the server string.

import type { Expectation } from "../../../reports/result.ts";
import type { SecurityMech } from "../../../harness/mcrouter/access-point.ts";
import { PEER_VARIANTS as P, SERVER_VARIANTS } from "../client-variants.ts";
import { type McrouterCase, OBSERVED, ok, errorReply, linkVersion, mechNote } from "./shared.ts";

/** This file, named in a mismatch so that the reader knows which entry to correct. */
const EXPECTATIONS_FILE = "suites/mcrouter/expectations/pool-mech.ts";

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
