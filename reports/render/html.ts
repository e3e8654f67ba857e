// Renders `report.html`: one standalone page with the link-by-certificate matrix of each link
// kind, latency charts and the detail of every case. Style, script and charts are inline, so
// the page needs no network access.

import { percentile } from "../latency.ts";
import { compareCases, linkTitle, succeededCasesPhrase, variedCertificateTitle, verdictTitle } from "../labels.ts";
import { describeExpectation, shortOutcomeLabel } from "../outcome.ts";
import { LINK_KINDS, VERDICTS, type CaseResult, type RunResult, type VariedCertificate } from "../result.ts";
import { tallyVerdicts } from "../tally.ts";
import { compareRowLabels, gridAxes, splitByVariedCertificate, type GridAxes } from "../varies.ts";
import { escapeHtml } from "./escape.ts";
import { renderCaseDetail } from "./html-case-detail.ts";
import { DETAIL_SCRIPT, STYLE_SHEET, VERDICT_STYLE } from "./html-assets.ts";
import { renderGrid, type AnchoredCase } from "./html-grid.ts";
import { renderDotChart, type ChartPoint, type ChartRow } from "./svg-chart.ts";

export function renderHtml(result: RunResult): string {
  const anchored: AnchoredCase[] = result.cases.map((testCase, index) => ({ testCase, detailId: `case-${index + 1}` }));
  const title = `mTLS conformance report: ${result.runId}`;

  const body = [
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>Run started ${escapeHtml(result.startedAt)} and finished ${escapeHtml(result.finishedAt)}.</p>`,
    renderTested(result),
    renderSummary(result),
    renderUnexpected(anchored),
    renderLegend(),
    ...LINK_KINDS.map((link) => renderLinkSection(anchored.filter((entry) => entry.testCase.link === link), link)),
  ];

  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // The policy blocks every resource load (images, fonts, scripts and styles from files,
    // fetch), so the page loads nothing from the network even if a probe message contained
    // markup that got past the escaping.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE_SHEET}</style>`,
    "</head>",
    "<body>",
    ...body.filter((part) => part !== ""),
    `<script>${DETAIL_SCRIPT}</script>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

function renderTested(result: RunResult): string {
  const tested = result.tested;
  const rows: Array<[string, string]> = [
    ["project version", tested.projectVersion],
    ["backend", tested.backend],
  ];

  if (tested.mcrouter !== undefined) {
    const { versionReply, label, image, binary } = tested.mcrouter;
    const extra = [
      versionReply === undefined ? undefined : `reply "${versionReply}"`,
      label === undefined ? undefined : `label ${label}`,
      image === undefined ? undefined : `image ${image}`,
      binary === undefined ? undefined : `binary ${binary}`,
    ].filter((part) => part !== undefined);
    rows.push(["mcrouter", [`version "${tested.mcrouter.version}"`, ...extra].join(", ")]);
  }
  if (tested.memcached !== undefined) {
    const extra = tested.memcached.image === undefined ? [] : [tested.memcached.image];
    rows.push(["memcached", [`version "${tested.memcached.version}" as memcached reports it`, ...extra].join(", ")]);
  }
  const openssl = [`Node.js links ${tested.openssl.node}`];
  if (tested.openssl.cli !== undefined) openssl.push(`CLI ${tested.openssl.cli}`);
  if (tested.openssl.memcached !== undefined) openssl.push(`memcached links ${tested.openssl.memcached}`);
  rows.push(["OpenSSL", openssl.join(", ")]);
  rows.push(["Node.js", tested.node]);
  rows.push(["kit manifest SHA-256", tested.kitManifestSha256]);

  const options = Object.keys(tested.options)
    .sort()
    .map((key) => `${key}=${String(tested.options[key])}`);
  rows.push(["options", options.length === 0 ? "none" : options.join(", ")]);

  return [
    "<h2>What was tested</h2>",
    '<table class="facts"><tbody>',
    ...rows.map(([name, value]) => `<tr><th scope="row">${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`),
    "</tbody></table>",
  ].join("\n");
}

function renderSummary(result: RunResult): string {
  const lines = [
    "<h2>Summary</h2>",
    '<table class="counts" id="summary"><thead><tr><th scope="col">link</th><th scope="col">cases</th>',
    ...VERDICTS.map((verdict) => `<th scope="col">${escapeHtml(verdictTitle(verdict))}</th>`),
    "</tr></thead><tbody>",
  ];

  for (const link of LINK_KINDS) {
    const cases = result.cases.filter((testCase) => testCase.link === link);
    if (cases.length > 0) {
      lines.push(summaryRow(escapeHtml(linkTitle(link)), cases));
    }
  }
  lines.push(summaryRow("<strong>all links</strong>", result.cases));
  lines.push("</tbody></table>");

  return lines.join("\n");
}

/** Lists the cases whose outcome differs from the expectation, each linked to its detail. */
function renderUnexpected(anchored: readonly AnchoredCase[]): string {
  const unexpected = anchored
    .filter((entry) => entry.testCase.verdict === "unexpected-success" || entry.testCase.verdict === "unexpected-failure")
    .sort((a, b) => compareCases(a.testCase, b.testCase));
  if (unexpected.length === 0) {
    return "";
  }

  const items = unexpected.map((entry) => {
    const testCase = entry.testCase;
    const observed = testCase.observed === undefined ? "nothing recorded" : shortOutcomeLabel(testCase.observed.outcome);
    return (
      `<li><span aria-hidden="true">${VERDICT_STYLE[testCase.verdict].symbol}</span> ` +
      `<a class="case-link" href="#${entry.detailId}"><code>${escapeHtml(testCase.id)}</code></a>: ${escapeHtml(verdictTitle(testCase.verdict))}, ` +
      `expected ${escapeHtml(describeExpectation(testCase.expected)).replace(/`([^`]*)`/g, "<code>$1</code>")}, observed <code>${escapeHtml(observed)}</code></li>`
    );
  });

  return ["<h2>Unexpected outcomes</h2>", '<ul class="unexpected" id="unexpected">', ...items, "</ul>"].join("\n");
}

