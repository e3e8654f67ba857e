import { describe, expect, it } from "vitest";

import type { CaseResult } from "../result.ts";
import { gridAxes, splitByVariedCertificate } from "../varies.ts";
import { buildCase, buildMixedRun, buildRunWithServerLeaves } from "./fixtures.ts";

function memcachedCases(cases: readonly CaseResult[]): CaseResult[] {
  return cases.filter((testCase) => testCase.link === "client-memcached");
}

describe("splitByVariedCertificate", () => {
  it("keeps client cases in one part", () => {
    const cases = memcachedCases(buildMixedRun().cases);
    const parts = splitByVariedCertificate(cases, (testCase) => testCase);

    expect(parts.map((part) => part.varies)).toEqual(["client-certificate"]);
    expect(parts[0]!.items).toHaveLength(cases.length);
  });

  it("splits off server-leaf cases", () => {
    const cases = memcachedCases(buildRunWithServerLeaves().cases);
    const parts = splitByVariedCertificate(cases, (testCase) => testCase);

    expect(parts.map((part) => part.varies)).toEqual(["client-certificate", "server-certificate"]);
    expect(parts[0]!.items).toHaveLength(8);
    expect(parts[1]!.items.map((testCase) => testCase.id).sort()).toEqual([
      "client-memcached/server-leaf/TLSv1.2/server.expired",
      "client-memcached/server-leaf/TLSv1.2/server.valid",
      "client-memcached/server-leaf/TLSv1.3/server.expired",
      "client-memcached/server-leaf/TLSv1.3/server.valid",
    ]);
  });

  it("infers server cases without the field", () => {
    const cases = memcachedCases(buildRunWithServerLeaves().cases).map((testCase) => {
      const copy = structuredClone(testCase);
      delete copy.varies;
      return copy;
    });
    const server = splitByVariedCertificate(cases, (testCase) => testCase).find((part) => part.varies === "server-certificate");

    expect(server?.items).toHaveLength(4);
  });

  it("follows the field over the guess", () => {
    const cases = memcachedCases(buildRunWithServerLeaves().cases);
    for (const testCase of cases) {
      testCase.varies = "client-certificate";
    }
    const parts = splitByVariedCertificate(cases, (testCase) => testCase);

    expect(parts.map((part) => part.varies)).toEqual(["client-certificate"]);
  });

  it("keeps order within a part", () => {
    const items = memcachedCases(buildMixedRun().cases).map((testCase, index) => ({ index, testCase }));
    const parts = splitByVariedCertificate(items, (item) => item.testCase);

    expect(parts[0]!.items.map((item) => item.index)).toEqual(items.map((item) => item.index));
  });
});

describe("gridAxes", () => {
  it("moves shared settings out of columns", () => {
    const cases = ["0", "2"].map((mode) =>
      buildCase({
        link: "client-memcached",
        settings: { ssl_verify_mode: mode, ssl_ca_cert: "kit trust bundle" },
        clientVariant: "client.valid",
        tlsVersion: "TLSv1.3",
        expected: { outcome: "ok", confirmed: true },
        outcome: { kind: "ok" },
        verdict: "as-expected",
      }),
    );
    const axes = gridAxes(cases, "client-certificate");

    expect(axes.rowTitle).toBe("client certificate");
    expect(axes.sharedSettings).toEqual(["ssl_ca_cert=kit trust bundle"]);
    expect(axes.varyingKeys).toEqual(["ssl_verify_mode"]);
    expect(axes.columnLabel(cases[1]!)).toBe("ssl_verify_mode=2");
    expect(axes.rowLabel(cases[0]!)).toBe("client.valid");
    expect(axes.sharedPeer).toBe("server certificate server.valid");
    expect(axes.peerVaries).toBe(false);
  });

  it("names server leaves as rows", () => {
    const cases = memcachedCases(buildRunWithServerLeaves().cases).filter((testCase) => testCase.clientVariant === null && testCase.settings.client_trusts !== undefined);
    const axes = gridAxes(cases, "server-certificate");

    expect(axes.rowTitle).toBe("server certificate");
    expect(axes.rowLabel(cases[0]!)).toBe("server.expired");
    expect(axes.varyingKeys).toEqual([]);
    expect(axes.columnLabel(cases[0]!)).toBe("");
    expect(axes.sharedPeer).toBe("the client presents no certificate");
  });

  it("names a varying peer in columns", () => {
    const cases = memcachedCases(buildRunWithServerLeaves().cases);
    const axes = gridAxes(cases, "client-certificate");
    const expired = cases.find((testCase) => testCase.serverVariant === "server.expired")!;

    expect(axes.peerVaries).toBe(true);
    expect(axes.sharedPeer).toBeUndefined();
    expect(axes.columnLabel(expired)).toContain("server certificate server.expired");
    expect(axes.columnLabel(expired)).toContain("ssl_verify_mode=0");
  });

  it("moves row-following settings to rows", () => {
    const cases = ["fizz", "ssl"].flatMap((mech) =>
      [
        { clientVariant: "peer.valid", flags: "set" },
        { clientVariant: null, flags: "unset" },
      ].map(({ clientVariant, flags }) =>
        buildCase({
          link: "mcrouter-memcached",
          settings: { security_mech: mech, "--pem-cert-path": flags },
          clientVariant,
          tlsVersion: "TLSv1.2",
          expected: { outcome: "ok", confirmed: true },
          verdict: "not-run",
        }),
      ),
    );
    const axes = gridAxes(cases, "client-certificate");

    expect(axes.varyingKeys).toEqual(["security_mech"]);
    expect(axes.columnParts(cases[0]!)).toEqual(["security_mech=fizz"]);
    expect(axes.rowSettings(cases[0]!)).toEqual(["--pem-cert-path=set"]);
    expect(axes.rowSettings(cases[1]!)).toEqual(["--pem-cert-path=unset"]);
  });

  it("marks a missing setting as unset", () => {
    const cases = memcachedCases(buildRunWithServerLeaves().cases);
    const axes = gridAxes(cases, "client-certificate");
    const valid = cases.find((testCase) => testCase.clientVariant === "client.valid")!;

    expect(axes.columnLabel(valid)).toContain("client_trusts=(unset)");
  });
});
