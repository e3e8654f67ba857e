// Benchmark of the prober's handshake latency beside the openssl CLI on the same link, in the
// same run. Prints figures only; nothing here asserts a speed.
//
//   node harness/probe/bench.ts [--samples 50] [--warmup 10] [--seconds 3]
//
// It starts its own memcached 1.6 with TLS and ssl_verify_mode=2 on 127.0.0.1, with throwaway
// ECDSA P-256 certificates from the openssl CLI, and removes both when done.

import { execFile, spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { parseArgs, promisify } from "node:util";

import { percentile } from "./percentile.ts";
import { probe } from "./probe.ts";
import type { TlsVersion } from "./record.ts";
import { startTlsMemcached } from "./test/fixtures/memcached-process.ts";
import { createThrowawayKit, type ThrowawayKit } from "./test/fixtures/throwaway-kit.ts";

const run = promisify(execFile);

const { values } = parseArgs({
  options: {
    samples: { type: "string", default: "50" },
    warmup: { type: "string", default: "10" },
    seconds: { type: "string", default: "3" },
  },
});

const samples = positiveInteger("samples", values.samples);
const warmup = positiveInteger("warmup", values.warmup, true);
const seconds = positiveInteger("seconds", values.seconds);

function positiveInteger(name: string, text: string, zeroAllowed = false): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < (zeroAllowed ? 0 : 1)) {
    throw new RangeError(`--${name} ${text} is invalid: use a whole number${zeroAllowed ? " of 0 or more" : " of 1 or more"}.`);
  }

  return value;
}

function formatMs(value: number): string {
  return `${value.toFixed(2)} ms`;
}

function summarize(label: string, values: number[]): void {
  console.log(`  ${label.padEnd(52)} p50 ${formatMs(percentile(values, 50)).padStart(10)}   p95 ${formatMs(percentile(values, 95)).padStart(10)}   (n=${values.length})`);
}

async function benchProber(kit: ThrowawayKit, port: number, tlsVersion: TlsVersion): Promise<void> {
  const handshake: number[] = [];
  const connectToReply: number[] = [];

  for (let i = 0; i < warmup + samples; i++) {
    const record = await probe({
      host: "127.0.0.1",
      port,
      tlsVersion,
      client: { variantId: "client.valid", chainFile: kit.clientValid.cert, keyFile: kit.clientValid.key },
    });
    if (record.outcome.kind !== "ok") {
      throw new Error(`Probe ${i} over ${tlsVersion} ended with ${record.outcome.kind}: ${record.outcome.message ?? ""}`);
    }
    if (i < warmup) {
      continue;
    }

    const { tcpConnectMs = 0, handshakeMs = 0, firstReplyMs = 0 } = record.latency;
    handshake.push(handshakeMs);
    connectToReply.push(tcpConnectMs + handshakeMs + firstReplyMs);
  }

  summarize("prober handshake (TCP connected to secureConnect)", handshake);
  summarize("prober TCP connect + handshake + version reply", connectToReply);
}

/** Wall time of whole `openssl s_client` processes that complete one handshake and exit at stdin EOF. */
async function benchSClient(kit: ThrowawayKit, port: number, tlsVersion: TlsVersion): Promise<void> {
  const versionFlag = tlsVersion === "TLSv1.3" ? "-tls1_3" : "-tls1_2";
  const wall: number[] = [];
  const spawnOnly: number[] = [];

  for (let i = 0; i < warmup + samples; i++) {
    const start = performance.now();
    const code = await runToExit("openssl", ["s_client", "-connect", `127.0.0.1:${port}`, versionFlag, "-cert", kit.clientValid.cert, "-key", kit.clientValid.key, "-CAfile", kit.caCert]);
    const elapsed = performance.now() - start;
    if (code !== 0) {
      throw new Error(`openssl s_client exited with code ${code} on sample ${i}.`);
    }

    const spawnStart = performance.now();
    await runToExit("openssl", ["version"]);
    const spawnElapsed = performance.now() - spawnStart;

    if (i >= warmup) {
      wall.push(elapsed);
      spawnOnly.push(spawnElapsed);
    }
  }

  summarize("openssl s_client, whole process", wall);
  summarize("openssl version, whole process (start-up cost)", spawnOnly);
}

function runToExit(command: string, args: string[]): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "ignore"] });
    child.once("error", reject);
    child.once("exit", (code) => resolve(code));
  });
}

/** `openssl s_time -new`: full handshakes for a fixed time; it reports a count, so only the mean is known. */
async function benchSTime(kit: ThrowawayKit, port: number, tlsVersion: TlsVersion): Promise<void> {
  const versionFlag = tlsVersion === "TLSv1.3" ? "-tls1_3" : "-tls1_2";
  const { stdout } = await run("openssl", [
    "s_time", "-connect", `127.0.0.1:${port}`, "-new", versionFlag, "-time", String(seconds),
    "-cert", kit.clientValid.cert, "-key", kit.clientValid.key, "-CAfile", kit.caCert,
  ]);

  const match = /(\d+) connections in ([\d.]+)s/.exec(stdout);
  if (match?.[1] === undefined || match[2] === undefined) {
    console.log(`  openssl s_time: could not read its output:\n${stdout}`);
    return;
  }

  const connections = Number(match[1]);
  const userSeconds = Number(match[2]);
  console.log(`  ${"openssl s_time -new, client CPU per connection".padEnd(52)} ${formatMs((userSeconds * 1000) / connections).padStart(14)}   (${connections} connections, ${userSeconds} s of CPU)`);

  // s_time reports wall time in whole seconds, so this mean is coarse.
  const realLine = /(\d+) connections in (\d+) real seconds/.exec(stdout);
  if (realLine?.[1] !== undefined && realLine[2] !== undefined) {
    const wallMs = (Number(realLine[2]) * 1000) / Number(realLine[1]);
    console.log(`  ${"openssl s_time -new, wall time per connection".padEnd(52)} ${formatMs(wallMs).padStart(14)}   (${realLine[1]} connections in about ${realLine[2]} s)`);
  }
}

const kit = await createThrowawayKit();
const memcached = await startTlsMemcached({ chainCert: kit.server.cert, key: kit.server.key, caCert: kit.caCert, verifyMode: 2 });

try {
  const { stdout: opensslVersion } = await run("openssl", ["version"]);
  console.log(`Prober handshake latency against memcached with ssl_verify_mode=2 on 127.0.0.1:${memcached.port}`);
  console.log(`Node ${process.version} (OpenSSL ${process.versions.openssl}), CLI ${opensslVersion.trim()}, ECDSA P-256 leaves, ${samples} samples after ${warmup} warm-up`);

  for (const tlsVersion of ["TLSv1.2", "TLSv1.3"] as const) {
    console.log(`\n${tlsVersion}`);
    await benchProber(kit, memcached.port, tlsVersion);
    await benchSClient(kit, memcached.port, tlsVersion);
    await benchSTime(kit, memcached.port, tlsVersion);
  }
} finally {
  await memcached.stop();
  await kit.remove();
}
