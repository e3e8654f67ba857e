// How long mcrouter takes to use a fixed destination again. mcrouter routes over `ssl` with
// --ssl-verify-peers to a memcached whose server leaf has expired, so the handshake fails and
// one such connect error marks the destination hard-TKO: later requests get
// `SERVER_ERROR Server unavailable` without a connect. Then memcached's leaf is replaced by a
// valid one and reloaded with memcached's `refresh_certs` command, as a certificate rotation
// would, and the test times the gap until a get works again. mcrouter only connects again
// after a probe, first sent --probe-timeout-initial times a random 1.05-1.5 after the failure
// (mcrouter/ProxyDestinationBase.cpp:198-258 at v2026.08.17.00).
//
// It needs MCROUTER_BIN and a local memcached, because it rewrites memcached's certificate
// files on this machine. With an image it reports why it did not run.

import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tls from "node:tls";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { LocalBackend, type StartedServer } from "../../harness/backends/index.ts";
import { AsciiConnection } from "../../harness/mcrouter/ascii-client.ts";
import { CONTAINER_PORTS, mcrouterToMemcached } from "../../harness/mcrouter/topologies.ts";
import { startMcrouter, type StartedMcrouter } from "../../harness/mcrouter/start-mcrouter.ts";
import { FAST_TIMING } from "../../harness/mcrouter/timing.ts";
import { findMcrouter, type McrouterNode } from "../../harness/mcrouter/topology.ts";
import { findFreePort } from "../../harness/ports/free-port.ts";
import { loadSuiteKit, mcrouterLocation, type SuiteKit } from "./suite-context.ts";
import { SERVER_VARIANTS } from "./client-variants.ts";

const EXPIRED_SERVER_LEAF = "server.expired";
const KEY = "mtls-recovery";

/** How long after the fix the test keeps requesting, well past the first probes' schedule. */
const RECOVERY_DEADLINE_MS = FAST_TIMING.probeTimeoutMaxMs * 1.5 + 3000;

function notRunReason(): string | undefined {
  if (mcrouterLocation.kind === "absent") return mcrouterLocation.reason;
  if (mcrouterLocation.kind === "image") {
    return `mcrouter runs from the image ${mcrouterLocation.image}, and this test rewrites memcached's certificate files on this machine; run it with MCROUTER_BIN`;
  }
  return undefined;
}

/** Send memcached's `refresh_certs` over TLS and return its reply line. memcached runs with ssl_verify_mode=0, so no client certificate is needed. */
async function refreshCerts(server: StartedServer): Promise<string> {
  const socket = tls.connect({ host: server.host, port: server.port, rejectUnauthorized: false });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("secureConnect", resolve);
      socket.once("error", reject);
    });
    socket.write("refresh_certs\r\n");
    return await new Promise<string>((resolve, reject) => {
      let buffer = "";
      socket.on("data", (chunk: Buffer) => {
        buffer += chunk.toString("utf8");
        if (buffer.includes("\r\n")) resolve(buffer.trim());
      });
      socket.once("error", reject);
    });
  } finally {
    socket.destroy();
  }
}

/** Build the front mcrouter: one pool over ssl to memcached, with the kit's peer leaf and --ssl-verify-peers. */
async function routerNode(kit: SuiteKit): Promise<McrouterNode> {
  const ports = { ...CONTAINER_PORTS, frontPlain: await findFreePort() };
  const built = mcrouterToMemcached(kit.credentials, { mech: "ssl", verifyMode: 0, clientFlags: true, ports });
  return findMcrouter(built, "front");
}

const reason = notRunReason();

describe.skipIf(reason !== undefined)(`destination recovery after a certificate fix${reason === undefined ? "" : `: not run, ${reason}`}`, () => {
  let kit: SuiteKit;
  let workDir: string;
  let backend: LocalBackend;
  let server: StartedServer;
  let router: StartedMcrouter;

  beforeAll(async () => {
    if (mcrouterLocation.kind !== "binary") throw new Error("unreachable: skipped without MCROUTER_BIN");
    kit = await loadSuiteKit();
    workDir = await mkdtemp(join(tmpdir(), "mtls-recovery-"));

    // memcached reads these copies, so the fix below rewrites no file of the shared kit.
    const expired = kit.credentials.leaf(EXPIRED_SERVER_LEAF);
    await copyFile(join(kit.dir, expired.certPath), join(workDir, "chain.pem"));
    await copyFile(join(kit.dir, expired.keyPath), join(workDir, "key.pem"));

    backend = await LocalBackend.create();
    server = await backend.startMemcached({ chainFile: join(workDir, "chain.pem"), keyFile: join(workDir, "key.pem"), verifyMode: 0 });
    const memcachedAddress = { host: server.host, port: server.port };
    router = await startMcrouter({ node: await routerNode(kit), location: mcrouterLocation, kitDir: kit.dir, resolve: () => memcachedAddress });
  });

  afterAll(async () => {
    await router?.stop();
    await server?.stop();
    await backend?.close();
    if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
  });

  test("expired memcached leaf recovers after a probe", async (context) => {
    const client = await AsciiConnection.open({ host: "127.0.0.1", port: router.plainPort ?? 0 });
    try {
      // The first get connects, and mcrouter rejects memcached's expired leaf in the handshake.
      const rejected = await client.request(`get ${KEY}`);
      expect(rejected).toMatch(/^SERVER_ERROR .*certificate/i);

      // One connect error marks the destination hard-TKO, so the next get is refused without a connect.
      const unavailable = await client.request(`get ${KEY}`);
      expect(unavailable).toMatch(/^SERVER_ERROR Server unavailable/);

      const valid = kit.credentials.leaf(SERVER_VARIANTS.memcached);
      await copyFile(join(kit.dir, valid.certPath), join(workDir, "chain.pem"));
      await copyFile(join(kit.dir, valid.keyPath), join(workDir, "key.pem"));
      expect(await refreshCerts(server)).toBe("OK");
      const fixedAt = performance.now();

      let reply = "";
      let attempts = 0;
      while (performance.now() - fixedAt < RECOVERY_DEADLINE_MS) {
        attempts++;
        reply = await client.request(`get ${KEY}`);
        if (reply === "END") break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const recoveryMs = Math.round(performance.now() - fixedAt);

      const summary = `recovered ${recoveryMs} ms after refresh_certs (${attempts} gets; --probe-timeout-initial=${FAST_TIMING.probeTimeoutInitialMs}, --probe-timeout-max=${FAST_TIMING.probeTimeoutMaxMs}); last reply ${JSON.stringify(reply)}`;
      console.log(summary);
      await context.annotate(summary);
      expect(reply, summary).toBe("END");
    } finally {
      client.close();
    }
  });
});
