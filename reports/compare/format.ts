// Plain-text output of `compare`, readable in a terminal and in a CI log.

import { formatMs } from "../latency.ts";
import type { RunResult } from "../result.ts";
import type { LatencyChange, RunComparison } from "./diff.ts";
import { formatThreshold, type LatencyThreshold } from "./threshold.ts";

/** Describes what a run tested in one line: run id, mcrouter, memcached and OpenSSL versions. */
export function describeRun(result: RunResult): string {
  const tested = result.tested;
  const parts = [`run ${result.runId}`];

  if (tested.mcrouter !== undefined) {
    const name = tested.mcrouter.label ?? tested.mcrouter.image ?? tested.mcrouter.binary;
    const showName = name !== undefined && name !== tested.mcrouter.version;
    parts.push(`mcrouter "${tested.mcrouter.version}"${showName ? ` (${name})` : ""}`);
  }
  if (tested.memcached !== undefined) {
    const image = tested.memcached.image === undefined ? "" : ` (${tested.memcached.image})`;
    parts.push(`memcached ${tested.memcached.version}${image}`);
  }
  parts.push(`OpenSSL ${tested.openssl.node} in Node.js ${tested.node}`);
  parts.push(`${tested.backend} backend`);

  return parts.join(", ");
}

/** How many latency moves `compare` lists unless `--all` is given. */
export const DEFAULT_LATENCY_MOVES_SHOWN = 20;

export interface FormatOptions {
  /** Lists at most this many latency moves, the largest first. Undefined lists every move. */
  latencyMovesShown?: number;
}

/**
 * Renders the comparison. `labelA` and `labelB` name the inputs, for example their paths.
 * The result line comes right after the two run descriptions, so that it is on screen in a
 * terminal and at the top of a CI job summary. Outcome changes are always listed in full.
 */
export function formatComparison(
  comparison: RunComparison,
  runs: { a: RunResult; b: RunResult; labelA: string; labelB: string },
  threshold: LatencyThreshold,
  options: FormatOptions = {},
): string {
  const lines = [
    `A: ${runs.labelA}`,
    `   ${describeRun(runs.a)}`,
    `B: ${runs.labelB}`,
    `   ${describeRun(runs.b)}`,
    "",
    formatResultLine(comparison),
  ];

  if (runs.a.tested.kitManifestSha256 !== runs.b.tested.kitManifestSha256) {
    lines.push("", "Note: the runs used different certificate kits (kit manifest SHA-256 differs).");
  }

  lines.push("", `Outcome changes (${comparison.outcomeChanges.length} of ${comparison.ranInBoth} cases that ran in both runs):`);
  if (comparison.outcomeChanges.length === 0) {
    lines.push("  none");
  }
  for (const change of comparison.outcomeChanges) {
    lines.push(`  ${change.id}: ${change.before} → ${change.after} (verdict ${change.verdictBefore} → ${change.verdictAfter})`);
  }

  if (comparison.ranInOnlyOne.length > 0) {
    lines.push("", `Ran in only one run (${comparison.ranInOnlyOne.length}):`);
    for (const entry of comparison.ranInOnlyOne) {
      const other = entry.ranIn === "A" ? "B" : "A";
      const reason = entry.note === undefined ? "" : `: ${entry.note}`;
      lines.push(`  ${entry.id}: ${entry.outcome} in ${entry.ranIn}, not run in ${other}${reason}`);
    }
  }

  if (comparison.onlyInA.length > 0) {
    lines.push("", `Only in A (${comparison.onlyInA.length}):`, ...comparison.onlyInA.map((id) => `  ${id}`));
  }
  if (comparison.onlyInB.length > 0) {
    lines.push("", `Only in B (${comparison.onlyInB.length}):`, ...comparison.onlyInB.map((id) => `  ${id}`));
  }

  lines.push("", ...formatLatencyMoves(comparison.latencyChanges, threshold, options.latencyMovesShown));

  return `${lines.join("\n")}\n`;
}

function formatResultLine(comparison: RunComparison): string {
  const changed = comparison.outcomeChanges.length;
  if (changed === 0) {
    return "Result: no change in outcome (exit status 0).";
  }
  return `Result: ${changed} of ${comparison.ranInBoth} cases that ran in both runs changed outcome (exit status 1), listed under "Outcome changes".`;
}

function formatLatencyMoves(changes: readonly LatencyChange[], threshold: LatencyThreshold, listLimit: number | undefined): string[] {
  const listed = listLimit === undefined ? changes : changes.slice(0, listLimit);
  const count = listed.length < changes.length ? `${changes.length}, the ${listed.length} largest shown` : `${changes.length}`;
  const lines = [`Latency moves above ${formatThreshold(threshold)} (${count}):`];

  if (changes.length === 0) {
    lines.push("  none");
  }
  for (const change of listed) {
    const delta = change.afterMs - change.beforeMs;
    const sign = delta >= 0 ? "+" : "−";
    const percent = change.beforeMs === 0 ? "" : `, ${sign}${Math.abs((delta / change.beforeMs) * 100).toFixed(0)}%`;
    lines.push(
      `  ${change.id} ${change.metric}: ${formatMs(change.beforeMs)} → ${formatMs(change.afterMs)} (${sign}${formatMs(Math.abs(delta))}${percent})`,
    );
  }
  if (listed.length < changes.length) {
    lines.push(`  … ${changes.length - listed.length} more. Pass --all to list every move.`);
  }
  return lines;
}
