// Against this machine's Docker engine: a new network reports the gateway that the
// client→mcrouter cases put in client certificates, and carries the cleanup labels.

import { isIPv4 } from "node:net";

import { describe, expect, test } from "vitest";

import { runLabels, newScopeId, LABEL_SCOPE } from "../../cleanup/run-identity.ts";
import { connectDockerEngine } from "../../engine/docker-engine.ts";
import { createContainerNetwork } from "../container-network.ts";

describe("createContainerNetwork", () => {
  test("network has an IPv4 gateway and the labels", async () => {
    const engine = await connectDockerEngine();
    const dockerode = engine.client.container.dockerode;
    const labels = runLabels(newScopeId("mcrouter-network-test"));

    const network = await createContainerNetwork(dockerode, labels);
    try {
      expect(isIPv4(network.gateway)).toBe(true);
      const info = (await dockerode.getNetwork(network.name).inspect()) as { Labels?: Record<string, string> };
      expect(info.Labels?.[LABEL_SCOPE]).toBe(labels[LABEL_SCOPE]);
    } finally {
      await network.remove();
    }

    const remaining = await dockerode.listNetworks({ filters: { name: [network.name] } });
    expect(remaining).toEqual([]);
  });
});
