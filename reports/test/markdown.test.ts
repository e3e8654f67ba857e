import { describe, expect, it } from "vitest";

import { renderMarkdown } from "../render/markdown.ts";
import { buildCase, buildMixedRun, buildRunWithServerLeaves, cloneRun } from "./fixtures.ts";

/** Returns the lines of the section that starts with `heading`, up to the next heading of the same level. */
function section(markdown: string, heading: string): string {
  const lines = markdown.split("\n");
  const start = lines.indexOf(heading);
  if (start === -1) {
    throw new Error(`heading ${heading} not found in:\n${markdown}`);
  }

  const level = heading.match(/^#+/)![0];
  const end = lines.findIndex((line, index) => index > start && new RegExp(`^#{1,${level.length}} `).test(line));
  return lines.slice(start, end === -1 ? undefined : end).join("\n");
}

describe("markdown report", () => {
  const run = buildMixedRun();
  const markdown = renderMarkdown(run);

  it("names versions in the header", () => {
    const tested = section(markdown, "## What was tested");

    expect(tested).toContain("| project version | `0.1.0` |");
    expect(tested).toContain("version `v2026.08.17.00`, reply `VERSION 0.1.0-dev mcrouter`");
    expect(tested).toContain("label `v2026.08.17.00`");
    expect(tested).toContain("version `1.6.18` as memcached reports it");
    expect(tested).toContain("Node.js links `3.5.4`");
    expect(tested).toContain("CLI `OpenSSL 3.0.22 18 Aug 2026`");
    expect(tested).toContain("| backend | containers |");
    expect(tested).toContain(run.tested.kitManifestSha256);
    expect(tested).toContain("`followUpRequests=20`, `keyType=ecdsa-p256`, `tls13=true`");
  });

  it("counts verdicts in the summary", () => {
    const summary = section(markdown, "## Summary");

    expect(summary).toContain("| client → memcached | 8 | 8 | 0 | 0 | 0 |");
    expect(summary).toContain("| client → mcrouter | 3 | 1 | 1 | 1 | 0 |");
    expect(summary).toContain("| mcrouter → mcrouter | 1 | 0 | 0 | 0 | 1 |");
    expect(summary).toContain("| **all links** | 13 | 10 | 1 | 1 | 1 |");
  });

  it("groups a link by outcome", () => {
    const link = section(markdown, "## client → memcached");
    const headings = link.split("\n").filter((line) => line.startsWith("### ") || line.startsWith("#### "));

    expect(headings).toEqual([
      "### Which client certificates get in",
      "#### Gets in",
      "#### Rejected with alert `certificate_expired`",
      "#### Rejected with alert `unknown_ca`",
      "#### Rejected with alert `handshake_failure`",
      "#### Rejected with alert `certificate_required`",
      "#### Latency",
    ]);
  });

  it("states shared settings once", () => {
    const part = section(markdown, "### Which client certificates get in");

    expect(part).toContain("8 cases that ran. The same in every case: `ssl_verify_mode=2`, server certificate server.valid.");
    expect(part.split("\n").filter((line) => line.startsWith("| `")).join("\n")).not.toContain("ssl_verify_mode=2`");
  });

  it("shows settings and reasons", () => {
    const group = section(markdown, "#### Rejected with alert `unknown_ca`");

    expect(group).toContain("| `client.untrusted-ca` | 2 | TLSv1.2, TLSv1.3 | as expected |");
    expect(group).toContain("The client leaf chains to a CA that ssl_ca_cert does not contain.");
    expect(group).toContain("- `at first-reply; ERR_SSL_TLSV1_ALERT_UNKNOWN_CA` (1)");
    expect(group).toContain("- `at handshake; ERR_SSL_TLSV1_ALERT_UNKNOWN_CA` (1)");
  });

  it("collapses TLS versions into one row", () => {
    const group = section(markdown, "#### Gets in");
    const rows = group.split("\n").filter((line) => line.includes("`client.valid`"));

    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain("| 2 | TLSv1.2, TLSv1.3 |");
    expect(rows[0]).toContain("(source: memcached 1.6.18)");
  });

  it("flags unconfirmed expectations", () => {
    const link = section(markdown, "## client → mcrouter");
    const wrongSan = link.split("\n").find((line) => line.includes("`client.wrong-ip-san`"));
    const valid = link.split("\n").find((line) => line.includes("`client.valid`"));

    expect(wrongSan).toContain("_(unconfirmed)_");
    expect(wrongSan).toContain("**unexpected success**");
    expect(valid).not.toContain("unconfirmed");
  });

  it("lists unexpected outcomes first", () => {
    const unexpected = section(markdown, "## Unexpected outcomes");

    expect(markdown.indexOf("## Unexpected outcomes")).toBeLessThan(markdown.indexOf("## client → memcached"));
    expect(unexpected).toContain("`client-mcrouter/ssl-require-peer-certs-on/TLSv1.3/client.no-akid` | unexpected failure");
    expect(unexpected).toContain("server-alert `bad_certificate`");
  });

  it("lists cases that did not run", () => {
    const notRun = section(markdown, "### Did not run");

    expect(notRun).toContain(
      "| Skipped: the mcrouter image under test has no --ssl-port support built in. | `mcrouter-mcrouter/mech-ssl/TLSv1.2/peer.valid` |",
    );
  });

  it("counts many cases that did not run", () => {
    const variant = cloneRun(run);
    for (const testCase of variant.cases.filter((candidate) => candidate.link === "client-mcrouter")) {
      delete testCase.observed;
      testCase.verdict = "not-run";
      testCase.note = "mcrouter not available";
    }
    for (let index = 0; index < 4; index += 1) {
      variant.cases.push({ ...structuredClone(variant.cases.find((candidate) => candidate.link === "client-mcrouter")!), id: `client-mcrouter/extra-${index}` });
    }
    const link = section(renderMarkdown(variant), "## client → mcrouter");

    expect(link).toContain("| mcrouter not available | all 7 cases of this link |");
    expect(link).not.toContain("### Which client certificates get in");
  });

  it("tabulates latency per TLS version", () => {
    const latency = section(section(markdown, "## client → memcached"), "#### Latency");

    expect(latency).toContain("| TLSv1.2 | 1 | 8.90 ms | 8.90 ms | 0.60 ms | 0.60 ms | 0.35 ms | 0.61 ms |");
    expect(latency).toContain("| TLSv1.3 | 1 | 9.60 ms | 9.60 ms |");
  });

  it("interpolates latency percentiles", () => {
    const latency = section(section(markdown, "## client → mcrouter"), "#### Latency");

    // Handshakes of 11.2 and 12.9 ms: p50 12.05 and p95 12.815 by linear interpolation.
    expect(latency).toContain("| TLSv1.2 | 2 | 12.1 ms | 12.8 ms |");
  });

  it("says where case ids are", () => {
    const title = section(markdown, "# mTLS conformance report: 2026-12-04T22-10-00Z-a1b2c3");

    expect(title).toContain("`result.json`");
    expect(title).toContain("`report.html`");
  });

  it("puts server leaves in own subsection", () => {
    const withLeaves = renderMarkdown(buildRunWithServerLeaves());
    const link = section(withLeaves, "## client → memcached");
    const server = section(link, "### Which server certificates a client accepts");
    const client = section(link, "### Which client certificates get in");

    expect(server).toContain(
      "4 cases that ran. The same in every case: `client_checks_ip_san=127.0.0.1`, `client_trusts=the leaf's trust anchor`, `ssl_verify_mode=0`, the client presents no certificate.",
    );
    expect(server).toContain("| server certificate | cases | where | verdict | expected, and why |");
    expect(server).toContain("| `server.expired` | 2 | TLSv1.2, TLSv1.3 | as expected | client-verify-error `CERT_HAS_EXPIRED` |");
    expect(server).toContain("| `server.valid` | 2 | TLSv1.2, TLSv1.3 | as expected | ok |");
    expect(client).not.toContain("server.expired");
  });

  it("words server-certificate outcomes", () => {
    const withLeaves = renderMarkdown(buildRunWithServerLeaves());
    const server = section(section(withLeaves, "## client → memcached"), "### Which server certificates a client accepts");
    const headings = server.split("\n").filter((line) => line.startsWith("#### "));

    expect(headings).toEqual([
      "#### Client accepts the server certificate",
      "#### Client rejects the server certificate: `CERT_HAS_EXPIRED`",
      "#### Latency",
    ]);
    expect(server).not.toContain("Gets in");
    expect(server).toContain("Only the cases where the client accepted the server certificate.");
  });

  it("names the settings of a row", () => {
    const variant = cloneRun(run);
    variant.cases = variant.cases.filter((testCase) => testCase.link === "client-memcached");
    for (const mode of ["0", "1"]) {
      variant.cases.push(
        ...variant.cases
          .filter((testCase) => testCase.clientVariant === "client.valid" && testCase.settings.ssl_verify_mode === "2")
          .map((testCase) => ({ ...structuredClone(testCase), id: `${testCase.id}-mode-${mode}`, settings: { ssl_verify_mode: mode } })),
      );
    }
    variant.cases = variant.cases.filter((testCase) => !(testCase.settings.ssl_verify_mode === "1" && testCase.tlsVersion === "TLSv1.3"));
    const rendered = renderMarkdown(variant);
    const group = section(rendered, "#### Gets in");
    const row = group.split("\n").find((line) => line.startsWith("| `client.valid`"));

    expect(row).toContain("| 5 | `ssl_verify_mode` 0, 2 on TLSv1.2, TLSv1.3; `ssl_verify_mode` 1 on TLSv1.2 |");
  });

  it("names row-following settings", () => {
    const variant = cloneRun(run);
    for (const testCase of variant.cases.filter((candidate) => candidate.link === "client-memcached")) {
      testCase.settings = { ...testCase.settings, client_flags: testCase.clientVariant === null ? "unset" : "set" };
    }
    const group = section(renderMarkdown(variant), "#### Rejected with alert `handshake_failure`");

    expect(group).toContain("| `no certificate` (`client_flags=unset`) | 1 | TLSv1.2 | as expected |");
  });

  it("merges certificates with equal rows", () => {
    const variant = cloneRun(run);
    const twins = variant.cases
      .filter((testCase) => testCase.clientVariant === "client.expired")
      .map((testCase) => ({ ...structuredClone(testCase), clientVariant: "client.expired-root", id: `${testCase.id}-root` }));
    variant.cases.push(...twins);
    const group = section(renderMarkdown(variant), "#### Rejected with alert `certificate_expired`");

    expect(twins).toHaveLength(2);
    expect(group).toContain("| `client.expired`, `client.expired-root` | 4 | TLSv1.2, TLSv1.3 | as expected |");
  });

  it("escapes pipes in table cells", () => {
    const unexpected = section(markdown, "## Unexpected outcomes");

    expect(unexpected).toContain('got a reply "VERSION 2026.08.17.00 \\| mcrouter".');
    expect(unexpected).toContain("&lt;getpeername()&gt;");
  });

  it("keeps each table row on one line", () => {
    const variant = cloneRun(run);
    variant.cases[0]!.expected.reason = "line one\nline two | with pipe";
    const rendered = renderMarkdown(variant);

    const row = rendered.split("\n").find((line) => line.includes("line one"));
    expect(row).toContain("line one line two \\| with pipe");
    expect(row!.startsWith("| ")).toBe(true);
  });

  it("keeps evidence on one line", () => {
    const variant = cloneRun(run);
    variant.cases[0]!.observed!.outcome.message = "line one\nline two | with pipe";
    variant.cases[0]!.observed!.outcome.kind = "closed-without-alert";
    const rendered = renderMarkdown(variant);

    const line = rendered.split("\n").find((candidate) => candidate.includes("line one"));
    expect(line).toBe("Evidence: `at follow-up; line one line two | with pipe` (1 case).");
  });

  it("omits empty link sections", () => {
    const only = cloneRun(run);
    only.cases = [
      buildCase({
        link: "client-memcached",
        settings: { ssl_verify_mode: "0" },
        clientVariant: "client.valid",
        tlsVersion: "TLSv1.3",
        expected: { outcome: "ok", confirmed: true },
        outcome: { kind: "ok" },
        verdict: "as-expected",
      }),
    ];
    const rendered = renderMarkdown(only);

    expect(rendered).toContain("## client → memcached");
    expect(rendered).not.toContain("## client → mcrouter");
    expect(rendered).not.toContain("## Unexpected outcomes");
  });
});