function summaryRow(titleHtml: string, cases: readonly CaseResult[]): string {
  const tally = tallyVerdicts(cases);
  const counts = VERDICTS.map((verdict) => `<td data-verdict="${verdict}">${tally.byVerdict[verdict]}</td>`);
  return `<tr><th scope="row">${titleHtml}</th><td>${tally.total}</td>${counts.join("")}</tr>`;
}

function renderLegend(): string {
  const items = VERDICTS.map((verdict) => {
    const style = VERDICT_STYLE[verdict];
    return (
      `<li><span class="swatch verdict-${verdict}" aria-hidden="true">${style.symbol}</span>` +
      `${escapeHtml(verdictTitle(verdict))}</li>`
    );
  });

  const outcomeItems = [
    '<li><span class="swatch verdict-as-expected outcome-ok" aria-hidden="true">ok</span>' +
      "filled: the link works, so the handshake and the requests succeeded</li>",
    '<li><span class="swatch verdict-as-expected outcome-failed" aria-hidden="true">alert</span>' +
      "framed: the link failed, for example with an alert, a verify error or a server that did not start</li>",
  ];

  return [
    "<h2>Reading the grids</h2>",
    "<p>Each link kind has a grid per certificate that varies. In “Which client certificates get in”, the client presents each " +
      "client certificate (a row) to a server with a fixed certificate. In “Which server certificates a client accepts”, the server " +
      "presents each server certificate (a row) to a client with fixed trust settings. Columns are the server settings that vary and " +
      "the TLS version, and the settings that every case shares are listed above the grid. " +
      "A cell shows the observed outcome (<code>ok</code>, the alert name or the verify error) and is coloured by how it compares with the expectation. " +
      "A cell whose link works is filled with that colour, and a cell whose link failed is framed in it. " +
      "Select a cell to open its detail. Hatched cells are combinations that no case probes.</p>",
    `<ul class="legend" id="legend">${items.join("")}</ul>`,
    `<ul class="legend" id="legend-outcome">${outcomeItems.join("")}</ul>`,
  ].join("\n");
}

function renderLinkSection(entries: AnchoredCase[], link: CaseResult["link"]): string {
  if (entries.length === 0) {
    return "";
  }

  const sorted = [...entries].sort((a, b) => compareCases(a.testCase, b.testCase));
  const parts = splitByVariedCertificate(sorted, (entry) => entry.testCase);

  return [
    `<section class="link" id="link-${link}">`,
    `<h2>${escapeHtml(linkTitle(link))}</h2>`,
    ...parts.map((part) => renderVariedPart(part.items, part.varies, link)),
    renderCaseList(parts.flatMap((part) => part.items)),
    "</section>",
  ].join("\n");
}

