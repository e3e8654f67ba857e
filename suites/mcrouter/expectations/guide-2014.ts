// Expected outcomes of the 2014 mcrouter SSL guide's command line, as published and with
// --server-pem-*.

import { CLIENT_VARIANTS as C, PEER_VARIANTS as P } from "../client-variants.ts";
import { type McrouterCase, OBSERVED, SOURCE, expectation, ok, T12 } from "./shared.ts";

/** This file, named in a mismatch so that the reader knows which entry to correct. */
const EXPECTATIONS_FILE = "suites/mcrouter/expectations/guide-2014.ts";

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
