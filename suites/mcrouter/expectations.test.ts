// Checks of the expectations file itself; they need no mcrouter.

import { describe, expect, test } from "vitest";

import { topologyForCase, type CaseCredentials } from "./case-topology.ts";
import { CLIENT_TO_MCROUTER, MCROUTER_CASES, MCROUTER_TO_MEMCACHED, mcrouterCase } from "./expectations.ts";

const credentials: CaseCredentials = {
  mcrouterServer: { variant: "server.valid", certPath: "s.pem", keyPath: "s.key" },
  memcachedServer: { variant: "server.valid", certPath: "s.pem", keyPath: "s.key" },
  mcrouterClient: { variant: "peer.valid", certPath: "p.pem", keyPath: "p.key" },
  root: "root.pem",
  leaf: (variant) => ({ variant, certPath: `${variant}.pem`, keyPath: `${variant}.key` }),
};

describe("mcrouter expectations", () => {
  test("case ids are unique", () => {
    const ids = MCROUTER_CASES.map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test("every entry is confirmed on a named release", () => {
    const unconfirmed = MCROUTER_CASES.filter((entry) => !entry.expected.confirmed || !entry.expected.source?.includes("confirmed by these suites on v2026.08.17.00"));
    expect(unconfirmed.map((entry) => entry.id)).toEqual([]);
  });

  test("every entry names its source", () => {
    expect(MCROUTER_CASES.filter((entry) => !entry.expected.source)).toEqual([]);
  });

  test("alert outcomes name the alert", () => {
    expect(MCROUTER_CASES.filter((entry) => entry.expected.outcome === "server-alert" && !entry.expected.detail)).toEqual([]);
  });

  test("every case builds its topology", () => {
    for (const entry of MCROUTER_CASES) {
      expect(topologyForCase(entry, credentials).id, entry.id).toBe(entry.topologyId);
    }
  });

  test("client cases cover both versions and both require settings", () => {
    const variants = new Set(CLIENT_TO_MCROUTER.map((entry) => entry.clientVariant));
    for (const variant of variants) {
      const ids = CLIENT_TO_MCROUTER.filter((entry) => entry.clientVariant === variant).map((entry) => entry.id);
      expect(ids, String(variant)).toHaveLength(4);
    }
  });

  test("memcached cases cover every TLS mech and verify mode", () => {
    for (const mech of ["ssl", "tls_to_plain", "ktls12", "fizz"]) {
      for (const mode of [0, 1, 2, 3]) {
        for (const flags of ["client-flags", "no-client-flags"]) {
          expect(() => mcrouterCase(`mcrouter-memcached/${mech}/verify-${mode}/${flags}`)).not.toThrow();
        }
      }
    }
    expect(MCROUTER_TO_MEMCACHED).toHaveLength(34);
  });

  test("observed table of v2026.08.17.00", () => {
    // mcrouter v2026.08.17.00 to memcached 1.6.18 with ssl_verify_mode=2.
    expect(mcrouterCase("mcrouter-memcached/ssl/verify-2/no-client-flags").expected.detail).toBe("handshake_failure");
    expect(mcrouterCase("mcrouter-memcached/fizz/verify-2/no-client-flags").expected.detail).toBe("certificate_required");
    expect(mcrouterCase("mcrouter-memcached/ktls12/verify-2/client-flags").expected.outcome).toBe("ok");
  });
});
