// `--variants`: exact ids or glob patterns (`client.*`, `*.expired`); unknown names get the nearest ids.

import { UsageError } from "./errors.ts";
import { VARIANTS, type VariantDefinition } from "./variants.ts";

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** Up to three catalog ids closest to `name`: shared prefix first, then edit distance. */
export function nearestIds(name: string, ids: readonly string[] = VARIANTS.map((v) => v.id)): string[] {
  return ids
    .map((id) => ({ id, score: editDistance(name, id) - (id.includes(name) || name.includes(id) ? 10 : 0) }))
    .sort((a, b) => a.score - b.score || a.id.localeCompare(b.id))
    .slice(0, 3)
    .map((s) => s.id);
}

function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
}

/** The catalog entries `selection` names, in catalog order; every entry of `selection` must match one. */
export function selectVariants(selection: readonly string[] | undefined): VariantDefinition[] {
  if (!selection || selection.length === 0) return [...VARIANTS];
  const chosen = new Set<VariantDefinition>();
  for (const raw of selection) {
    const name = raw.trim();
    if (!name) continue;
    const matches = name.includes("*") ? VARIANTS.filter((v) => globToRegExp(name).test(v.id)) : VARIANTS.filter((v) => v.id === name);
    if (matches.length === 0) {
      const near = nearestIds(name.replaceAll("*", ""));
      throw new UsageError(
        "--variants",
        `unknown variant "${name}"${name.includes("*") ? " (the pattern matches no id)" : ""}; nearest ids: ${near.join(", ")}`,
        "give ids from `certs-gen --list`, or a pattern such as client.* or *.expired",
      );
    }
    for (const v of matches) chosen.add(v);
  }
  if (chosen.size === 0) throw new UsageError("--variants", "the selection is empty", "name at least one variant id or pattern");
  return VARIANTS.filter((v) => chosen.has(v));
}
