// The catalog as text: `certs-gen --list` prints it and README.md embeds the Markdown form
// (regenerate with `node certs-gen/readme.ts`; a test fails when README.md is stale).

import { AUTHORITIES } from "./authorities.ts";
import { VARIANTS } from "./variants.ts";

function escapeCell(text: string): string {
  return text.replaceAll("|", "\\|");
}

export function renderCatalog(format: "text" | "markdown"): string {
  if (format === "markdown") {
    const rows = VARIANTS.map((v) => `| \`${v.id}\` | ${v.role} | ${v.defect === null ? "none (valid)" : escapeCell(v.defect)} | ${escapeCell(v.description)} |`);
    const authorities = AUTHORITIES.map(
      (a) => `| \`${a.id}\` | ${a.trusted ? "yes" : "no"} | ${a.defect === null ? "none" : escapeCell(a.defect)} | ${escapeCell(a.description)} |`,
    );
    return [
      "| id | role | defect | description |",
      "| --- | --- | --- | --- |",
      ...rows,
      "",
      "| authority | trusted | defect | description |",
      "| --- | --- | --- | --- |",
      ...authorities,
      "",
    ].join("\n");
  }
  const width = Math.max(...VARIANTS.map((v) => v.id.length));
  const defectWidth = Math.max(...VARIANTS.map((v) => (v.defect ?? "-").length));
  return (
    VARIANTS.map((v) => `${v.id.padEnd(width)}  ${v.role.padEnd(6)}  ${(v.defect ?? "-").padEnd(defectWidth)}  ${v.description}`).join("\n") + "\n"
  );
}
