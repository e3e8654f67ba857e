// Renders `report.md`: the run written up for a team's wiki. It states what was tested,
// then for each link kind which client certificates get in and which are rejected and how,
// with the reason behind each expectation, and latency tables.

import { formatMs, summariseLatency } from "../latency.ts";
import { clientVariantLabel, compareCases, linkTitle, settingsLabel, verdictTitle } from "../labels.ts";
import { describeExpectation, describeOutcome, describeOutcomeEvidence, outcomeKey } from "../outcome.ts";
import { LINK_KINDS, type CaseResult, type RunResult } from "../result.ts";
import { tallyVerdicts } from "../tally.ts";
import { escapeMarkdownCell, markdownCellCode } from "./escape.ts";

export function renderMarkdown(result: RunResult): string {
  const sections = [
    renderTitle(result),
    renderTested(result),
    renderSummary(result),
    renderUnexpected(result),
    ...LINK_KINDS.map((link) => renderLink(result.cases.filter((testCase) => testCase.link === link), link)),
  ];

  return `${sections.filter((section) => section !== "").join("\n\n")}\n`;
}

function renderTitle(result: RunResult): string {
  return [
    `# mTLS conformance report: ${escapeMarkdownCell(result.runId)}`,
    "",
    `Run started ${result.startedAt} and finished ${result.finishedAt}.`,
  ].join("\n");
}

function renderTested(result: RunResult): string {
  const tested = result.tested;
  const rows: Array<[string, string]> = [
    ["project version", markdownCellCode(tested.projectVersion)],
    ["backend", tested.backend],
  ];

  if (tested.mcrouter !== undefined) {
    const parts = [`version ${markdownCellCode(tested.mcrouter.version)} as mcrouter reports it`];
    if (tested.mcrouter.label !== undefined) {
      parts.push(`label ${markdownCellCode(tested.mcrouter.label)}`);
    }
    if (tested.mcrouter.image !== undefined) {
      parts.push(`image ${markdownCellCode(tested.mcrouter.image)}`);
    }
    if (tested.mcrouter.binary !== undefined) {
      parts.push(`binary ${markdownCellCode(tested.mcrouter.binary)}`);
    }
    rows.push(["mcrouter", parts.join(", ")]);
  } else {
    rows.push(["mcrouter", "not part of this run"]);
  }

  if (tested.memcached !== undefined) {
    const parts = [`version ${markdownCellCode(tested.memcached.version)} as memcached reports it`];
    if (tested.memcached.image !== undefined) {
      parts.push(`image ${markdownCellCode(tested.memcached.image)}`);
    }
    rows.push(["memcached", parts.join(", ")]);
  } else {
    rows.push(["memcached", "not part of this run"]);
  }

  const openssl = [`Node.js links ${markdownCellCode(tested.openssl.node)}`];
  if (tested.openssl.cli !== undefined) {
    openssl.push(`CLI ${markdownCellCode(tested.openssl.cli)}`);
  }
  rows.push(["OpenSSL", openssl.join(", ")]);
  rows.push(["Node.js", markdownCellCode(tested.node)]);
  rows.push(["kit manifest SHA-256", markdownCellCode(tested.kitManifestSha256)]);

  const options = Object.keys(tested.options)
    .sort()
    .map((key) => markdownCellCode(`${key}=${String(tested.options[key])}`));
  rows.push(["options", options.length === 0 ? "none" : options.join(", ")]);

  return ["## What was tested", "", "| | |", "|---|---|", ...rows.map(([name, value]) => `| ${name} | ${value} |`)].join(
    "\n",
  );
}

function renderSummary(result: RunResult): string {
  const lines = [
    "## Summary",
    "",
    "| link | cases | as expected | unexpected success | unexpected failure | not run |",
    "|---|---:|---:|---:|---:|---:|",
  ];

  for (const link of LINK_KINDS) {
    const cases = result.cases.filter((testCase) => testCase.link === link);
    if (cases.length > 0) {
      lines.push(tallyRow(linkTitle(link), cases));
    }
  }
  lines.push(tallyRow("**all links**", result.cases));

  return lines.join("\n");
}

function tallyRow(title: string, cases: readonly CaseResult[]): string {
  const tally = tallyVerdicts(cases);
  const counts = tally.byVerdict;
  return `| ${title} | ${tally.total} | ${counts["as-expected"]} | ${counts["unexpected-success"]} | ${counts["unexpected-failure"]} | ${counts["not-run"]} |`;
}

function renderUnexpected(result: RunResult): string {
  const unexpected = result.cases
    .filter((testCase) => testCase.verdict === "unexpected-success" || testCase.verdict === "unexpected-failure")
    .sort(compareCases);
  if (unexpected.length === 0) {
    return "";
  }

  const lines = [
    "## Unexpected outcomes",
    "",
    "These cases behaved differently from their expectation. Each is either a change in the program or a wrong expectation.",
    "",
    "| case | verdict | expected | observed | note |",
    "|---|---|---|---|---|",
  ];
  for (const testCase of unexpected) {
    const observed = testCase.observed === undefined ? "nothing recorded" : observedCell(testCase);
    lines.push(
      `| ${markdownCellCode(testCase.id)} | ${verdictTitle(testCase.verdict)} | ${expectationCell(testCase)} | ${observed} | ${escapeMarkdownCell(testCase.note ?? "")} |`,
    );
  }

  return lines.join("\n");
}

