// Renders `junit.xml` for CI test views. Each case is one testcase: classname is the link
// kind plus the server settings, name is the TLS version plus the client variant (the server
// leaf for a case that varies the server certificate). An
// unexpected outcome is a failure that shows expected against observed, and a case that
// did not run is skipped.

import { clientVariantLabel, compareCases, linkTitle, serverVariantVaries, settingsLabel } from "../labels.ts";
import { describeExpectation, describeOutcomeEvidence } from "../outcome.ts";
import { LINK_KINDS, type CaseResult, type RunResult, type VariedCertificate } from "../result.ts";
import { tallyVerdicts } from "../tally.ts";
import { splitByVariedCertificate } from "../varies.ts";
import { escapeXml } from "./escape.ts";

export function renderJunit(result: RunResult): string {
  const tally = tallyVerdicts(result.cases);
  const failures = tally.byVerdict["unexpected-success"] + tally.byVerdict["unexpected-failure"];
  const totalSeconds = sumSeconds(result.cases);

  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(`mTLS conformance ${result.runId}`)}" tests="${tally.total}" failures="${failures}" ` +
      `errors="0" skipped="${tally.byVerdict["not-run"]}" time="${totalSeconds}">`,
  ];

  for (const link of LINK_KINDS) {
    const cases = result.cases.filter((testCase) => testCase.link === link).sort(compareCases);
    if (cases.length > 0) {
      lines.push(...renderSuite(result, link, cases));
    }
  }

  lines.push("</testsuites>");
  return `${lines.join("\n")}\n`;
}

function renderSuite(result: RunResult, link: CaseResult["link"], cases: CaseResult[]): string[] {
  const tally = tallyVerdicts(cases);
  const failures = tally.byVerdict["unexpected-success"] + tally.byVerdict["unexpected-failure"];

  const lines = [
    `  <testsuite name="${escapeXml(linkTitle(link))}" tests="${tally.total}" failures="${failures}" errors="0" ` +
      `skipped="${tally.byVerdict["not-run"]}" time="${sumSeconds(cases)}" timestamp="${escapeXml(result.startedAt)}">`,
    "    <properties>",
    ...suiteProperties(result).map(
      ([name, value]) => `      <property name="${escapeXml(name)}" value="${escapeXml(value)}"/>`,
    ),
    "    </properties>",
  ];

  for (const part of splitByVariedCertificate(cases, (testCase) => testCase)) {
    const namesServerVariant = serverVariantVaries(part.items);
    for (const testCase of part.items) {
      lines.push(...renderTestcase(testCase, part.varies, namesServerVariant));
    }
  }

  lines.push("  </testsuite>");
  return lines;
}

function suiteProperties(result: RunResult): Array<[string, string]> {
  const tested = result.tested;
  const properties: Array<[string, string]> = [
    ["runId", result.runId],
    ["projectVersion", tested.projectVersion],
    ["backend", tested.backend],
    ["openssl.node", tested.openssl.node],
    ...(tested.openssl.memcached === undefined ? [] : [["openssl.memcached", tested.openssl.memcached] as [string, string]]),
    ["node", tested.node],
    ["kitManifestSha256", tested.kitManifestSha256],
  ];

  if (tested.mcrouter !== undefined) {
    properties.push(["mcrouter.version", tested.mcrouter.version]);
    if (tested.mcrouter.label !== undefined) {
      properties.push(["mcrouter.label", tested.mcrouter.label]);
    }
    if (tested.mcrouter.image !== undefined) {
      properties.push(["mcrouter.image", tested.mcrouter.image]);
    }
  }
  if (tested.memcached !== undefined) {
    properties.push(["memcached.version", tested.memcached.version]);
    if (tested.memcached.image !== undefined) {
      properties.push(["memcached.image", tested.memcached.image]);
    }
  }

  return properties;
}

/**
 * Renders one testcase. Its name starts with the TLS version and the certificate the case
 * varies, so that a CI view lists the server leaves of server-certificate cases by name.
 */
function renderTestcase(testCase: CaseResult, varies: VariedCertificate, namesServerVariant: boolean): string[] {
  const classname = `${testCase.link}/${settingsLabel(testCase.settings)}`;
  const client = clientVariantLabel(testCase.clientVariant);
  let name: string;
  if (varies === "server-certificate") {
    name = `${testCase.tlsVersion} ${testCase.serverVariant} (client ${client})`;
  } else {
    const serverPart = namesServerVariant ? ` (server ${testCase.serverVariant})` : "";
    name = `${testCase.tlsVersion} ${client}${serverPart}`;
  }
  const open = `    <testcase classname="${escapeXml(classname)}" name="${escapeXml(name)}" time="${caseSeconds(testCase)}"`;

  if (testCase.verdict === "as-expected") {
    return [`${open}/>`];
  }

  const lines = [`${open}>`];
  if (testCase.verdict === "not-run") {
    lines.push(`      <skipped message="${escapeXml(testCase.note ?? "did not run; no reason recorded")}"/>`);
  } else {
    const expected = describeExpectation(testCase.expected);
    const observed = describeObserved(testCase);
    const body = [
      `case: ${testCase.id}`,
      `expected: ${expected}${testCase.expected.confirmed ? "" : " (unconfirmed)"}`,
      `observed: ${observed}`,
    ];
    if (testCase.expected.reason !== undefined) {
      body.push(`reason: ${testCase.expected.reason}`);
    }
    if (testCase.note !== undefined) {
      body.push(`note: ${testCase.note}`);
    }

    lines.push(
      `      <failure type="${testCase.verdict}" message="${escapeXml(`expected ${expected}, observed ${observed}`)}">` +
        `${escapeXml(body.join("\n"))}</failure>`,
    );
  }
  lines.push("    </testcase>");

  return lines;
}

function describeObserved(testCase: CaseResult): string {
  if (testCase.observed === undefined) {
    return "nothing recorded";
  }

  const outcome = testCase.observed.outcome;
  const detail = outcome.alert ?? outcome.verifyError;
  const head = detail === undefined ? outcome.kind : `${outcome.kind} \`${detail}\``;
  const evidence = describeOutcomeEvidence(outcome);
  return evidence === "" ? head : `${head} (${evidence})`;
}

/** Returns the probe's connect, handshake and first-reply time in seconds, as JUnit's `time` expects. */
function caseSeconds(testCase: CaseResult): string {
  const latency = testCase.observed?.latency;
  if (latency === undefined) {
    return "0";
  }

  const totalMs = (latency.tcpConnectMs ?? 0) + (latency.handshakeMs ?? 0) + (latency.firstReplyMs ?? 0);
  return (totalMs / 1000).toFixed(4);
}

function sumSeconds(cases: readonly CaseResult[]): string {
  const total = cases.reduce((sum, testCase) => sum + Number(caseSeconds(testCase)), 0);
  return total.toFixed(4);
}
