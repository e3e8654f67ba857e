// Re-renders the reports of a stored run, for example after a change to the renderers:
//   npm run report -- RESULT [--out DIR]
// RESULT is a result.json or a run directory. DIR defaults to the directory of the result.

import path from "node:path";
import { parseArgs } from "node:util";

import { PrivateKeyMaterialError } from "./guard.ts";
import { loadRunResult, ResultInputError } from "./load-result.ts";
import { writeRunReports } from "./write-run.ts";

const USAGE = `Usage: npm run report -- RESULT [--out DIR]

Writes result.json, report.md, report.html and junit.xml for a stored run.
  RESULT      a result.json file or a run directory (for example reports/out/latest)
  --out DIR   directory to write into; defaults to the directory that holds RESULT's result.json
`;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { out: { type: "string" }, help: { type: "boolean", short: "h" } },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }

  if (parsed.values.help === true) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    process.stderr.write(`Expected one RESULT argument, got ${parsed.positionals.length}.\n\n${USAGE}`);
    return 2;
  }

  try {
    const loaded = await loadRunResult(parsed.positionals[0]!);
    const outDir = parsed.values.out ?? path.dirname(loaded.path);
    const written = await writeRunReports(loaded.result, outDir);
    process.stdout.write(`Wrote ${Object.values(written).join(", ")}\n`);
    return 0;
  } catch (error) {
    if (error instanceof ResultInputError || error instanceof PrivateKeyMaterialError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
