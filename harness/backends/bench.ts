// Prints how long each backend takes from startMemcached() to a listening memcached with TLS,
// and to the first `version` reply over mutual TLS. Figures only, no pass or fail.
//
// Usage: node harness/backends/bench.ts [--runs N]

import { parseArgs } from "node:util";

import type { Backend } from "./backend.ts";
import { ContainersBackend } from "./containers/containers-backend.ts";
import { LocalBackend } from "./local/local-backend.ts";
import { makeThrowawayCertificates, type ThrowawayCertificates } from "./test/throwaway-certificates.ts";
import { requestVersion } from "./test/tls-version-request.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "9" } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  throw new Error(`--runs ${values.runs} is invalid: give a whole number of runs, 1 or more.`);
}

interface Figures {
  readyMs: number[];
  firstReplyMs: number[];
}

async function measure(backend: Backend, certificates: ThrowawayCertificates): Promise<Figures> {
  const figures: Figures = { readyMs: [], firstReplyMs: [] };

  // One unmeasured start builds or finds the image and reads memcached's version.
  const warmUp = await backend.startMemcached({ chainFile: certificates.serverChain, keyFile: certificates.serverKey, verifyMode: 0 });
  await warmUp.stop();

  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const server = await backend.startMemcached({
      chainFile: certificates.serverChain,
      keyFile: certificates.serverKey,
      caFile: certificates.caCert,
      verifyMode: 2,
    });
    figures.readyMs.push(performance.now() - started);

    await requestVersion(server.host, server.port, certificates);
    figures.firstReplyMs.push(performance.now() - started);
    await server.stop();
  }
  return figures;
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function row(name: string, figures: Figures): string {
  const format = (value: number): string => value.toFixed(1).padStart(9);
  return `${name.padEnd(12)}${format(median(figures.readyMs))}${format(Math.min(...figures.readyMs))}${format(Math.max(...figures.readyMs))}${format(median(figures.firstReplyMs))}`;
}

const certificates = await makeThrowawayCertificates();
const backends: Array<{ name: string; create: () => Promise<Backend> }> = [
  { name: "local", create: () => LocalBackend.create() },
  { name: "containers", create: () => ContainersBackend.create() },
];

try {
  process.stdout.write(`memcached start-to-ready, ${runs} runs per backend (ms)\n`);
  process.stdout.write(`${"backend".padEnd(12)}${"median".padStart(9)}${"min".padStart(9)}${"max".padStart(9)}${"+reply".padStart(9)}\n`);

  for (const { name, create } of backends) {
    let backend: Backend;
    try {
      backend = await create();
    } catch (error) {
      process.stdout.write(`${name.padEnd(12)}not measured: ${error instanceof Error ? error.message : String(error)}\n`);
      continue;
    }

    try {
      process.stdout.write(`${row(name, await measure(backend, certificates))}\n`);
    } finally {
      await backend.close();
    }
  }
  process.stdout.write(`"+reply" is the median time to the first "version" reply over mutual TLS, start included.\n`);
} finally {
  await certificates.remove();
}
