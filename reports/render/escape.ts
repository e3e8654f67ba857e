// Escaping for the three text formats the reports are written in.

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/**
 * Escapes text for XML 1.0 content and attributes. Control characters that XML 1.0 forbids
 * (everything below U+0020 except tab, newline and carriage return) become `\uXXXX` text,
 * because no escape makes them legal.
 */
export function escapeXml(text: string): string {
  const legal = text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, (character) => {
    return `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });

  return legal
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;")
    .replaceAll("\n", "&#10;")
    .replaceAll("\r", "&#13;")
    .replaceAll("\t", "&#9;");
}

/** Escapes text for one Markdown table cell: no line breaks, no unescaped pipes, no HTML. */
export function escapeMarkdownCell(text: string): string {
  return text
    .replace(/\r?\n/g, " ")
    .replaceAll("\\", "\\\\")
    .replaceAll("|", "\\|")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;");
}

/** Wraps text in a Markdown code span whose fence is longer than any backtick run inside it. */
export function markdownCode(text: string): string {
  const flat = text.replace(/\r?\n/g, " ");
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const padding = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${fence}${padding}${flat}${padding}${fence}`;
}

/** Returns a code span that is safe inside a Markdown table cell, where GFM needs `\|` even in code. */
export function markdownCellCode(text: string): string {
  return markdownCode(text).replaceAll("|", "\\|");
}
