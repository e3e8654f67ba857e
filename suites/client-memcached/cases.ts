// Plans the client-to-memcached cases of one kit, each over TLS 1.2 and TLS 1.3: every client
// leaf (and none) against memcached with ssl_verify_mode 0 to 3, and every server leaf that
// memcached presents. Each case carries its expectation from expectations.ts.

import type { KitManifest } from "../../certs-gen/manifest.ts";
import type { TlsVersion } from "../../harness/probe/record.ts";
import type { Expectation } from "../../reports/result.ts";
import type { PlannedCase } from "../support/verdict.ts";
import {
  CLIENT_LEAF_WHEN_VERIFIED,
  NO_CLIENT_CERTIFICATE,
  OBSERVED_ON,
  SERVER_LEAF,
  SERVER_LEAF_BY_VERSION,
  type LeafExpectation,
} from "./expectations.ts";

export const VERIFY_MODES = [0, 1, 2, 3] as const;
export type VerifyMode = (typeof VERIFY_MODES)[number];

export const TLS_VERSIONS: readonly TlsVersion[] = ["TLSv1.2", "TLSv1.3"];

const EXPECTATIONS_FILE = "suites/client-memcached/expectations.ts";

export interface ClientMemcachedCase extends PlannedCase {
  tlsVersion: TlsVersion;
  /** Set when expectations.ts has no entry for the leaf: the case fails with a message naming what to add. */
  missingExpectation?: string;
}

/** Returns the valid server leaf of the kit's own key type, which memcached presents in the client cases. */
export function defaultServerVariant(manifest: KitManifest): string {
  return `server.valid.${manifest.options.keyType}`;
}

/** Leaves a client can present: the client and peer roles. */
export function clientVariantIds(manifest: KitManifest): string[] {
  return manifest.variants.filter((variant) => variant.role !== "server").map((variant) => variant.id);
}

/** Leaves memcached can present: the server and peer roles. */
export function serverVariantIds(manifest: KitManifest): string[] {
  return manifest.variants.filter((variant) => variant.role !== "client").map((variant) => variant.id);
}

export function clientCases(manifest: KitManifest, verifyMode: VerifyMode): ClientMemcachedCase[] {
  const cases: ClientMemcachedCase[] = [];
  const serverVariant = defaultServerVariant(manifest);
  const settings = { protocol: "ASCII", ssl_verify_mode: String(verifyMode), ssl_ca_cert: "kit trust bundle", server_leaf: serverVariant };

  for (const clientVariant of [null, ...clientVariantIds(manifest)]) {
    for (const tlsVersion of TLS_VERSIONS) {
      const leaf = clientVariant === null ? NO_CLIENT_CERTIFICATE[verifyMode] : clientLeafExpectation(clientVariant, verifyMode);
      const planned: ClientMemcachedCase = {
        id: `client-memcached/ssl_verify_mode=${verifyMode}/${tlsVersion}/${clientVariant ?? "none"}`,
        link: "client-memcached",
        settings,
        clientVariant,
        serverVariant,
        varies: "client-certificate",
        tlsVersion,
        expected: toExpectation(leaf, tlsVersion),
        expectationsFile: EXPECTATIONS_FILE,
      };
      if (leaf === undefined) {
        planned.missingExpectation = `no expectation for client leaf "${clientVariant}" in ${EXPECTATIONS_FILE}: run the case, then add what memcached did to CLIENT_LEAF_WHEN_VERIFIED`;
      }
      cases.push(planned);
    }
  }
  return cases;
}

export function serverCases(manifest: KitManifest, serverVariant: string): ClientMemcachedCase[] {
  return TLS_VERSIONS.map((tlsVersion) => {
    const leaf = SERVER_LEAF_BY_VERSION[serverVariant]?.[tlsVersion] ?? SERVER_LEAF[serverVariant];
    const planned: ClientMemcachedCase = {
      id: `client-memcached/server-leaf/${tlsVersion}/${serverVariant}`,
      link: "client-memcached",
      settings: { ssl_verify_mode: "0", client_trusts: "the leaf's trust anchor", client_checks_ip_san: "127.0.0.1" },
      clientVariant: null,
      serverVariant,
      varies: "server-certificate",
      tlsVersion,
      expected: toExpectation(leaf, tlsVersion),
      expectationsFile: EXPECTATIONS_FILE,
    };
    if (leaf === undefined) {
      planned.missingExpectation = `no expectation for server leaf "${serverVariant}" in ${EXPECTATIONS_FILE}: run the case, then add what happened to SERVER_LEAF`;
    }
    return planned;
  });
}

/**
 * Mode 0 sends no CertificateRequest, so a client presents nothing and any leaf it can load gets
 * in. A leaf the client cannot load fails on the client whatever the mode.
 */
function clientLeafExpectation(variantId: string, verifyMode: VerifyMode): LeafExpectation | undefined {
  const whenVerified = CLIENT_LEAF_WHEN_VERIFIED[variantId];
  if (whenVerified === undefined || verifyMode !== 0 || whenVerified.outcome === "client-setup-failed") {
    return whenVerified;
  }
  if (whenVerified.outcome === "ok") {
    return { outcome: "ok" };
  }
  return { outcome: "ok", reason: "ssl_verify_mode 0 sends no CertificateRequest, so the client presents no certificate and memcached judges none" };
}

function toExpectation(leaf: LeafExpectation | undefined, tlsVersion: TlsVersion): Expectation {
  if (leaf === undefined) {
    return { outcome: "ok", confirmed: false, reason: "no expectation recorded" };
  }

  const expectation: Expectation = { outcome: leaf.outcome, confirmed: true, source: OBSERVED_ON };
  const detail = typeof leaf.detail === "string" ? leaf.detail : leaf.detail?.[tlsVersion];
  if (detail !== undefined) expectation.detail = detail;
  if (leaf.reason !== undefined) expectation.reason = leaf.reason;
  return expectation;
}
