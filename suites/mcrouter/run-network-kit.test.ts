// A kit generated for the run's network, as the global setup generates it for MCROUTER_IMAGE:
// the valid client and peer leaves carry the network's gateway and the front mcrouter's
// fixed address, read back from the issued certificates through the manifest's facts.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { describe, expect, test } from "vitest";

import { generateKit } from "../../certs-gen/index.ts";
import { newScopeId, runLabels } from "../../harness/cleanup/run-identity.ts";
import { connectDockerEngine } from "../../harness/engine/docker-engine.ts";
import { createRunNetwork } from "../../harness/mcrouter/run-network.ts";
import { SUITE_KIT_DNS, SUITE_KIT_IPS, suiteKitIps } from "../support/suite-kit.ts";
import { CLIENT_VARIANTS, PEER_VARIANTS } from "./client-variants.ts";

describe("run network kit", () => {
  test("kit IPs unchanged without a network", () => {
    expect(suiteKitIps()).toEqual(SUITE_KIT_IPS);
    expect(suiteKitIps(undefined)).toEqual(["127.0.0.5", "127.0.0.1", "::1"]);
  });

  test("valid leaves carry the network's addresses", async () => {
    const dockerode = (await connectDockerEngine()).client.container.dockerode;
    const network = await createRunNetwork(dockerode, runLabels(newScopeId("run-network-kit-test")));
    const parent = await mkdtemp(join(tmpdir(), "mtls-run-network-kit-"));

    try {
      const manifest = await generateKit({ outDir: join(parent, "kit"), ips: suiteKitIps(network), dns: SUITE_KIT_DNS });
      expect(manifest.options.ips).toEqual([...SUITE_KIT_IPS, network.gateway, network.frontAddress]);

      const validLeaves = manifest.variants.filter((variant) => variant.defect === null && variant.role !== "server");
      const validIds = validLeaves.map((variant) => variant.id);
      expect(validIds).toContain(CLIENT_VARIANTS.valid);
      expect(validIds).toContain(PEER_VARIANTS.valid);

      for (const variant of validLeaves) {
        const sanIps = variant.certificate?.san.ip ?? [];
        expect(sanIps, variant.id).toContain(network.gateway);
        expect(sanIps, variant.id).toContain(network.frontAddress);
      }

      const wrongIpSan = manifest.variants.find((variant) => variant.id === CLIENT_VARIANTS.wrongIpSan);
      expect(wrongIpSan?.certificate?.san.ip).not.toContain(network.gateway);
    } finally {
      await rm(parent, { recursive: true, force: true });
      await network.remove();
    }
  });
});
