// The `<details>` block of one case: expectation and reason, what the probe observed, the
// server certificate it saw, the negotiated version and the latency figures.

import { formatMs } from "../latency.ts";
import { clientVariantLabel, settingsLabel, verdictTitle } from "../labels.ts";
import { describeExpectation } from "../outcome.ts";
import type { CaseResult } from "../result.ts";
import { VERDICT_STYLE } from "./html-assets.ts";
import { escapeHtml } from "./escape.ts";

export function renderCaseDetail(testCase: CaseResult, detailId: string): string {
  const rows: Array<[string, string]> = [
    ["client certificate", code(clientVariantLabel(testCase.clientVariant))],
    ["server certificate", code(testCase.serverVariant)],
    ["server settings", code(settingsLabel(testCase.settings))],
    ["TLS version offered", escapeHtml(testCase.tlsVersion)],
    ["expected", expectationHtml(testCase)],
  ];

  const observed = testCase.observed;
  if (observed === undefined) {
    rows.push(["observed", "did not run"]);
  } else {
    const outcome = observed.outcome;
    rows.push(["observed", code(outcome.kind)]);
    if (outcome.alert !== undefined) {
      rows.push(["alert", code(outcome.alert)]);
    }
    if (outcome.verifyError !== undefined) {
      rows.push(["verify error", code(outcome.verifyError)]);
    }
    if (outcome.stage !== undefined) {
      rows.push(["stage", escapeHtml(outcome.stage)]);
    }
    if (outcome.errorCode !== undefined) {
      rows.push(["error code", code(outcome.errorCode)]);
    }
    for (const [name, text] of [
      ["reply", outcome.reply],
      ["message", outcome.message],
      ["server stderr", outcome.stderr],
    ] as const) {
      if (text !== undefined) {
        rows.push([name, `<pre>${escapeHtml(text)}</pre>`]);
      }
    }
    const certificate = observed.serverCertificate;
    if (certificate !== undefined) {
      const parts = [`subject ${certificate.subject}`, `issuer ${certificate.issuer}`];
      if (certificate.subjectAltName !== undefined) {
        parts.push(`SAN ${certificate.subjectAltName}`);
      }
      parts.push(`valid to ${certificate.validTo}`, `SHA-256 ${certificate.sha256Fingerprint}`);
      rows.push(["server certificate seen", parts.map((part) => escapeHtml(part)).join("<br>")]);
    }
    const identity = observed.serverIdentity;
    if (identity !== undefined) {
      const result = identity.matched ? "matched" : `did not match${identity.reason === undefined ? "" : ` (${identity.reason})`}`;
      const enforcement = identity.enforced ? "a mismatch fails the case" : "a mismatch is only recorded";
      rows.push(["server SAN check", escapeHtml(`against ${identity.checkedAgainst}: ${result}; ${enforcement}`)]);
    }
    rows.push([
      "negotiated",
      observed.negotiated === undefined
        ? "no session"
        : `${escapeHtml(observed.negotiated.version)}, ${code(observed.negotiated.cipher)}`,
    ]);
    rows.push(["latency", latencyHtml(testCase)]);
    rows.push([
      "connection",
      `${escapeHtml(observed.sourceAddress)} → ${escapeHtml(observed.target.host)}:${observed.target.port}, started ${escapeHtml(observed.startedAt)}`,
    ]);
  }

  if (testCase.note !== undefined) {
    rows.push(["note", escapeHtml(testCase.note)]);
  }

  const symbol = VERDICT_STYLE[testCase.verdict].symbol;
  return [
    `<details class="case-detail verdict-${testCase.verdict}" id="${detailId}" data-case-id="${escapeHtml(testCase.id)}">`,
    `<summary><span aria-hidden="true">${symbol}</span> ${code(testCase.id)}: ${escapeHtml(verdictTitle(testCase.verdict))}</summary>`,
    "<dl>",
    ...rows.map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${value}</dd>`),
    "</dl>",
    `<a class="back" href="#cell-${detailId}">↑ back to the cell in the grid</a>`,
    "</details>",
  ].join("\n");
}

function expectationHtml(testCase: CaseResult): string {
  const expected = testCase.expected;
  const parts = [escapeHtml(describeExpectation(expected)).replace(/`([^`]*)`/g, "<code>$1</code>")];

  if (expected.reason !== undefined) {
    parts.push(`: ${escapeHtml(expected.reason)}`);
  }
  if (!expected.confirmed) {
    parts.push(' <span class="unconfirmed">(unconfirmed: no run against the real program has shown this yet)</span>');
  }
  if (expected.source !== undefined) {
    parts.push(`<br><small>Source: ${escapeHtml(expected.source)}</small>`);
  }

  return parts.join("");
}

function latencyHtml(testCase: CaseResult): string {
  const latency = testCase.observed!.latency;
  const parts = [
    `TCP connect ${formatMs(latency.tcpConnectMs)}`,
    `handshake ${formatMs(latency.handshakeMs)}`,
    `first reply ${formatMs(latency.firstReplyMs)}`,
  ];

  if (latency.followUp !== undefined) {
    parts.push(
      `${latency.followUp.count} follow-up requests p50 ${formatMs(latency.followUp.p50Ms)}, p95 ${formatMs(latency.followUp.p95Ms)}`,
    );
  }

  return escapeHtml(parts.join("; "));
}

function code(text: string): string {
  return `<code>${escapeHtml(text)}</code>`;
}
