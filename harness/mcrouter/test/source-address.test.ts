import { connect, createServer, type AddressInfo } from "node:net";

import { describe, expect, test } from "vitest";

import { DEFAULT_LOOPBACK_ALIAS, decideSourceAddress } from "../source-address.ts";

describe("decideSourceAddress", () => {
  test("local process binds the loopback alias", () => {
    const decision = decideSourceAddress({ kind: "local-process" });
    expect(DEFAULT_LOOPBACK_ALIAS).toBe("127.0.0.5");
    expect(decision.bindAddress).toBe("127.0.0.5");
    expect(decision.seenByMcrouter).toBe("127.0.0.5");
  });

  test("local process with another alias", () => {
    expect(decideSourceAddress({ kind: "local-process", loopbackAlias: "127.0.0.9" }).seenByMcrouter).toBe("127.0.0.9");
  });

  test("alias outside loopback is rejected", () => {
    expect(() => decideSourceAddress({ kind: "local-process", loopbackAlias: "10.0.0.5" })).toThrow(/not an IPv4 address in 127.0.0.0\/8/);
  });

  test("local IPv6 is ::1", () => {
    const decision = decideSourceAddress({ kind: "local-process", family: 6 });
    expect(decision.bindAddress).toBe("::1");
    expect(decision.seenByMcrouter).toBe("::1");
  });

  test("container reached from the host is seen from the gateway", () => {
    const decision = decideSourceAddress({ kind: "container-from-host", networkGateway: "172.30.0.1" });
    expect(decision.seenByMcrouter).toBe("172.30.0.1");
    expect(decision.bindAddress).toBeUndefined();
  });

  test("gateway must be an address", () => {
    expect(() => decideSourceAddress({ kind: "container-from-host", networkGateway: "bridge" })).toThrow(/not an IP address/);
  });

  test("container reached from a container is seen as that container", () => {
    expect(decideSourceAddress({ kind: "container-from-container", clientContainerAddress: "172.30.0.3" }).seenByMcrouter).toBe("172.30.0.3");
  });

  test("local mcrouter calling a local mcrouter comes from 127.0.0.1", () => {
    expect(decideSourceAddress({ kind: "local-mcrouter-to-local-mcrouter" }).seenByMcrouter).toBe("127.0.0.1");
  });
});

/** Connect to a loopback listener and return the peer address the listener read. */
async function peerAddressSeenByListener(localAddress: string | undefined): Promise<string | undefined> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, resolve));
  const { port } = server.address() as AddressInfo;

  const accepted = new Promise<string | undefined>((resolve) => server.once("connection", (socket) => {
    resolve(socket.remoteAddress);
    socket.destroy();
  }));
  const client = connect(localAddress === undefined ? { host: "127.0.0.1", port } : { host: "127.0.0.1", port, localAddress });
  client.on("error", () => undefined);

  const seen = await accepted;
  client.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return seen;
}

describe("decisions on this machine's loopback", () => {
  test("bound alias is the peer address", async () => {
    const decision = decideSourceAddress({ kind: "local-process" });
    expect(await peerAddressSeenByListener(decision.bindAddress)).toBe(decision.seenByMcrouter);
  });

  test("unbound client comes from 127.0.0.1", async () => {
    const decision = decideSourceAddress({ kind: "local-mcrouter-to-local-mcrouter" });
    expect(await peerAddressSeenByListener(decision.bindAddress)).toBe(decision.seenByMcrouter);
  });
});
