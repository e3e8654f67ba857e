// Renders `report.md`: the run written up for a team's wiki. It states what was tested,
// then for each link kind and varied certificate which certificates get in and which are
// rejected and how, with the reason behind each expectation, and latency tables. Cases that
// differ only in settings or TLS version share a row, so the page stays short, and
// result.json and report.html keep each case's id, evidence and latency.

import { formatMs, summariseLatency } from "../latency.ts";
import { compareCases, linkTitle, succeededCasesPhrase, variedCertificateTitle, verdictTitle } from "../labels.ts";
import { describeExpectation, describeOutcome, describeOutcomeEvidence, outcomeKey } from "../outcome.ts";
import { LINK_KINDS, type CaseResult, type RunResult, type VariedCertificate } from "../result.ts";
import { tallyVerdicts } from "../tally.ts";
import { compareRowLabels, gridAxes, splitByVariedCertificate, type GridAxes } from "../varies.ts";
import { escapeMarkdownCell, markdownCellCode, markdownCode } from "./escape.ts";

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
    "",
    "Per link kind, cases are grouped by the certificate they vary and by outcome. A row stands for one certificate " +
      "and every setting and TLS version where it had the same outcome, verdict and expectation. " +
      "Each case's id, full evidence and latency are in `result.json` next to this page (search it for the certificate name) " +
      "and in `report.html`, where every grid cell opens one case.",
  ].join("\n");
}

function renderTested(result: RunResult): string {
  const tested = result.tested;
  const rows: Array<[string, string]> = [
    ["project version", markdownCellCode(tested.projectVersion)],
    ["backend", tested.backend],
  ];

  if (tested.mcrouter !== undefined) {
    const parts = [`version ${markdownCellCode(tested.mcrouter.version)}`];
    if (tested.mcrouter.versionReply !== undefined) {
      parts.push(`reply ${markdownCellCode(tested.mcrouter.versionReply)}`);
    }
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
  if (tested.openssl.memcached !== undefined) {
    openssl.push(`memcached links ${markdownCellCode(tested.openssl.memcached)}`);
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
  const parts = [`## ${linkTitle(link)}`];

  for (const part of splitByVariedCertificate(sorted, (testCase) => testCase)) {
    const ran = part.items.filter((testCase) => testCase.observed !== undefined);
    if (ran.length > 0) {
      parts.push(renderVariedPart(ran, part.varies));
    }
  }

  const notRun = sorted.filter((testCase) => testCase.observed === undefined);
  if (notRun.length > 0) {
    parts.push(renderNotRun(notRun, sorted.length));
  }

  return parts.join("\n\n");
}

/** Renders the cases that ran and vary one certificate: shared settings, a table per outcome, and latency. */
function renderVariedPart(cases: readonly CaseResult[], varies: VariedCertificate): string {
  const axes = gridAxes(cases, varies);
  const sources = new Set(cases.map((testCase) => testCase.expected.source));
  const sharedSource = sources.size === 1 ? [...sources][0] : undefined;

  const shared = axes.sharedSettings.map((setting) => markdownCode(setting));
  if (axes.sharedPeer !== undefined) {
    shared.push(escapeMarkdownCell(axes.sharedPeer));
  }
  const intro = [`${countCases(cases.length)} that ran.`];
  if (shared.length > 0) {
    intro.push(`The same in every case: ${shared.join(", ")}.`);
  }
  if (sharedSource !== undefined) {
    intro.push(`Source of every expectation: ${escapeMarkdownCell(sharedSource)}.`);
  }

  const parts = [`### ${variedCertificateTitle(varies)}`, intro.join(" ")];
  for (const group of groupByOutcome(cases, varies)) {
    parts.push(renderOutcomeGroup(group, axes, sharedSource !== undefined));
  }

  const succeeded = cases.filter((testCase) => testCase.observed!.outcome.kind === "ok");
  if (succeeded.length > 0) {
    parts.push(renderLatency(succeeded, varies));
  }

  return parts.join("\n\n");
}

/** Lists the cases that did not run, one row per reason. */
function renderNotRun(cases: readonly CaseResult[], linkCaseCount: number): string {
  const byNote = new Map<string, CaseResult[]>();
  for (const testCase of cases) {
    const note = testCase.note ?? "no reason recorded";
    byNote.set(note, [...(byNote.get(note) ?? []), testCase]);
  }

  const lines = ["### Did not run", "", "| why | cases |", "|---|---|"];
  for (const [note, group] of byNote) {
    lines.push(`| ${escapeMarkdownCell(note)} | ${notRunCasesCell(group, linkCaseCount)} |`);
  }

  return lines.join("\n");
}

/** Names up to five cases by id, and otherwise counts them, since result.json has every id. */
function notRunCasesCell(cases: readonly CaseResult[], linkCaseCount: number): string {
  if (cases.length <= 5) {
    return cases.map((testCase) => markdownCellCode(testCase.id)).join(", ");
  }
  return cases.length === linkCaseCount ? `all ${cases.length} cases of this link` : `${cases.length} cases`;
}

function countCases(count: number): string {
  return count === 1 ? "1 case" : `${count} cases`;
}

interface OutcomeGroup {
  heading: string;
  cases: CaseResult[];
}

/** Groups cases that ran by outcome key, successes first, then in order of first appearance. */
function groupByOutcome(cases: readonly CaseResult[], varies: VariedCertificate): OutcomeGroup[] {
  const groups = new Map<string, OutcomeGroup>();

  for (const testCase of cases) {
    const outcome = testCase.observed!.outcome;
    const key = outcomeKey(outcome);
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, { heading: describeOutcome(outcome, varies), cases: [testCase] });
    } else {
      group.cases.push(testCase);
    }
  }

  const ordered = [...groups.entries()];
  ordered.sort(([keyA], [keyB]) => Number(keyB === "ok") - Number(keyA === "ok"));
  return ordered.map(([, group]) => group);
}

