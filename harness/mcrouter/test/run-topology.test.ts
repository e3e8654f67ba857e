// The checks startTopology makes before it starts anything.

import { describe, expect, test } from "vitest";

import { ContainersBackend, LocalBackend } from "../../backends/index.ts";
import { startTopology, TopologyNotRunnableError } from "../run-topology.ts";
import { clientToMcrouter, mcrouterToMcrouter, mcrouterToMemcached, type TopologyCredentials } from "../topologies.ts";

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

  test("fixed address needs a given network", async () => {
    const topology = mcrouterToMcrouter(credentials, { mech: "ssl", frontClient: credentials.mcrouterClient });
    const options = { location: { kind: "image", image: "mcrouter:never-started" }, kitDir: "/kit", fixedAddresses: { front: "10.44.5.10" } } as const;

    await expect(startTopology(topology, options)).rejects.toThrow(/fixed addresses for front need the network option/);
  });

  test("fixed address for a non-mcrouter node is rejected", async () => {
    const topology = mcrouterToMemcached(credentials, { mech: "ssl", verifyMode: 2, clientFlags: true });
    const memcachedBackend = await ContainersBackend.create();
    const network = { name: "mcrouter-mtls-run-never-created", gateway: "10.44.5.1" };

    try {
      const options = { location: { kind: "image", image: "mcrouter:never-started" }, kitDir: "/kit", memcachedBackend, network } as const;
      await expect(startTopology(topology, { ...options, fixedAddresses: { memcached: "10.44.5.11" } })).rejects.toThrow(/fixed address for memcached, which is not an mcrouter node/);
      await expect(startTopology(topology, { ...options, fixedAddresses: { nowhere: "10.44.5.11" } })).rejects.toThrow(/has no node "nowhere"/);
    } finally {
      await memcachedBackend.close();
    }
  });

  test("failed mcrouter start is rethrown", async () => {
    const topology = clientToMcrouter(credentials, { requirePeerCerts: true, ports: { frontPlain: 45_001, frontSsl: 45_002, backPlain: 45_003, backSsl: 45_004, memcached: 45_005 } });

    await expect(startTopology(topology, { location: { kind: "binary", path: "/nonexistent/mcrouter" }, kitDir: "/kit" })).rejects.toThrow(/spawn failed/);
  });
});
