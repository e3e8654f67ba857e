// Writes the four report files of one run. Every file is rendered and checked for private
// key material before the first one is written, so a rejected run leaves no partial reports.

import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

import { assertNoPrivateKey, assertResultHasNoPrivateKey } from "./guard.ts";
import { renderHtml } from "./render/html.ts";
import { renderJunit } from "./render/junit.ts";
import { renderMarkdown } from "./render/markdown.ts";
import type { RunResult } from "./result.ts";

/** File names inside a run directory. */
export const REPORT_FILES = {
  json: "result.json",
  markdown: "report.md",
  html: "report.html",
  junit: "junit.xml",
} as const;

export interface WrittenReports {
  json: string;
  markdown: string;
  html: string;
  junit: string;
}

/**
 * Writes `result.json`, `report.md`, `report.html` and `junit.xml` into `outDir`, creating it
 * if needed, and returns their paths. Throws PrivateKeyMaterialError, writing nothing, when
 * the result or any rendered report contains `PRIVATE KEY`.
 */
export async function writeRunReports(result: RunResult, outDir: string): Promise<WrittenReports> {
  assertResultHasNoPrivateKey(result);

  const contents: WrittenReports = {
    json: `${JSON.stringify(result, null, 2)}\n`,
    markdown: renderMarkdown(result),
    html: renderHtml(result),
    junit: renderJunit(result),
  };

  for (const kind of Object.keys(REPORT_FILES) as Array<keyof WrittenReports>) {
    assertNoPrivateKey(contents[kind], REPORT_FILES[kind]);
  }

  await mkdir(outDir, { recursive: true });

  const paths: WrittenReports = {
    json: path.join(outDir, REPORT_FILES.json),
    markdown: path.join(outDir, REPORT_FILES.markdown),
    html: path.join(outDir, REPORT_FILES.html),
    junit: path.join(outDir, REPORT_FILES.junit),
  };
  for (const kind of Object.keys(paths) as Array<keyof WrittenReports>) {
    await writeFile(paths[kind], contents[kind], "utf8");
  }

  return paths;
}