function renderLink(cases: CaseResult[], link: CaseResult["link"]): string {
  if (cases.length === 0) {
    return "";
  }

  const sorted = [...cases].sort(compareCases);
  const ran = sorted.filter((testCase) => testCase.observed !== undefined);
  const notRun = sorted.filter((testCase) => testCase.observed === undefined);
  const parts = [`## ${linkTitle(link)}`];

  for (const group of groupByOutcome(ran)) {
    parts.push(renderOutcomeGroup(group));
  }

  if (notRun.length > 0) {
    const lines = ["### Did not run", "", "| case | why |", "|---|---|"];
    for (const testCase of notRun) {
      lines.push(`| ${markdownCellCode(testCase.id)} | ${escapeMarkdownCell(testCase.note ?? "no reason recorded")} |`);
    }
    parts.push(lines.join("\n"));
  }

  const succeeded = ran.filter((testCase) => testCase.observed!.outcome.kind === "ok");
  if (succeeded.length > 0) {
    parts.push(renderLatency(succeeded));
  }

  return parts.join("\n\n");
}

interface OutcomeGroup {
  heading: string;
  cases: CaseResult[];
}

/** Groups cases that ran by outcome key, successes first, then in order of first appearance. */
function groupByOutcome(cases: readonly CaseResult[]): OutcomeGroup[] {
  const groups = new Map<string, OutcomeGroup>();

  for (const testCase of cases) {
    const outcome = testCase.observed!.outcome;
    const key = outcomeKey(outcome);
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, { heading: describeOutcome(outcome), cases: [testCase] });
    } else {
      group.cases.push(testCase);
    }
  }

  const ordered = [...groups.entries()];
  ordered.sort(([keyA], [keyB]) => Number(keyB === "ok") - Number(keyA === "ok"));
  return ordered.map(([, group]) => group);
}

function renderOutcomeGroup(group: OutcomeGroup): string {
  const lines = [
    `### ${group.heading}`,
    "",
    "| client certificate | server settings | server certificate | TLS | verdict | expected, and why | evidence |",
    "|---|---|---|---|---|---|---|",
  ];

  for (const testCase of group.cases) {
    const evidence = describeOutcomeEvidence(testCase.observed!.outcome);
    lines.push(
      [
        "",
        markdownCellCode(clientVariantLabel(testCase.clientVariant)),
        markdownCellCode(settingsLabel(testCase.settings)),
        markdownCellCode(testCase.serverVariant),
        testCase.tlsVersion,
        verdictCell(testCase),
        expectationCell(testCase),
        evidence === "" ? "" : markdownCellCode(truncate(evidence, 200)),
        "",
      ]
        .join(" | ")
        .trim(),
    );
  }

  return lines.join("\n");
}

function verdictCell(testCase: CaseResult): string {
  const title = verdictTitle(testCase.verdict);
  return testCase.verdict === "as-expected" ? title : `**${title}**`;
}

/** Returns the expectation with its reason, marked unconfirmed until a real run has shown it. */
function expectationCell(testCase: CaseResult): string {
  const expected = testCase.expected;
  const parts = [escapeMarkdownCell(describeExpectation(expected))];

  if (expected.reason !== undefined) {
    parts.push(`: ${escapeMarkdownCell(expected.reason)}`);
  }
  if (!expected.confirmed) {
    parts.push(" _(unconfirmed)_");
  }
  if (expected.source !== undefined) {
    parts.push(` (source: ${escapeMarkdownCell(expected.source)})`);
  }

  return parts.join("");
}

function observedCell(testCase: CaseResult): string {
  const outcome = testCase.observed!.outcome;
  const detail = outcome.alert ?? outcome.verifyError;
  return detail === undefined ? outcome.kind : `${outcome.kind} ${markdownCellCode(detail)}`;
}

function renderLatency(cases: readonly CaseResult[]): string {
  const lines = [
    "### Latency",
    "",
    "Cases that got in only. Each case is one probe: one handshake and one first reply, then follow-up requests on the same connection. " +
      "The handshake and first-reply columns are percentiles over cases. The follow-up columns are the p50 of the cases' follow-up p50s and the p95 of their follow-up p95s.",
    "",
    "| TLS | cases | handshake p50 | handshake p95 | first reply p50 | first reply p95 | follow-up p50 | follow-up p95 |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
  ];

  const versions = [...new Set(cases.map((testCase) => testCase.tlsVersion))].sort();
  for (const version of versions) {
    const summary = summariseLatency(cases.filter((testCase) => testCase.tlsVersion === version));
    if (summary.samples === 0) {
      continue;
    }
    lines.push(
      `| ${version} | ${summary.samples} | ${formatMs(summary.handshake.p50)} | ${formatMs(summary.handshake.p95)} | ` +
        `${formatMs(summary.firstReply.p50)} | ${formatMs(summary.firstReply.p95)} | ` +
        `${formatMs(summary.followUp.p50)} | ${formatMs(summary.followUp.p95)} |`,
    );
  }

  return lines.join("\n");
}

function truncate(text: string, maxLength: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= maxLength ? flat : `${flat.slice(0, maxLength - 1)}…`;
}
