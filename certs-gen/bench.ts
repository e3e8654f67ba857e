#!/usr/bin/env node
// Times generateKit for the full catalog, once per kit key type (and with --chain), and prints the
// median of several runs with the machine's core count. Goal: under 2 s on two cores.
//
//   node certs-gen/bench.ts [--runs N]

import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { generateKit } from "./kit.ts";
import type { KitKeyType } from "./manifest.ts";
import { KIT_KEY_TYPES } from "./variants.ts";

const GOAL_MS = 2000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function timeKit(keyType: KitKeyType, chain: boolean): Promise<{ ms: number; variants: number }> {
  const parent = await mkdtemp(join(tmpdir(), "certs-gen-bench-"));
  try {
    const started = performance.now();
    const manifest = await generateKit({ outDir: join(parent, "kit"), keyType, chain });
    return { ms: performance.now() - started, variants: manifest.variants.length };
  } finally {
    await rm(parent, { recursive: true, force: true });
  }
}

const { values } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`bench: --runs: "${values.runs}" is not a positive integer\n`);
  process.exit(2);
}

process.stdout.write(
  `certs-gen benchmark: full kit, median of ${runs} runs (after one warm-up run)\n` +
    `machine: ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? "unknown CPU"}), node ${process.version}\n\n`,
);
await timeKit("ecdsa-p256", false); // warm-up: module loading and JIT

let worst = 0;
for (const keyType of KIT_KEY_TYPES) {
  for (const chain of [false, true]) {
    const samples: number[] = [];
    let variants = 0;
    for (let i = 0; i < runs; i++) {
      const result = await timeKit(keyType, chain);
      samples.push(result.ms);
      variants = result.variants;
    }
    const m = median(samples);
    worst = Math.max(worst, m);
    process.stdout.write(
      `${keyType.padEnd(11)} ${chain ? "--chain" : "       "}  median ${m.toFixed(0).padStart(5)} ms  ` +
        `min ${Math.min(...samples).toFixed(0).padStart(5)} ms  max ${Math.max(...samples).toFixed(0).padStart(5)} ms  (${variants} variants)\n`,
    );
  }
}
process.stdout.write(`\nslowest median ${worst.toFixed(0)} ms: ${worst < GOAL_MS ? "within" : "over"} the ${GOAL_MS} ms goal\n`);
