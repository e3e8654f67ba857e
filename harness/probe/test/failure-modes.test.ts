// Outcomes that no real memcached produces on demand: a closed port, a silent server, a reset,
// a peer that does not speak TLS. Each uses a real socket on 127.0.0.1 that the test owns.

import { spawn, spawnSync } from "node:child_process";
import net from "node:net";

import { afterEach, describe, expect, test } from "vitest";

import { probe } from "../probe.ts";
import { freePort } from "./fixtures/memcached-process.ts";
import { startRawTcpServer, type RawTcpServer } from "./fixtures/raw-tcp-server.ts";

let server: RawTcpServer | undefined;

/** Listens on 127.0.0.1 with a backlog of 0, prints its port and never accepts. Exits after 30 s at the latest. */
const FULL_BACKLOG_LISTENER = [
  "import socket, time",
  "s = socket.socket()",
  "s.bind(('127.0.0.1', 0))",
  "s.listen(0)",
  "print(s.getsockname()[1], flush=True)",
  "time.sleep(30)",
].join("\n");

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("probe failure modes", () => {
  test("closed port is connect-failed", async () => {
    const port = await freePort("127.0.0.1");

    const record = await probe({ host: "127.0.0.1", port, tlsVersion: "TLSv1.3" });

    expect(record.outcome.kind).toBe("connect-failed");
    expect(record.outcome.stage).toBe("tcp-connect");
    expect(record.outcome.errorCode).toBe("ECONNREFUSED");
    expect(record.latency.tcpConnectMs).toBeUndefined();
  });

  // Node's net.Server accepts every connection, so a listener that never accepts comes from
  // python3. Linux drops SYNs to a listener whose accept queue is full, so the connect hangs.
  const hasPython = spawnSync("python3", ["--version"]).status === 0;

  test.skipIf(!hasPython)("full accept queue times out at tcp-connect", async () => {
    const listener = spawn("python3", ["-c", FULL_BACKLOG_LISTENER], { stdio: ["ignore", "pipe", "ignore"] });
    const fillers: net.Socket[] = [];

    try {
      const port = Number(await new Promise<string>((resolve) => listener.stdout.once("data", (data: Buffer) => resolve(data.toString()))));
      for (let i = 0; i < 3; i++) {
        const filler = net.connect(port, "127.0.0.1");
        filler.on("error", () => {});
        fillers.push(filler);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));

      const record = await probe({ host: "127.0.0.1", port, tlsVersion: "TLSv1.3", timeoutMs: 500 });

      expect(record.outcome.kind).toBe("timeout");
      expect(record.outcome.stage).toBe("tcp-connect");
    } finally {
      for (const filler of fillers) {
        filler.destroy();
      }
      listener.kill();
    }
  });

  test("silent server times out at handshake", async () => {
    server = await startRawTcpServer(() => {});

    const record = await probe({ host: "127.0.0.1", port: server.port, tlsVersion: "TLSv1.2", timeoutMs: 300 });

    expect(record.outcome.kind).toBe("timeout");
    expect(record.outcome.stage).toBe("handshake");
    expect(record.latency.tcpConnectMs).toBeGreaterThan(0);
  });

  test("reset during handshake is closed-without-alert", async () => {
    server = await startRawTcpServer((socket) => socket.once("data", () => socket.resetAndDestroy()));

    const record = await probe({ host: "127.0.0.1", port: server.port, tlsVersion: "TLSv1.3" });

    expect(record.outcome.kind).toBe("closed-without-alert");
    expect(record.outcome.stage).toBe("handshake");
    expect(record.outcome.errorCode).toBe("ECONNRESET");
  });

  test("close during handshake is closed-without-alert", async () => {
    server = await startRawTcpServer((socket) => socket.once("data", () => socket.end()));

    const record = await probe({ host: "127.0.0.1", port: server.port, tlsVersion: "TLSv1.2" });

    expect(record.outcome.kind).toBe("closed-without-alert");
    expect(record.outcome.stage).toBe("handshake");
  });

  test("plaintext reply is protocol-error", async () => {
    server = await startRawTcpServer((socket) => socket.once("data", () => socket.write("ERROR\r\nERROR\r\n")));

    const record = await probe({ host: "127.0.0.1", port: server.port, tlsVersion: "TLSv1.3" });

    expect(record.outcome.kind).toBe("protocol-error");
    expect(record.outcome.stage).toBe("handshake");
    expect(record.outcome.errorCode).toBe("ERR_SSL_WRONG_VERSION_NUMBER");
  });

  test("source address of another family is client-setup-failed", async () => {
    server = await startRawTcpServer(() => {});

    const record = await probe({ host: "127.0.0.1", port: server.port, tlsVersion: "TLSv1.3", sourceAddress: "::1" });

    expect(record.outcome.kind).toBe("client-setup-failed");
    expect(record.outcome.stage).toBe("tcp-connect");
  });
});

describe("probe option validation", () => {
  test("host name is rejected", async () => {
    await expect(probe({ host: "localhost", port: 11211, tlsVersion: "TLSv1.3" })).rejects.toThrow(/not an IP address/);
  });

  test("port 0 is rejected", async () => {
    await expect(probe({ host: "127.0.0.1", port: 0, tlsVersion: "TLSv1.3" })).rejects.toThrow(/port 0 is invalid/);
  });

  test("request without CRLF is rejected", async () => {
    await expect(probe({ host: "127.0.0.1", port: 11211, tlsVersion: "TLSv1.3", request: "version" })).rejects.toThrow(/ending in/);
  });

  test("unknown TLS version is rejected", async () => {
    // @ts-expect-error: the version is invalid on purpose.
    await expect(probe({ host: "127.0.0.1", port: 11211, tlsVersion: "TLSv1.1" })).rejects.toThrow(/tlsVersion "TLSv1.1" is invalid/);
  });
});