/** Renders the heading, shared settings, grid and latency charts of the cases that vary one certificate. */
function renderVariedPart(entries: AnchoredCase[], varies: VariedCertificate, link: CaseResult["link"]): string {
  const cases = entries.map((entry) => entry.testCase);
  const axes = gridAxes(cases, varies);
  const shared = [...axes.sharedSettings.map((setting) => `<code>${escapeHtml(setting)}</code>`)];
  if (axes.sharedPeer !== undefined) {
    shared.push(escapeHtml(axes.sharedPeer));
  }
  const sharedLine =
    shared.length === 0 ? "" : `<p class="shared">${cases.length} cases. The same in every case: ${shared.join(", ")}.</p>`;

  return [
    `<div class="varied" id="grid-${link}-${varies}" data-varies="${varies}">`,
    `<h3>${escapeHtml(variedCertificateTitle(varies))}</h3>`,
    sharedLine,
    renderGrid(entries, axes),
    renderCharts(cases, link, axes),
    "</div>",
  ]
    .filter((part) => part !== "")
    .join("\n");
}

/**
 * Renders every case's detail inside one collapsed block, so the page stays short. Selecting a
 * grid cell opens the block and the case.
 */
function renderCaseList(entries: readonly AnchoredCase[]): string {
  return [
    '<details class="case-list">',
    `<summary>Case details: all ${entries.length} cases of this link, in grid order. Select a grid cell to open one.</summary>`,
    ...entries.map((entry) => renderCaseDetail(entry.testCase, entry.detailId)),
    "</details>",
  ].join("\n");
}

/** Renders handshake and first-reply charts over the cases with outcome `ok`, one series per TLS version. */
function renderCharts(cases: readonly CaseResult[], link: CaseResult["link"], axes: GridAxes): string {
  const succeeded = cases.filter((testCase) => testCase.observed?.outcome.kind === "ok");
  const versions = [...new Set(succeeded.map((testCase) => testCase.tlsVersion))].sort();
  const succeededPhrase = succeededCasesPhrase(axes.varies);
  if (succeeded.length === 0) {
    return `<p>This grid has no ${escapeHtml(succeededPhrase)}, so there is no latency to chart.</p>`;
  }

  const charts = [
    { metric: "handshake", pick: (testCase: CaseResult) => testCase.observed?.latency.handshakeMs },
    { metric: "first reply", pick: (testCase: CaseResult) => testCase.observed?.latency.firstReplyMs },
  ].map(({ metric, pick }) => {
    const rows = chartRows(succeeded, versions, pick, axes);
    if (rows.length === 0) {
      return "";
    }
    const title = `${linkTitle(link)}: ${metric} time per ${axes.rowTitle} and TLS version`;
    const caption =
      `${title}. Only the ${succeededPhrase}. Each marker is the median (p50) over one grid row's cases on one TLS version, ` +
      "across the columns of the grid above, and its line runs from the fastest to the slowest of them.";
    return `<figure class="chart" data-metric="${escapeHtml(metric)}"><figcaption>${escapeHtml(caption)}</figcaption>\n${renderDotChart({ title, series: versions, rows })}\n</figure>`;
  });

  return ["<h4>Latency</h4>", ...charts.filter((chart) => chart !== "")].join("\n");
}

function chartRows(
  cases: readonly CaseResult[],
  versions: readonly string[],
  pick: (testCase: CaseResult) => number | undefined,
  axes: GridAxes,
): ChartRow[] {
  const labels = [...new Set(cases.map(axes.rowLabel))].sort(compareRowLabels);
  const rows: ChartRow[] = [];

  for (const label of labels) {
    const values: Record<string, ChartPoint | undefined> = {};
    for (const version of versions) {
      const samples = cases
        .filter((testCase) => axes.rowLabel(testCase) === label && testCase.tlsVersion === version)
        .map(pick)
        .filter((value) => value !== undefined);
      if (samples.length > 0) {
        values[version] = {
          p50: percentile(samples, 50)!,
          min: Math.min(...samples),
          max: Math.max(...samples),
          samples: samples.length,
        };
      }
    }
    if (Object.keys(values).length > 0) {
      rows.push({ label, values });
    }
  }

  return rows;
}
