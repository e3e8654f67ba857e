// The link-by-certificate matrix of one link kind: a row per client variant and a column per
// server setting and TLS version. Each case is exactly one `td.cell` that links to its detail.

import { clientVariantLabel, serverVariantVaries, settingsLabel, verdictTitle } from "../labels.ts";
import { shortOutcomeLabel } from "../outcome.ts";
import type { CaseResult } from "../result.ts";
import { VERDICT_STYLE } from "./html-assets.ts";
import { escapeHtml } from "./escape.ts";

/** A case with the element id of its `<details>` block. */
export interface AnchoredCase {
  testCase: CaseResult;
  detailId: string;
}

interface ColumnGroup {
  label: string;
  tlsVersions: string[];
}

export function renderGrid(cases: readonly AnchoredCase[]): string {
  const namesServerVariant = serverVariantVaries(cases.map((entry) => entry.testCase));
  const groupLabel = (testCase: CaseResult): string => {
    const settings = settingsLabel(testCase.settings);
    return namesServerVariant ? `${settings} · server ${testCase.serverVariant}` : settings;
  };

  const groups = collectColumnGroups(cases.map((entry) => entry.testCase), groupLabel);
  const rows = placeCases(cases, groupLabel);

  const header = [
    "<thead>",
    `<tr><th class="row-head" rowspan="2" scope="col">client certificate</th>${groups
      .map((group) => `<th colspan="${group.tlsVersions.length}" scope="colgroup">${escapeHtml(group.label)}</th>`)
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
    body.push(`<tr><th class="row-head" scope="row">${escapeHtml(row.label)}</th>${cells.join("")}</tr>`);
  }
  body.push("</tbody>");

  return `<div class="grid-scroll"><table class="grid">\n${header.join("\n")}\n${body.join("\n")}\n</table></div>`;
}

function renderCell(entry: AnchoredCase | undefined): string {
  if (entry === undefined) {
    return '<td class="empty" title="no case probes this combination"></td>';
  }

  const testCase = entry.testCase;
  const style = VERDICT_STYLE[testCase.verdict];
  const label = testCase.observed === undefined ? "not run" : shortOutcomeLabel(testCase.observed.outcome);
  const title = `${testCase.id}: ${verdictTitle(testCase.verdict)}`;

  return (
    `<td class="cell verdict-${testCase.verdict}" data-case-id="${escapeHtml(testCase.id)}" data-detail="${entry.detailId}">` +
    `<a class="cell-link" href="#${entry.detailId}" title="${escapeHtml(title)}">` +
    `<span aria-hidden="true">${style.symbol}</span> ${escapeHtml(label)}` +
    `<span class="visually-hidden"> (${escapeHtml(verdictTitle(testCase.verdict))})</span></a></td>`
  );
}

function collectColumnGroups(cases: readonly CaseResult[], groupLabel: (testCase: CaseResult) => string): ColumnGroup[] {
  const groups = new Map<string, Set<string>>();
  for (const testCase of cases) {
    const label = groupLabel(testCase);
    const versions = groups.get(label) ?? new Set<string>();
    versions.add(testCase.tlsVersion);
    groups.set(label, versions);
  }

  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, versions]) => ({ label, tlsVersions: [...versions].sort() }));
}

interface GridRow {
  label: string;
  cells: Map<string, AnchoredCase>;
}

/**
 * Places each case in the row of its client variant. Two cases that share a row and a column
 * would hide one another, so the second goes to a repeat row labelled `(2)`, `(3)`, ...
 */
function placeCases(cases: readonly AnchoredCase[], groupLabel: (testCase: CaseResult) => string): GridRow[] {
  const rowsByVariant = new Map<string, GridRow[]>();

  for (const entry of cases) {
    const variant = clientVariantLabel(entry.testCase.clientVariant);
    const key = cellKey(groupLabel(entry.testCase), entry.testCase.tlsVersion);
    const variantRows = rowsByVariant.get(variant) ?? [];
    rowsByVariant.set(variant, variantRows);

    let row = variantRows.find((candidate) => !candidate.cells.has(key));
    if (row === undefined) {
      const label = variantRows.length === 0 ? variant : `${variant} (${variantRows.length + 1})`;
      row = { label, cells: new Map() };
      variantRows.push(row);
    }
    row.cells.set(key, entry);
  }

  const variants = [...rowsByVariant.keys()].sort(compareVariantLabels);
  return variants.flatMap((variant) => rowsByVariant.get(variant)!);
}

/** Sorts variant names alphabetically, with `no certificate` last. */
function compareVariantLabels(a: string, b: string): number {
  const noneA = a === clientVariantLabel(null);
  const noneB = b === clientVariantLabel(null);
  if (noneA !== noneB) {
    return noneA ? 1 : -1;
  }
  return a.localeCompare(b);
}

function cellKey(groupLabel: string, tlsVersion: string): string {
  return `${groupLabel}\u0000${tlsVersion}`;
}
