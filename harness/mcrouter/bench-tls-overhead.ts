// Benchmark: what TLS costs on each hop of client → mcrouter → memcached, measured against the
// same processes in plaintext within one run. One local memcached listens with TLS and, through
// `-l notls:`, in plaintext. Three mcrouters route to it over `plain`, `ssl` and `fizz`, and each
// serves a `-p` port and a `--ssl-port`. Every pair of client link (plaintext, TLS 1.2, TLS 1.3)
// and routed link is timed: the client's connect (TCP plus handshake) and `get` round trips on an
// open connection. A second table times the first `get` after each mcrouter start, which
// includes mcrouter's own connect and handshake to memcached. Prints Markdown; asserts nothing.
//
//   MCROUTER_BIN=/path/to/mcrouter node harness/mcrouter/bench-tls-overhead.ts [--connections N] [--gets N] [--starts N]

import { rmSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

import { generateKit } from "../../certs-gen/index.ts";
import type { KitManifest } from "../../certs-gen/manifest.ts";
import { LocalBackend, type StartedServer } from "../backends/index.ts";
import { registerExitCleanup } from "../cleanup/exit-cleanup.ts";
import { findFreePort } from "../ports/free-port.ts";
import type { ClientCredentials } from "../probe/client-context.ts";
import { percentile } from "../probe/percentile.ts";
import { probe } from "../probe/probe.ts";
import { AsciiConnection } from "./ascii-client.ts";
import type { SecurityMech } from "./access-point.ts";
import { mcrouter, memcached, topology } from "./builders.ts";
import { credentialFromManifest, trustRootPath } from "./kit-credentials.ts";
import { resolveMcrouter } from "./locate.ts";
import { startMcrouter, type StartedMcrouter } from "./start-mcrouter.ts";
import { findMcrouter, type McrouterNode } from "./topology.ts";

const MECHS: readonly SecurityMech[] = ["plain", "ssl", "fizz"];
const CLIENT_LINKS = ["plaintext", "TLSv1.2", "TLSv1.3"] as const;
type ClientLink = (typeof CLIENT_LINKS)[number];

const KEY = "tls-overhead-bench";
const VALUE = "x".repeat(100);
const SERVER_LEAF = "server.valid.ecdsa-p256";
const PEER_LEAF = "peer.valid.ecdsa-p256";
const CLIENT_LEAF = "client.valid.ecdsa-p256";

function positiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`--${name} "${text}" is invalid: give a whole number of 1 or more`);
  }
  return value;
}

const { values } = parseArgs({ options: { connections: { type: "string", default: "20" }, gets: { type: "string", default: "200" }, starts: { type: "string", default: "5" } } });
const connections = positiveInteger("connections", values.connections);
const gets = positiveInteger("gets", values.gets);
const starts = positiveInteger("starts", values.starts);

function ms(value: number): string {
  return `${value.toFixed(3)} ms`;
}

/** Build mcrouter `front` with one pool over `mech`; node `memcached-plain` is memcached's `-l notls:` listener. */
function frontNode(mech: SecurityMech, ports: { plain: number; ssl: number }, kitManifest: KitManifest): McrouterNode {
  const root = trustRootPath(kitManifest);
  const destination = mech === "plain" ? "memcached-plain" : "memcached";
  const built = topology(`bench/${mech}`, "mcrouter-memcached")
    .withDescription(`mcrouter routes over ${mech}; the benchmark starts memcached itself.`)
    .withNode(memcached("memcached").withPort(1).withServerCertificate(credentialFromManifest(kitManifest, SERVER_LEAF)).withVerifyMode(2, root))
    .withNode(memcached("memcached-plain").withPort(2).withServerCertificate(credentialFromManifest(kitManifest, SERVER_LEAF)).withVerifyMode(0))
    .withNode(
      mcrouter("front")
        .withPort(ports.plain)
        .withSslPort(ports.ssl)
        .withServerCertificate(credentialFromManifest(kitManifest, SERVER_LEAF), root)
        .withClientCertificate(credentialFromManifest(kitManifest, PEER_LEAF))
        .withVerifyPeers(root)
        .withPool("A", [{ node: destination, protocol: "ascii", mech }]),
    )
    .withEntry("front", "plain")
    .build();

  return findMcrouter(built, "front");
}

