// Benchmark: wall time of the full client-to-memcached matrix per backend, each a whole
// `npm start -- --suite client-memcached` run (kit generation, server starts, every probe,
// reports). Prints the median per backend and the containers/local ratio; asserts nothing.
//
//   node harness/bench-matrix.ts [--runs N]

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { runs: { type: "string", default: "3" } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  throw new Error(`--runs "${values.runs}" is invalid: give a whole number of 1 or more`);
}

const main = resolve(import.meta.dirname, "main.ts");
const medians = new Map<string, number>();

console.log(`client-to-memcached matrix, ${runs} runs per backend, ${cpus().length} cores, Node ${process.version}`);
for (const backend of ["local", "containers"]) {
  const seconds: number[] = [];
  for (let run = 0; run < runs; run++) {
    const out = mkdtempSync(join(tmpdir(), "mtls-bench-"));
    try {
      const started = performance.now();
      const child = spawnSync(process.execPath, [main, "--suite", "client-memcached", "--backend", backend, "--out", out], { encoding: "utf8" });
      const elapsed = (performance.now() - started) / 1000;
      if (child.status !== 0) {
        console.log(`${backend}: run ${run + 1} failed with status ${child.status}; its output:\n${child.stdout}\n${child.stderr}`);
        break;
      }
      seconds.push(elapsed);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
  if (seconds.length === 0) continue;

  seconds.sort((a, b) => a - b);
  const median = seconds[Math.floor(seconds.length / 2)] ?? 0;
  medians.set(backend, median);
  console.log(`${backend.padEnd(10)} median ${median.toFixed(1)} s   runs ${seconds.map((value) => value.toFixed(1)).join(", ")} s`);
}

const local = medians.get("local");
const containers = medians.get("containers");
if (local !== undefined && containers !== undefined) {
  console.log(`containers / local: ${(containers / local).toFixed(2)}`);
}