/**
 * Renders one outcome as a table. Cases of one certificate with the same verdict and
 * expectation collapse into one entry that names their settings and TLS versions, and
 * certificates whose entries read the same share a row.
 */
function renderOutcomeGroup(group: OutcomeGroup, axes: GridAxes, sourceIsShared: boolean): string {
  const entries = new Map<string, { label: string; labelCell: string; verdict: string; expected: string; cases: CaseResult[] }>();
  for (const testCase of group.cases) {
    const label = axes.rowLabel(testCase);
    const rowSettings = axes.rowSettings(testCase).map((setting) => markdownCellCode(setting));
    const labelCell = markdownCellCode(label) + (rowSettings.length === 0 ? "" : ` (${rowSettings.join(", ")})`);
    const verdict = verdictCell(testCase);
    const expected = expectationCell(testCase, !sourceIsShared);
    const key = [label, verdict, expected].join("\u0000");
    const entry = entries.get(key) ?? { label, labelCell, verdict, expected, cases: [] };
    entry.cases.push(testCase);
    entries.set(key, entry);
  }

  const rows = new Map<string, { labels: string[]; cases: number; where: string; verdict: string; expected: string }>();
  const orderedEntries = [...entries.values()].sort((a, b) => compareRowLabels(a.label, b.label));
  for (const entry of orderedEntries) {
    const where = whereCell(entry.cases, axes);
    const key = [where, entry.verdict, entry.expected].join("\u0000");
    const row = rows.get(key) ?? { labels: [], cases: 0, where, verdict: entry.verdict, expected: entry.expected };
    row.labels.push(entry.labelCell);
    row.cases += entry.cases.length;
    rows.set(key, row);
  }

  const lines = [
    `#### ${group.heading}`,
    "",
    `| ${axes.rowTitle} | cases | where | verdict | expected, and why |`,
    "|---|---:|---|---|---|",
  ];
  for (const row of rows.values()) {
    const labels = row.labels.join(", ");
    lines.push(`| ${labels} | ${row.cases} | ${row.where} | ${row.verdict} | ${row.expected} |`);
  }

  lines.push("", evidenceLine(group.cases));
  return lines.join("\n");
}

/**
 * Names the columns of the grid that the cases fill: the varying settings, grouped by the
 * TLS versions they ran with, for example "`ssl_verify_mode` 1, 2, 3 on TLSv1.2, TLSv1.3".
 */
function whereCell(cases: readonly CaseResult[], axes: GridAxes): string {
  const versionsByColumn = new Map<string, Set<string>>();
  for (const testCase of cases) {
    const column = axes.columnLabel(testCase);
    versionsByColumn.set(column, (versionsByColumn.get(column) ?? new Set<string>()).add(testCase.tlsVersion));
  }

  const columnsByVersions = new Map<string, string[]>();
  for (const [column, versions] of versionsByColumn) {
    const key = [...versions].sort().join(", ");
    columnsByVersions.set(key, [...(columnsByVersions.get(key) ?? []), column]);
  }

  const parts = [...columnsByVersions.entries()].map(([versions, columns]) => {
    const settings = describeColumns(columns, axes);
    return settings === "" ? versions : `${settings} on ${versions}`;
  });
  return parts.join("; ");
}

/** Writes column labels compactly: "`ssl_verify_mode` 0, 1" when one setting varies, else each label in full. */
function describeColumns(columns: readonly string[], axes: GridAxes): string {
  if (columns.length === 1 && columns[0] === "") {
    return "";
  }

  const onlyKey = axes.varyingKeys.length === 1 && !axes.peerVaries ? axes.varyingKeys[0] : undefined;
  if (onlyKey !== undefined) {
    const values = columns.map((column) => column.slice(onlyKey.length + 1)).sort();
    return `${markdownCellCode(onlyKey)} ${values.map((value) => escapeMarkdownCell(value)).join(", ")}`;
  }

  return [...columns].sort().map((column) => markdownCellCode(column)).join(", ");
}