/** Time `count` gets on an open connection, in milliseconds each. */
async function timeGets(send: () => Promise<string>, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    const reply = await send();
    samples.push(performance.now() - started);
    if (!reply.startsWith("VALUE")) throw new Error(`get through mcrouter returned ${JSON.stringify(reply.slice(0, 200))}, not the stored value`);
  }
  return samples;
}

/** Connect `connections` times over `link` and time `gets` gets on each connection. Returns per-connection figures. */
async function measureClientLink(router: StartedMcrouter, link: ClientLink, client: ClientCredentials, caPem: string) {
  const connectMs: number[] = [];
  const getP50Ms: number[] = [];
  const getP95Ms: number[] = [];

  for (let index = 0; index < connections; index++) {
    if (link === "plaintext") {
      const started = performance.now();
      const connection = await AsciiConnection.open({ host: "127.0.0.1", port: router.plainPort ?? 0 });
      connectMs.push(performance.now() - started);
      try {
        const samples = await timeGets(() => connection.request(`get ${KEY}`), gets);
        getP50Ms.push(percentile(samples, 50));
        getP95Ms.push(percentile(samples, 95));
      } finally {
        connection.close();
      }
      continue;
    }

    const record = await probe({
      host: "127.0.0.1",
      port: router.sslPort ?? 0,
      tlsVersion: link,
      sourceAddress: "127.0.0.5",
      client,
      trustedCaPem: caPem,
      verifyServerIdentity: false,
      request: `get ${KEY}\r\n`,
      followUpRequests: gets,
      captureFirstReply: true,
    });
    const { handshakeMs, tcpConnectMs, followUp } = record.latency;
    if (record.outcome.kind !== "ok" || handshakeMs === undefined || followUp === undefined || followUp.count < gets) {
      throw new Error(`${link} client to mcrouter port ${router.sslPort ?? "none"} failed: ${JSON.stringify(record.outcome)}`);
    }
    if (!record.outcome.reply?.startsWith("VALUE")) {
      throw new Error(`get through mcrouter over ${link} returned ${JSON.stringify(record.outcome.reply)}, not the stored value`);
    }
    connectMs.push((tcpConnectMs ?? 0) + handshakeMs);
    getP50Ms.push(followUp.p50Ms);
    getP95Ms.push(followUp.p95Ms);
  }

  return { connectMs, getP50Ms, getP95Ms };
}

