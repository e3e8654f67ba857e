import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";

import { renderJunit } from "../render/junit.ts";
import { buildMixedRun, buildRunWithServerLeaves, cloneRun } from "./fixtures.ts";

interface ParsedTestcase {
  "@_classname": string;
  "@_name": string;
  "@_time": string;
  failure?: { "@_type": string; "@_message": string; "#text": string };
  skipped?: { "@_message": string };
}

interface ParsedSuite {
  "@_name": string;
  "@_tests": string;
  "@_failures": string;
  "@_skipped": string;
  properties: { property: Array<{ "@_name": string; "@_value": string }> };
  testcase: ParsedTestcase[];
}

function parseJunit(xml: string): { "@_tests": string; "@_failures": string; "@_skipped": string; testsuite: ParsedSuite[] } {
  const parser = new XMLParser({
    ignoreAttributes: false,
    parseAttributeValue: false,
    parseTagValue: false,
    isArray: (name) => name === "testsuite" || name === "testcase" || name === "property",
  });
  return parser.parse(xml).testsuites;
}

function allTestcases(xml: string): ParsedTestcase[] {
  return parseJunit(xml).testsuite.flatMap((suite) => suite.testcase);
}

describe("junit report", () => {
  const run = buildMixedRun();
  const xml = renderJunit(run);

  it("is well-formed XML", () => {
    expect(XMLValidator.validate(xml)).toBe(true);
  });

  it("has one testcase per case", () => {
    const testcases = allTestcases(xml);

    expect(testcases).toHaveLength(run.cases.length);
    expect(parseJunit(xml)["@_tests"]).toBe(String(run.cases.length));
  });

  it("names classname and name", () => {
    const testcases = allTestcases(xml);
    const names = testcases.map((testcase) => `${testcase["@_classname"]} :: ${testcase["@_name"]}`);

    expect(names).toContain("client-memcached/ssl_verify_mode=2 :: TLSv1.3 client.untrusted-ca");
    expect(names).toContain("client-memcached/ssl_verify_mode=2 :: TLSv1.2 no certificate");
    expect(names).toContain("mcrouter-memcached/mech=fizz, ssl_verify_mode=2 :: TLSv1.3 no certificate");
    expect(new Set(names).size).toBe(names.length);
  });

  it("names server-leaf cases by leaf", () => {
    const withLeaves = buildRunWithServerLeaves();
    const testcases = allTestcases(renderJunit(withLeaves));
    const names = testcases.map((testcase) => `${testcase["@_classname"]} :: ${testcase["@_name"]}`);
    const settings = "client_checks_ip_san=127.0.0.1, client_trusts=the leaf's trust anchor, ssl_verify_mode=0";

    expect(testcases).toHaveLength(withLeaves.cases.length);
    expect(names).toContain(`client-memcached/${settings} :: TLSv1.2 server.expired (client no certificate)`);
    expect(names).toContain(`client-memcached/${settings} :: TLSv1.3 server.valid (client no certificate)`);
    // The client-certificate cases all meet server.valid, so their names need not say so.
    expect(names).toContain("client-memcached/ssl_verify_mode=2 :: TLSv1.3 client.untrusted-ca");
    expect(new Set(names).size).toBe(names.length);
  });

  it("reports unexpected outcomes as failures", () => {
    const failures = allTestcases(xml).filter((testcase) => testcase.failure !== undefined);
    const unexpectedSuccess = failures.find((testcase) => testcase["@_name"] === "TLSv1.2 client.wrong-ip-san")!;

    expect(failures).toHaveLength(2);
    expect(parseJunit(xml)["@_failures"]).toBe("2");
    expect(unexpectedSuccess.failure!["@_type"]).toBe("unexpected-success");
    expect(unexpectedSuccess.failure!["@_message"]).toBe("expected server-alert `internal_error`, observed ok");
    expect(unexpectedSuccess.failure!["#text"]).toContain("expected: server-alert `internal_error` (unconfirmed)");
    expect(unexpectedSuccess.failure!["#text"]).toContain("reason: On TLS 1.2 mcrouter compares");
  });

  it("shows observed alert in failure", () => {
    const failed = allTestcases(xml).find((testcase) => testcase["@_name"] === "TLSv1.3 client.no-akid")!;

    expect(failed.failure!["@_type"]).toBe("unexpected-failure");
    expect(failed.failure!["@_message"]).toContain("observed server-alert `bad_certificate`");
  });

  it("marks not-run cases skipped", () => {
    const skipped = allTestcases(xml).filter((testcase) => testcase.skipped !== undefined);

    expect(skipped).toHaveLength(1);
    expect(skipped[0]!.skipped!["@_message"]).toBe(
      "Skipped: the mcrouter image under test has no --ssl-port support built in.",
    );
    expect(parseJunit(xml)["@_skipped"]).toBe("1");
  });

  it("records versions as properties", () => {
    const suite = parseJunit(xml).testsuite[0]!;
    const properties = Object.fromEntries(suite.properties.property.map((entry) => [entry["@_name"], entry["@_value"]]));

    expect(properties["mcrouter.label"]).toBe("v2026.08.17.00");
    expect(properties["memcached.version"]).toBe("1.6.18");
    expect(properties["kitManifestSha256"]).toBe(run.tested.kitManifestSha256);
  });

  it("escapes markup and control characters", () => {
    const hostile = cloneRun(run);
    const target = hostile.cases.find((testCase) => testCase.verdict === "unexpected-failure")!;
    const message = `<![CDATA[ ]]> & "quoted" 'single' </failure>\u0007bell`;
    target.observed!.outcome.message = message;
    target.note = "note with ]]> and <tag attr=\"x\">";

    const rendered = renderJunit(hostile);
    const failed = allTestcases(rendered).find((testcase) => testcase["@_name"] === "TLSv1.3 client.no-akid")!;

    expect(XMLValidator.validate(rendered)).toBe(true);
    expect(failed.failure!["#text"]).toContain("note: note with ]]> and <tag attr=\"x\">");
    expect(failed.failure!["#text"]).toContain(`<![CDATA[ ]]> & "quoted" 'single' </failure>\\u0007bell`);
  });
});
