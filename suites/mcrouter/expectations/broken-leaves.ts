// Expected outcomes of mcrouter → memcached with one broken leaf: memcached's server leaf,
// which mcrouter checks with --ssl-verify-peers, or mcrouter's client leaf, which memcached's
// ssl_verify_mode=2 requires. Both sides otherwise use the kit's valid leaves.

import type { Expectation } from "../../../reports/result.ts";
import { PEER_VARIANTS as P, SERVER_VARIANTS } from "../client-variants.ts";
import { type McrouterCase, OBSERVED, expectation, ok, alert, errorReply, linkVersion } from "./shared.ts";

/** This file, named in a mismatch so that the reader knows which entry to correct. */
const EXPECTATIONS_FILE = "suites/mcrouter/expectations/broken-leaves.ts";

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
