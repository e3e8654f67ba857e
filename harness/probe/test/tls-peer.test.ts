// Outcomes after a completed handshake that memcached does not produce on demand, against a
// Node TLS server on 127.0.0.1 with the throwaway kit's server leaf.

import { readFile } from "node:fs/promises";
import net from "node:net";
import tls from "node:tls";

import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";

import { probe } from "../probe.ts";
import { createThrowawayKit, type ThrowawayKit } from "./fixtures/throwaway-kit.ts";

let kit: ThrowawayKit;
let server: tls.Server | undefined;
const sockets = new Set<tls.TLSSocket>();

beforeAll(async () => {
  kit = await createThrowawayKit();
}, 30_000);

afterEach(async () => {
  for (const socket of sockets) {
    socket.destroy();
  }
  sockets.clear();
  if (server !== undefined) {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
  }
});

afterAll(async () => {
  await kit?.remove();
});

/** Starts a TLS server that hands each established session to `onSession` and returns its port. */
async function startTlsServer(onSession: (socket: tls.TLSSocket) => void): Promise<number> {
  server = tls.createServer({ cert: await readFile(kit.server.cert), key: await readFile(kit.server.key) }, (socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    onSession(socket);
  });
  server.on("tlsClientError", () => {});

  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return (server.address() as net.AddressInfo).port;
}

describe.each(["TLSv1.2", "TLSv1.3"] as const)("TLS peer over %s", (tlsVersion) => {
  test("silent session times out at first-reply", async () => {
    const port = await startTlsServer(() => {});

    const record = await probe({ host: "127.0.0.1", port, tlsVersion, timeoutMs: 300 });

    expect(record.outcome.kind).toBe("timeout");
    expect(record.outcome.stage).toBe("first-reply");
    expect(record.negotiated?.version).toBe(tlsVersion);
  });

  test("close_notify before a reply is closed-without-alert", async () => {
    const port = await startTlsServer((socket) => socket.once("data", () => socket.end()));

    const record = await probe({ host: "127.0.0.1", port, tlsVersion });

    expect(record.outcome.kind).toBe("closed-without-alert");
    expect(record.outcome.stage).toBe("first-reply");
  });

  test("SERVER_ERROR reply is error-reply", async () => {
    const port = await startTlsServer((socket) => socket.on("data", () => socket.write("SERVER_ERROR no destination\r\n")));

    const record = await probe({ host: "127.0.0.1", port, tlsVersion });

    expect(record.outcome.kind).toBe("error-reply");
    expect(record.outcome.stage).toBe("first-reply");
    expect(record.outcome.reply).toBe("SERVER_ERROR no destination");
  });

  test("error on a follow-up keeps samples", async () => {
    let requests = 0;
    const port = await startTlsServer((socket) =>
      socket.on("data", () => {
        requests += 1;
        socket.write(requests <= 3 ? "VERSION test\r\n" : "CLIENT_ERROR line too long\r\n");
      }),
    );

    const record = await probe({ host: "127.0.0.1", port, tlsVersion, followUpRequests: 5 });

    expect(record.outcome.kind).toBe("error-reply");
    expect(record.outcome.stage).toBe("follow-up");
    expect(record.outcome.reply).toBe("CLIENT_ERROR line too long");
    // Two follow-ups got VERSION and the third an error line: all three are round trips.
    expect(record.latency.followUp?.count).toBe(3);
  });

  test("abrupt close fails the follow-up", async () => {
    const port = await startTlsServer((socket) =>
      socket.once("data", () => {
        socket.write("VERSION test\r\n");
        socket.once("data", () => socket.destroy());
      }),
    );

    const record = await probe({ host: "127.0.0.1", port, tlsVersion, followUpRequests: 1 });

    expect(record.outcome.kind).toBe("closed-without-alert");
    expect(record.outcome.stage).toBe("follow-up");
  });
});

describe("weak server key", () => {
  async function startWeakServer(): Promise<number> {
    // Node refuses to load an RSA-1024 key at its default security level, so the server runs at 0.
    server = tls.createServer(
      { cert: await readFile(kit.serverRsa1024.cert), key: await readFile(kit.serverRsa1024.key), ciphers: "DEFAULT:@SECLEVEL=0" },
      (socket) => {
        sockets.add(socket);
        socket.on("error", () => {});
        socket.on("data", () => socket.write("VERSION test\r\n"));
      },
    );
    server.on("tlsClientError", () => {});
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    return (server.address() as net.AddressInfo).port;
  }

  test("RSA-1024 server leaf fails verification", async () => {
    const port = await startWeakServer();

    const record = await probe({ host: "127.0.0.1", port, tlsVersion: "TLSv1.3", trustedCaPem: await readFile(kit.caCert) });

    expect(record.outcome.kind).toBe("client-verify-error");
    // Node has no name for OpenSSL's EE_KEY_TOO_SMALL verify error.
    expect(record.outcome.verifyError).toBe("UNSPECIFIED");
    expect(record.outcome.message).toMatch(/RSA key has 1024 bits/);
  });

  test("security level 0 accepts RSA-1024 server leaf", async () => {
    const port = await startWeakServer();

    const record = await probe({ host: "127.0.0.1", port, tlsVersion: "TLSv1.2", trustedCaPem: await readFile(kit.caCert), securityLevel: 0 });

    expect(record.outcome.kind).toBe("ok");
  });

  test("unverified RSA-1024 server leaf is ok", async () => {
    const port = await startWeakServer();

    const record = await probe({ host: "127.0.0.1", port, tlsVersion: "TLSv1.3" });

    expect(record.outcome.kind).toBe("ok");
  });
});

describe("IPv6 loopback", () => {
  test("::1 source and target work", async () => {
    server = tls.createServer({ cert: await readFile(kit.server.cert), key: await readFile(kit.server.key) }, (socket) => {
      sockets.add(socket);
      socket.on("error", () => {});
      socket.on("data", () => socket.write("VERSION test\r\n"));
    });
    await new Promise<void>((resolve) => server?.listen(0, "::1", resolve));
    const port = (server.address() as net.AddressInfo).port;

    const record = await probe({ host: "::1", port, tlsVersion: "TLSv1.3", sourceAddress: "::1", trustedCaPem: await readFile(kit.caCert), verifyServerIdentity: false });

    expect(record.outcome.kind).toBe("ok");
    expect(record.sourceAddress).toBe("::1");
    expect(record.serverIdentity?.matched).toBe(false);
  });
});