async function main(): Promise<void> {
  const location = await resolveMcrouter();
  if (location.kind !== "binary") {
    const reason = location.kind === "absent" ? location.reason : `MCROUTER_IMAGE ${location.image} is set`;
    console.error(`This benchmark runs mcrouter as a local process and needs MCROUTER_BIN: ${reason}. Set MCROUTER_BIN=/path/to/mcrouter and unset MCROUTER_IMAGE.`);
    process.exitCode = 2;
    return;
  }

  const parentDir = await mkdtemp(join(tmpdir(), "mtls-bench-kit-"));
  const kitDir = join(parentDir, "kit");
  // Ctrl-C must not leave the kit's private keys behind; mcrouter and memcached register their own cleanup.
  const unregisterKit = registerExitCleanup({
    name: `benchmark kit ${parentDir}`,
    run: () => rm(parentDir, { recursive: true, force: true }),
    runSync: () => rmSync(parentDir, { recursive: true, force: true }),
  });
  const backend = await LocalBackend.create();
  const routers: StartedMcrouter[] = [];
  let server: StartedServer | undefined;
  try {
    const manifest = await generateKit({ outDir: kitDir, ips: ["127.0.0.1", "127.0.0.5"] });
    const root = trustRootPath(manifest);
    const serverLeaf = credentialFromManifest(manifest, SERVER_LEAF);
    const clientLeaf = credentialFromManifest(manifest, CLIENT_LEAF);
    const caPem = await readFile(join(kitDir, root), "utf8");
    const client: ClientCredentials = { variantId: CLIENT_LEAF, chainFile: join(kitDir, clientLeaf.certPath), keyFile: join(kitDir, clientLeaf.keyPath) };

    const notlsPort = await findFreePort();
    server = await backend.startMemcached({
      chainFile: join(kitDir, serverLeaf.certPath),
      keyFile: join(kitDir, serverLeaf.keyPath),
      caFile: join(kitDir, root),
      verifyMode: 2,
      extraOptions: ["-l", `notls:127.0.0.1:${notlsPort}`],
    });
    const tlsServer = server;
    const resolve = (name: string) => (name === "memcached-plain" ? { host: "127.0.0.1", port: notlsPort } : { host: tlsServer.host, port: tlsServer.port });

    console.log(`# TLS overhead per hop, ${cpus().length} cores, Node ${process.version}, memcached ${server.version}, mcrouter ${location.path}`);
    console.log(`${connections} client connections per pair, ${gets} gets on each; ${starts} mcrouter starts per routed link for the cold get.\n`);

    // Warm pair table: each mcrouter keeps its connection to memcached open between gets.
    const rows: { link: ClientLink; mech: SecurityMech; connectP50: number; getP50: number; getP95: number }[] = [];
    for (const mech of MECHS) {
      const node = frontNode(mech, { plain: await findFreePort(), ssl: await findFreePort() }, manifest);
      const router = await startMcrouter({ node, location, kitDir, resolve });
      routers.push(router);

      const admin = await AsciiConnection.open({ host: "127.0.0.1", port: router.plainPort ?? 0 });
      try {
        const stored = await admin.set(KEY, VALUE);
        if (!stored.startsWith("STORED")) throw new Error(`set through mcrouter over ${mech} returned ${JSON.stringify(stored)}`);
      } finally {
        admin.close();
      }

      for (const link of CLIENT_LINKS) {
        const { connectMs, getP50Ms, getP95Ms } = await measureClientLink(router, link, client, caPem);
        rows.push({ link, mech, connectP50: percentile(connectMs, 50), getP50: percentile(getP50Ms, 50), getP95: percentile(getP95Ms, 50) });
      }
      await router.stop();
      routers.pop();
    }

    const baseline = rows.find((row) => row.link === "plaintext" && row.mech === "plain");
    console.log("Medians over connections of each connection's figure. Connect is TCP plus the TLS handshake.\n");
    console.log("| client → mcrouter | mcrouter → memcached | connect p50 | get p50 | get p95 | get p50 over plaintext on both hops |");
    console.log("|---|---|---:|---:|---:|---:|");
    for (const row of rows) {
      const overhead = baseline === undefined ? "–" : `${row.getP50 - baseline.getP50 >= 0 ? "+" : ""}${ms(row.getP50 - baseline.getP50)}`;
      console.log(`| ${row.link} | ${row.mech} | ${ms(row.connectP50)} | ${ms(row.getP50)} | ${ms(row.getP95)} | ${overhead} |`);
    }

    // Cold get: the first get after a start opens mcrouter's connection (and handshake) to memcached.
    console.log("\n| mcrouter → memcached | first get after start, p50 | max | over plain (p50) |");
    console.log("|---|---:|---:|---:|");
    const coldP50 = new Map<SecurityMech, number>();
    for (const mech of MECHS) {
      const samples: number[] = [];
      for (let index = 0; index < starts; index++) {
        const node = frontNode(mech, { plain: await findFreePort(), ssl: await findFreePort() }, manifest);
        const router = await startMcrouter({ node, location, kitDir, resolve });
        routers.push(router);
        const connection = await AsciiConnection.open({ host: "127.0.0.1", port: router.plainPort ?? 0 });
        try {
          samples.push(...(await timeGets(() => connection.request(`get ${KEY}`), 1)));
        } finally {
          connection.close();
          await router.stop();
          routers.pop();
        }
      }
      coldP50.set(mech, percentile(samples, 50));
      const plain = coldP50.get("plain");
      const over = plain === undefined || mech === "plain" ? "–" : `+${ms(percentile(samples, 50) - plain)}`;
      console.log(`| ${mech} | ${ms(percentile(samples, 50))} | ${ms(Math.max(...samples))} | ${over} |`);
    }
  } finally {
    await Promise.all(routers.map((router) => router.stop().catch(() => undefined)));
    await server?.stop().catch(() => undefined);
    await backend.close();
    await rm(parentDir, { recursive: true, force: true });
    unregisterKit();
  }
}

await main();
