// memjs (binary protocol, no TLS of its own) through the plaintext bridge to a real memcached
// that requires client certificates.

import net from "node:net";

import { describe, expect, test } from "vitest";

import { memjsRoundTrip } from "../memjs-over-tls.ts";
import { probe } from "../probe.ts";
import { useMutualTlsMemcached } from "./fixtures/mutual-tls-memcached.ts";

const { kit, memcached } = useMutualTlsMemcached();

function openConnections(): number {
  // libuv handles that are TCP sockets or servers; a leak of the bridge or TLS socket shows here.
  return process.getActiveResourcesInfo().filter((name) => name === "TCPSocketWrap" || name === "TCPServerWrap").length;
}

/**
 * Waits up to one second for the TCP handle count to return to `expected`. libuv closes a
 * destroyed socket's handle a few loop turns after its `close` event, so the count may lag
 * briefly; a socket that was never destroyed keeps it above `expected` for good.
 */
async function settledConnections(expected: number): Promise<number> {
  const deadline = Date.now() + 1000;
  while (openConnections() !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }

  return openConnections();
}

describe.each(["TLSv1.2", "TLSv1.3"] as const)("memjs over %s", (tlsVersion) => {
  test("valid leaf completes set, get, delete", async () => {
    const before = await settledConnections(0);

    const record = await memjsRoundTrip({
      host: "127.0.0.1",
      port: memcached.port,
      tlsVersion,
      client: { variantId: "client.valid", chainFile: kit.clientValid.cert, keyFile: kit.clientValid.key },
      timeoutMs: 3000,
    });

    expect(record.outcome.kind).toBe("ok");
    expect(record.operations).toEqual({ set: true, get: true, delete: true });
    expect(record.negotiated?.version).toBe(tlsVersion);
    expect(record.key).toMatch(/^probe:memjs:[0-9a-f]{16}$/);

    // The key must be gone: read it back over the ASCII protocol.
    const check = await probe({
      host: "127.0.0.1",
      port: memcached.port,
      tlsVersion,
      client: { variantId: "client.valid", chainFile: kit.clientValid.cert, keyFile: kit.clientValid.key },
      request: `get ${record.key}\r\n`,
    });
    expect(check.outcome.reply).toBe("END");

    expect(await settledConnections(before)).toBe(before);
  });

  test("leaf from another CA is rejected clearly", async () => {
    const before = await settledConnections(0);

    const record = await memjsRoundTrip({
      host: "127.0.0.1",
      port: memcached.port,
      tlsVersion,
      client: { variantId: "client.other-ca", chainFile: kit.clientOtherCa.cert, keyFile: kit.clientOtherCa.key },
      timeoutMs: 3000,
    });

    expect(record.outcome.kind).toBe("server-alert");
    expect(record.outcome.alert).toBe("unknown_ca");
    expect(record.operations).toEqual({ set: false, get: false, delete: false });
    if (tlsVersion === "TLSv1.3") {
      expect(record.failedOperation).toBe("set");
      expect(record.outcome.stage).toBe("first-reply");
    } else {
      expect(record.failedOperation).toBeUndefined();
      expect(record.outcome.stage).toBe("handshake");
    }

    expect(await settledConnections(before)).toBe(before);
  });
});

describe("memjs against a non-memcached peer", () => {
  test("silent server times out at handshake", async () => {
    const server = net.createServer(() => {});
    const sockets = new Set<net.Socket>();
    server.on("connection", (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));

    try {
      const record = await memjsRoundTrip({ host: "127.0.0.1", port: (server.address() as net.AddressInfo).port, tlsVersion: "TLSv1.3", timeoutMs: 300 });

      expect(record.outcome.kind).toBe("timeout");
      expect(record.outcome.stage).toBe("handshake");
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