/** How many distinct evidence texts an outcome group lists before it refers to the HTML report. */
const MAX_EVIDENCE_TEXTS = 6;

/**
 * Writes the evidence of an outcome group: what the probe saw (stage, error code, message or
 * reply), each distinct text once with the number of cases that showed it.
 */
/**
 * OpenSSL's error lines start with the reporting thread's id (`4093B99B307F0000:error:...`),
 * which differs between otherwise equal errors, so evidence is grouped without it.
 */
const OPENSSL_THREAD_PREFIX = /\b[0-9A-F]{8,16}:error:/g;

/** mcrouter names the destination, with its run-specific port, in connection errors. */
const MCROUTER_ENDPOINT = /remote endpoint "[^"]*"/g;

/** mcrouter's counters as `stats name=value ...`, or "" without any. */
function describeMcrouterStats(stats: Record<string, number> | undefined): string {
  if (stats === undefined || Object.keys(stats).length === 0) return "";
  return `stats ${Object.entries(stats)
    .map(([name, value]) => `${name}=${value}`)
    .join(" ")}`;
}

function evidenceLine(cases: readonly CaseResult[]): string {
  const counts = new Map<string, number>();
  for (const testCase of cases) {
    const outcomeText = describeOutcomeEvidence(testCase.observed!.outcome).replace(OPENSSL_THREAD_PREFIX, "error:").replace(MCROUTER_ENDPOINT, 'remote endpoint "…"');
    const evidence = [truncate(outcomeText, 300), describeMcrouterStats(testCase.observed!.mcrouterStats)].filter(Boolean).join("; ");
    counts.set(evidence, (counts.get(evidence) ?? 0) + 1);
  }
  counts.delete("");
  if (counts.size === 0) {
    return "Evidence: none recorded besides the outcome.";
  }

  if (counts.size === 1) {
    const [text, count] = [...counts.entries()][0]!;
    let scope = `${count} of ${cases.length} cases`;
    if (count === cases.length) {
      scope = count === 1 ? "1 case" : `all ${count} cases`;
    }
    return `Evidence: ${markdownCode(text)} (${scope}).`;
  }

  const listed = [...counts.entries()].slice(0, MAX_EVIDENCE_TEXTS);
  const items = listed.map(([text, count]) => `- ${markdownCode(text)} (${count})`);
  const hidden = counts.size - listed.length;
  if (hidden > 0) {
    items.push(`- ${hidden} more, listed per case in report.html`);
  }
  return ["Evidence, with the number of cases:", "", ...items].join("\n");
}

function verdictCell(testCase: CaseResult): string {
  const title = verdictTitle(testCase.verdict);
  return testCase.verdict === "as-expected" ? title : `**${title}**`;
}

/**
 * Returns the expectation with its reason, marked unconfirmed until a real run has shown it,
 * and its source unless `withSource` is false.
 */
function expectationCell(testCase: CaseResult, withSource = true): string {
  const expected = testCase.expected;
  const parts = [escapeMarkdownCell(describeExpectation(expected))];

  if (expected.reason !== undefined) {
    parts.push(`: ${escapeMarkdownCell(expected.reason)}`);
  }
  if (!expected.confirmed) {
    parts.push(" _(unconfirmed)_");
  }
  if (withSource && expected.source !== undefined) {
    parts.push(` (source: ${escapeMarkdownCell(expected.source)})`);
  }

  return parts.join("");
}

function observedCell(testCase: CaseResult): string {
  const outcome = testCase.observed!.outcome;
  const detail = outcome.alert ?? outcome.verifyError;
  return detail === undefined ? outcome.kind : `${outcome.kind} ${markdownCellCode(detail)}`;
}

/** Links whose client side is mcrouter, probed through a plaintext request to the mcrouter in front. */
const ROUTED_LINKS: ReadonlySet<string> = new Set(["mcrouter-memcached", "mcrouter-mcrouter"]);

function renderLatency(cases: readonly CaseResult[], varies: VariedCertificate): string {
  const lines = [
    "#### Latency",
    "",
    `Only the ${succeededCasesPhrase(varies)}. Each case is one probe: one handshake and one first reply, then follow-up requests on the same connection. ` +
      "The handshake and first-reply columns are percentiles over cases. The follow-up columns are the p50 of the cases' follow-up p50s and the p95 of their follow-up p95s.",
    "",
  ];
  if (cases.some((testCase) => ROUTED_LINKS.has(testCase.link))) {
    lines.push(
      "On links behind mcrouter the prober sends plaintext to mcrouter's `-p` port, so the handshake columns stay empty. " +
        "The first reply includes mcrouter's own connect and TLS handshake to the destination, and follow-ups cross the connection mcrouter keeps open. " +
        "`npm run bench:tls-overhead` compares the same hops with plaintext.",
      "",
    );
  }
  lines.push(
    "| TLS | cases | handshake p50 | handshake p95 | first reply p50 | first reply p95 | follow-up p50 | follow-up p95 |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
  );

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
