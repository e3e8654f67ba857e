// The grid of one link kind and varied certificate: a row per client (or server) leaf and a
// column per varying server setting and TLS version. Each case is exactly one `td.cell` that
// links to its detail.

import { verdictTitle } from "../labels.ts";
import { shortOutcomeLabel } from "../outcome.ts";
import type { CaseResult } from "../result.ts";
import { compareRowLabels, type GridAxes } from "../varies.ts";
import { VERDICT_STYLE } from "./html-assets.ts";
import { escapeHtml } from "./escape.ts";

/** A case with the element id of its `<details>` block. */
export interface AnchoredCase {
  testCase: CaseResult;
  detailId: string;
}

interface ColumnGroup {
  label: string;
  /** The `key=value` pairs of the label, one header line each. */
  parts: string[];
  tlsVersions: string[];
}

export function renderGrid(cases: readonly AnchoredCase[], axes: GridAxes): string {
  const groups = collectColumnGroups(cases.map((entry) => entry.testCase), axes);
  const rows = placeCases(cases, axes);
  const rowHead = escapeHtml(axes.rowTitle);

  // With no varying setting there is one column group without a name, so the TLS versions
  // get the only header row.
  const header =
    groups.length === 1 && groups[0]!.label === ""
      ? [
          "<thead>",
          `<tr><th class="row-head" scope="col">${rowHead}</th>${groups[0]!.tlsVersions
            .map((version) => `<th scope="col">${escapeHtml(version)}</th>`)
            .join("")}</tr>`,
          "</thead>",
        ]
      : [
          "<thead>",
          `<tr><th class="row-head" rowspan="2" scope="col">${rowHead}</th>${groups
            .map((group) => `<th colspan="${group.tlsVersions.length}" scope="colgroup">${group.parts.map((part) => escapeHtml(part)).join("<br>")}</th>`)
            .join("")}</tr>`,
          `<tr>${groups
            .flatMap((group) => group.tlsVersions.map((version) => `<th scope="col">${escapeHtml(version)}</th>`))
            .join("")}</tr>`,
          "</thead>",
        ];

  const body = ["<tbody>"];
  for (const row of rows) {
    const cells = groups.flatMap((group) =>
      group.tlsVersions.map((version) => renderCell(row.cells.get(cellKey(group.label, version)))),
    );
    const settings = row.settings.map((setting) => `<br><small>${escapeHtml(setting)}</small>`).join("");
    body.push(`<tr><th class="row-head" scope="row">${escapeHtml(row.label)}${settings}</th>${cells.join("")}</tr>`);
  }
  body.push("</tbody>");

  return `<div class="grid-scroll"><table class="grid" data-varies="${axes.varies}">\n${header.join("\n")}\n${body.join("\n")}\n</table></div>`;
}

function renderCell(entry: AnchoredCase | undefined): string {
  if (entry === undefined) {
    return '<td class="empty" title="no case probes this combination"></td>';
  }

  const testCase = entry.testCase;
  const style = VERDICT_STYLE[testCase.verdict];
  const outcome = testCase.observed?.outcome;
  const label = outcome === undefined ? "not run" : shortOutcomeLabel(outcome);
  const title = `${testCase.id}: ${verdictTitle(testCase.verdict)}`;
  let outcomeClass = "";
  if (outcome !== undefined) {
    outcomeClass = outcome.kind === "ok" ? " outcome-ok" : " outcome-failed";
  }

  return (
    `<td class="cell verdict-${testCase.verdict}${outcomeClass}" id="cell-${entry.detailId}" data-case-id="${escapeHtml(testCase.id)}" data-detail="${entry.detailId}">` +
    `<a class="cell-link" href="#${entry.detailId}" title="${escapeHtml(title)}">` +
    `<span aria-hidden="true">${style.symbol}</span> ${breakAtUnderscores(escapeHtml(label))}` +
    `<span class="visually-hidden"> (${escapeHtml(verdictTitle(testCase.verdict))})</span></a></td>`
  );
}

/** Lets a long error code such as `ERR_OSSL_X509_KEY_VALUES_MISMATCH` wrap after an underscore. */
function breakAtUnderscores(html: string): string {
  return html.replaceAll("_", "_<wbr>");
}

function collectColumnGroups(cases: readonly CaseResult[], axes: GridAxes): ColumnGroup[] {
  const groups = new Map<string, ColumnGroup>();
  for (const testCase of cases) {
    const label = axes.columnLabel(testCase);
    const group = groups.get(label) ?? { label, parts: axes.columnParts(testCase), tlsVersions: [] };
    if (!group.tlsVersions.includes(testCase.tlsVersion)) {
      group.tlsVersions.push(testCase.tlsVersion);
    }
    groups.set(label, group);
  }

  return [...groups.values()]
    .sort((a, b) => a.label.localeCompare(b.label))
    .map((group) => ({ ...group, tlsVersions: [...group.tlsVersions].sort() }));
}

interface GridRow {
  label: string;
  /** The settings that follow this row, from `GridAxes.rowSettings`. */
  settings: string[];
  cells: Map<string, AnchoredCase>;
}

/**
 * Places each case in the row of its leaf. Two cases that share a row and a column
 * would hide one another, so the second goes to a repeat row labelled `(2)`, `(3)`, ...
 */
function placeCases(cases: readonly AnchoredCase[], axes: GridAxes): GridRow[] {
  const rowsByVariant = new Map<string, GridRow[]>();

  for (const entry of cases) {
    const variant = axes.rowLabel(entry.testCase);
    const key = cellKey(axes.columnLabel(entry.testCase), entry.testCase.tlsVersion);
    const variantRows = rowsByVariant.get(variant) ?? [];
    rowsByVariant.set(variant, variantRows);

    let row = variantRows.find((candidate) => !candidate.cells.has(key));
    if (row === undefined) {
      const label = variantRows.length === 0 ? variant : `${variant} (${variantRows.length + 1})`;
      row = { label, settings: axes.rowSettings(entry.testCase), cells: new Map() };
      variantRows.push(row);
    }
    row.cells.set(key, entry);
  }

  const variants = [...rowsByVariant.keys()].sort(compareRowLabels);
  return variants.flatMap((variant) => rowsByVariant.get(variant)!);
}

function cellKey(groupLabel: string, tlsVersion: string): string {
  return `${groupLabel}\u0000${tlsVersion}`;
}
