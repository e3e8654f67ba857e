// The checks startTopology makes before it starts anything.

import { describe, expect, test } from "vitest";

import { LocalBackend } from "../../backends/index.ts";
import { startTopology, TopologyNotRunnableError } from "../run-topology.ts";
import { clientToMcrouter, mcrouterToMemcached, type TopologyCredentials } from "../topologies.ts";

const leaf = (variant: string) => ({ variant, certPath: `${variant}/chain.pem`, keyPath: `${variant}/key.pem` });
const credentials: TopologyCredentials = {
  mcrouterServer: leaf("server.valid.ecdsa-p256"),
  memcachedServer: leaf("server.valid.ecdsa-p256"),
  mcrouterClient: leaf("peer.valid.ecdsa-p256"),
  root: "trust/root.pem",
};

describe("startTopology", () => {
  test("image with local memcached is not runnable", async () => {
    const topology = mcrouterToMemcached(credentials, { mech: "ssl", verifyMode: 2, clientFlags: true });
    const memcachedBackend = await LocalBackend.create();

    try {
      const starting = startTopology(topology, { location: { kind: "image", image: "mcrouter:never-started" }, kitDir: "/kit", memcachedBackend });

      await expect(starting).rejects.toThrow(TopologyNotRunnableError);
      await expect(starting).rejects.toThrow(/use the containers backend/);
    } finally {
      await memcachedBackend.close();
    }
  });

  test("memcached without a back end is not runnable", async () => {
    const topology = mcrouterToMemcached(credentials, { mech: "fizz", verifyMode: 0, clientFlags: false });

    await expect(startTopology(topology, { location: { kind: "binary", path: "/nonexistent/mcrouter" }, kitDir: "/kit" })).rejects.toThrow(
      /contains memcached but no memcached back end was given/,
    );
  });

  test("failed mcrouter start is rethrown", async () => {
    const topology = clientToMcrouter(credentials, { requirePeerCerts: true, ports: { frontPlain: 45_001, frontSsl: 45_002, backPlain: 45_003, backSsl: 45_004, memcached: 45_005 } });

    await expect(startTopology(topology, { location: { kind: "binary", path: "/nonexistent/mcrouter" }, kitDir: "/kit" })).rejects.toThrow(/spawn failed/);
  });
});
