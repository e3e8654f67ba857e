// memcached containers on a Docker network of their own, at a fixed address, as mcrouter
// containers need them.

import { randomInt } from "node:crypto";

import type Dockerode from "dockerode";
import { GenericContainer, Wait, getContainerRuntimeClient } from "testcontainers";
import { describe, expect, test } from "vitest";

import { newScopeId, runLabels } from "../../cleanup/run-identity.ts";
import { ContainersBackend } from "../containers/containers-backend.ts";
import { LocalBackend } from "../local/local-backend.ts";
import { useThrowawayCertificates } from "./certificates-fixture.ts";
import { checkEngine } from "./engine-availability.ts";
import { requestVersion } from "./tls-version-request.ts";

const engine = await checkEngine();

const certificates = useThrowawayCertificates();

/**
 * Creates a labelled network with an explicit subnet, which fixed addresses require. The
 * subnet is drawn from 10.200.0.0/16 to 10.254.0.0/16, away from the engine's default pools
 * (172.17-172.31), and drawn again when it overlaps a network that exists.
 */
async function createSubnetNetwork(dockerode: Dockerode): Promise<{ name: string; prefix: string; remove: () => Promise<void> }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const prefix = `10.${randomInt(200, 255)}.${randomInt(0, 256)}`;
    const name = newScopeId("backend-test-net");
    try {
      const network = await dockerode.createNetwork({
        Name: name,
        Driver: "bridge",
        Labels: runLabels(name),
        IPAM: { Config: [{ Subnet: `${prefix}.0/24`, Gateway: `${prefix}.1` }] },
      });
      return { name, prefix, remove: async () => void (await network.remove()) };
    } catch (error) {
      if (!String(error).includes("overlaps")) {
        throw error;
      }
    }
  }
  throw new Error("no free /24 subnet found in 10.200.0.0-10.254.255.0 after 5 attempts");
}

describe(`memcached on a container network ${engine.skipReason}`, () => {
  test.skipIf(!engine.available)("fixed address reachable from containers", { timeout: 120_000 }, async () => {
    const dockerode = (await getContainerRuntimeClient()).container.dockerode;
    const network = await createSubnetNetwork(dockerode);
    const backend = await ContainersBackend.create();

    try {
      const address = `${network.prefix}.10`;
      const server = await backend.startMemcached(
        { chainFile: certificates.serverChain, keyFile: certificates.serverKey, caFile: certificates.caCert, verifyMode: 2 },
        { networkName: network.name, ipv4Address: address },
      );

      expect(server.networkEndpoint).toEqual({ networkName: network.name, host: address, port: 11211 });
      expect(await requestVersion(server.host, server.port, certificates)).toBe(`VERSION ${server.version}`);

      // Another container on the network opens a TCP connection to the endpoint.
      const client = await new GenericContainer(backend.image.name)
        .withEntrypoint(["/bin/sh", "-c"])
        .withCommand([`nc -w 3 ${address} 11211 </dev/null && echo connected || echo failed`])
        .withNetworkMode(network.name)
        .withLabels(runLabels(backend.scope))
        .withWaitStrategy(Wait.forOneShotStartup())
        .start();
      const output = await (await client.logs()).toArray();
      await client.stop();

      // memcached may reply to the empty TLS session with alert bytes before nc's own line.
      expect(output.join("")).toMatch(/connected\n$/);
    } finally {
      await backend.close();
      await network.remove();
    }
  });

  test.skipIf(!engine.available)("address without network rejected", { timeout: 60_000 }, async () => {
    const backend = await ContainersBackend.create();
    try {
      const start = backend.startMemcached({ chainFile: certificates.serverChain, keyFile: certificates.serverKey, verifyMode: 0 }, { ipv4Address: "10.200.0.10" });
      await expect(start).rejects.toThrow(/ipv4Address 10.200.0.10 needs networkName/);
    } finally {
      await backend.close();
    }
  });
});

test("local backend rejects a network", async () => {
  const backend = await LocalBackend.create();
  try {
    const start = backend.startMemcached({ chainFile: certificates.serverChain, keyFile: certificates.serverKey, verifyMode: 0 }, { networkName: "some-network" });
    await expect(start).rejects.toThrow(/local backend cannot join Docker network "some-network"/);
  } finally {
    await backend.close();
  }
});
