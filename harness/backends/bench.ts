// Prints how long each backend takes from startMemcached() to a listening memcached with TLS,
// and to the first `version` reply over mutual TLS. Then, for startMemcachedGroup(), how long a
// group takes to start and to stop. Figures only, no pass or fail.
//
// Usage: node harness/backends/bench.ts [--runs N] [--group-size N] [--group-runs N]
//   --group-size 0 skips the group figures.

import { parseArgs } from "node:util";

import type { Backend, StartedServer } from "./backend.ts";
import { ContainersBackend } from "./containers/containers-backend.ts";
import { LocalBackend } from "./local/local-backend.ts";
import { ServerStartError } from "./server-start-error.ts";
import { makeThrowawayCertificates, type ThrowawayCertificates } from "./test/throwaway-certificates.ts";
import { requestVersion } from "./test/tls-version-request.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "9" },
    "group-size": { type: "string", default: "36" },
    "group-runs": { type: "string", default: "3" },
  },
});
const runs = wholeNumber("--runs", values.runs, 1);
const groupSize = wholeNumber("--group-size", values["group-size"], 0);
const groupRuns = wholeNumber("--group-runs", values["group-runs"], 1);

function wholeNumber(option: string, value: string, minimum: number): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < minimum) {
    throw new Error(`${option} ${value} is invalid: give a whole number, ${minimum} or more.`);
  }
  return parsed;
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

interface GroupFigures {
  readyMs: number[];
  stopMs: number[];
}

/** Starts a group of `groupSize` servers and stops every one of them, `groupRuns` times. */
async function measureGroup(backend: Backend, certificates: ThrowawayCertificates): Promise<GroupFigures> {
  const figures: GroupFigures = { readyMs: [], stopMs: [] };
  const settings = Array.from({ length: groupSize }, () => ({
    chainFile: certificates.serverChain,
    keyFile: certificates.serverKey,
    caFile: certificates.caCert,
    verifyMode: 2 as const,
  }));

  for (let run = 0; run < groupRuns; run++) {
    const started = performance.now();
    const results = await backend.startMemcachedGroup(settings);
    figures.readyMs.push(performance.now() - started);

    const servers = results.filter((result): result is StartedServer => !(result instanceof ServerStartError));
    if (servers.length !== groupSize) {
      throw new Error(`only ${servers.length} of ${groupSize} servers of the group started; the first failure: ${results.find((result) => result instanceof ServerStartError)?.message ?? "none"}`);
    }
    await requestVersion(servers[groupSize - 1]?.host ?? "", servers[groupSize - 1]?.port ?? 0, certificates);

    const stopping = performance.now();
    await Promise.all(servers.map((server) => server.stop()));
    figures.stopMs.push(performance.now() - stopping);
  }
  return figures;
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Formats one table row: the name in 12 columns, then each figure in milliseconds in 9. */
function row(name: string, milliseconds: number[]): string {
  return `${name.padEnd(12)}${milliseconds.map((value) => value.toFixed(1).padStart(9)).join("")}`;
}

function headerRow(...titles: string[]): string {
  return `${"backend".padEnd(12)}${titles.map((title) => title.padStart(9)).join("")}`;
}

const certificates = await makeThrowawayCertificates();
const backends: Array<{ name: string; create: () => Promise<Backend> }> = [
  { name: "local", create: () => LocalBackend.create() },
  { name: "containers", create: () => ContainersBackend.create() },
];

/**
 * Creates each backend, writes the row of figures that `measureBackend` returns and closes the
 * backend. A backend that cannot be created gets a "not measured" row with the error.
 */
async function writeRows(measureBackend: (backend: Backend) => Promise<number[]>): Promise<void> {
  for (const { name, create } of backends) {
    let backend: Backend;
    try {
      backend = await create();
    } catch (error) {
      process.stdout.write(`${name.padEnd(12)}not measured: ${error instanceof Error ? error.message : String(error)}\n`);
      continue;
    }

    try {
      process.stdout.write(`${row(name, await measureBackend(backend))}\n`);
    } finally {
      await backend.close();
    }
  }
}

try {
  process.stdout.write(`memcached start-to-ready, ${runs} runs per backend (ms)\n`);
  process.stdout.write(`${headerRow("median", "min", "max", "+reply")}\n`);
  await writeRows(async (backend) => {
    const figures = await measure(backend, certificates);
    return [median(figures.readyMs), Math.min(...figures.readyMs), Math.max(...figures.readyMs), median(figures.firstReplyMs)];
  });
  process.stdout.write(`"+reply" is the median time to the first "version" reply over mutual TLS, start included.\n`);

  if (groupSize > 0) {
    process.stdout.write(`\nstartMemcachedGroup() of ${groupSize} servers, ${groupRuns} runs per backend (ms)\n`);
    process.stdout.write(`${headerRow("ready", "min", "max", "stop")}\n`);
    await writeRows(async (backend) => {
      const figures = await measureGroup(backend, certificates);
      return [median(figures.readyMs), Math.min(...figures.readyMs), Math.max(...figures.readyMs), median(figures.stopMs)];
    });
    process.stdout.write(`"ready" is the median time until every server listens; "stop" until stop() of every server returned.\n`);
  }
} finally {
  await certificates.remove();
}
