// The run's network: the subnet choice, and against this machine's Docker engine its
// creation, the retry when another network takes the subnet, the fixed and engine-assigned container
// addresses, and its removal.

import { execFileSync } from "node:child_process";

import { describe, expect, test } from "vitest";

import { resolveMemcachedImage } from "../../../docker/memcached-image.ts";
import { LABEL_RUN_ID, LABEL_SCOPE, getRunIdentity, newScopeId, runLabels } from "../../cleanup/run-identity.ts";
import { connectDockerEngine } from "../../engine/docker-engine.ts";
import { FixedAddressContainer } from "../fixed-address-container.ts";
import { DEFAULT_CHECKS, type LocateChecks } from "../locate.ts";
import {
  RUN_NETWORK_FRONT_ADDRESS_VARIABLE,
  RUN_NETWORK_GATEWAY_VARIABLE,
  RUN_NETWORK_NAME_VARIABLE,
  chooseSubnetPrefix,
  createRunNetwork,
  planRunNetwork,
  runNetworkEnvironment,
  runNetworkFromEnvironment,
} from "../run-network.ts";
import { openRunNetwork } from "../run-network-setup.ts";

/** A random source that returns `values` in order, for chooseSubnetPrefix's `10.${1 + random(255)}.${random(256)}`. */
function sequence(...values: number[]): (max: number) => number {
  let index = 0;
  return (max) => {
    const value = values[index % values.length] ?? 0;
    index += 1;
    if (value >= max) throw new RangeError(`sequence value ${value} is not below ${max}`);
    return value;
  };
}

/** The random values that make chooseSubnetPrefix draw `10.x.y`. */
function draws(prefix: string): number[] {
  const [, x, y] = prefix.split(".").map(Number);
  return [(x ?? 0) - 1, y ?? 0];
}

async function engineDockerode() {
  return (await connectDockerEngine()).client.container.dockerode;
}

async function networkExists(name: string): Promise<boolean> {
  const dockerode = await engineDockerode();
  return (await dockerode.listNetworks({ filters: { name: [name] } })).some((network) => network.Name === name);
}

describe("planRunNetwork", () => {
  test("lays out a /24", () => {
    expect(planRunNetwork("10.213.7")).toEqual({
      subnet: "10.213.7.0/24",
      gateway: "10.213.7.1",
      ipRange: "10.213.7.128/25",
      frontAddress: "10.213.7.10",
    });
  });

  test("rejects a malformed prefix", () => {
    expect(() => planRunNetwork("10.300.7")).toThrow(/not three IPv4 octets/);
    expect(() => planRunNetwork("10.213.7.0")).toThrow(/not three IPv4 octets/);
  });
});

describe("chooseSubnetPrefix", () => {
  test("returns the first free draw", () => {
    expect(chooseSubnetPrefix([], new Set(), sequence(...draws("10.44.5")))).toBe("10.44.5");
  });

  test("skips a used /24", () => {
    const random = sequence(...draws("10.44.5"), ...draws("10.44.6"));
    expect(chooseSubnetPrefix(["10.44.5.0/24"], new Set(), random)).toBe("10.44.6");
  });

  test("skips every /24 of a shorter network", () => {
    const random = sequence(...draws("10.44.5"), ...draws("10.44.255"), ...draws("10.45.0"));
    expect(chooseSubnetPrefix(["10.44.0.0/16"], new Set(), random)).toBe("10.45.0");
  });

  test("skips the /24 of a host address", () => {
    const random = sequence(...draws("10.44.5"), ...draws("10.44.6"));
    expect(chooseSubnetPrefix(["10.44.5.77/32"], new Set(), random)).toBe("10.44.6");
  });

  test("skips rejected prefixes", () => {
    const random = sequence(...draws("10.44.5"), ...draws("10.44.6"));
    expect(chooseSubnetPrefix([], new Set(["10.44.5"]), random)).toBe("10.44.6");
  });

  test("ignores other ranges and IPv6", () => {
    const used = ["172.17.0.0/16", "192.168.0.0/20", "fd00::/64", "not-a-cidr"];
    expect(chooseSubnetPrefix(used, new Set(), sequence(...draws("10.44.5")))).toBe("10.44.5");
  });

  test("stays out of 10.0.0.0/16", () => {
    const prefix = chooseSubnetPrefix([], new Set(), sequence(0, 0));
    expect(prefix).toBe("10.1.0");
  });

  test("throws when every draw is used", () => {
    expect(() => chooseSubnetPrefix(["10.0.0.0/8"], new Set(), sequence(...draws("10.44.5")))).toThrow(/no free 10\.x\.y\.0\/24/);
  });
});

describe("run network environment", () => {
  test("round-trips through the variables", () => {
    const reference = { name: "mcrouter-mtls-run-test", gateway: "10.44.5.1", frontAddress: "10.44.5.10" };
    expect(runNetworkFromEnvironment(runNetworkEnvironment(reference))).toEqual(reference);
  });

  test("is undefined without a name", () => {
    expect(runNetworkFromEnvironment({})).toBeUndefined();
    expect(runNetworkFromEnvironment({ [RUN_NETWORK_NAME_VARIABLE]: "" })).toBeUndefined();
  });

  test("rejects a missing address", () => {
    const env = { [RUN_NETWORK_NAME_VARIABLE]: "n", [RUN_NETWORK_GATEWAY_VARIABLE]: "10.44.5.1" };
    expect(() => runNetworkFromEnvironment(env)).toThrow(new RegExp(`${RUN_NETWORK_FRONT_ADDRESS_VARIABLE}="" is not an IPv4 address`));
  });
});

describe("createRunNetwork", () => {
  test("creates the planned network and removes it", async () => {
    const dockerode = await engineDockerode();
    const labels = runLabels(newScopeId("run-network-test"));

    const network = await createRunNetwork(dockerode, labels);
    try {
      const info = (await dockerode.getNetwork(network.name).inspect()) as {
        Labels?: Record<string, string>;
        IPAM?: { Config?: { Subnet?: string; Gateway?: string; IPRange?: string }[] };
      };
      expect(info.IPAM?.Config).toEqual([{ Subnet: network.plan.subnet, Gateway: network.plan.gateway, IPRange: network.plan.ipRange }]);
      expect(network.gateway).toBe(network.plan.gateway);
      expect(network.kitAddresses).toEqual([network.plan.gateway, network.plan.frontAddress]);
      expect(info.Labels?.[LABEL_SCOPE]).toBe(labels[LABEL_SCOPE]);
    } finally {
      await network.remove();
    }

    expect(await networkExists(network.name)).toBe(false);
  });

  // Docker 20.10 reports "Pool overlaps" for a blocker without a gateway and "failed to allocate gateway" for one with it.
  test.each([
    { blocker: "without a gateway", gatewayArguments: (): string[] => [] },
    { blocker: "with a gateway", gatewayArguments: (prefix: string) => ["--gateway", `${prefix}.1`] },
  ])("retries after a network $blocker takes the subnet", async ({ gatewayArguments }) => {
    const dockerode = await engineDockerode();
    const labels = runLabels(newScopeId("run-network-test"));
    const blockerName = `mcrouter-mtls-blocker-${labels[LABEL_SCOPE]}`;
    const used = (await dockerode.listNetworks()).flatMap((network) => (network.IPAM?.Config ?? []).flatMap((config) => (config.Subnet === undefined ? [] : [config.Subnet])));
    const blocked = chooseSubnetPrefix(used, new Set());
    const free = chooseSubnetPrefix(used, new Set([blocked]));

    // The first draw stands for a run that takes the subnet between the listing and the creation:
    // it creates a network on the drawn subnet before createRunNetwork sends its request.
    let blockerCreated = false;
    const values = [...draws(blocked), ...draws(blocked), ...draws(free)];
    const random = (max: number): number => {
      if (!blockerCreated) {
        const labelArguments = Object.entries(labels).flatMap(([key, value]) => ["--label", `${key}=${value}`]);
        execFileSync("docker", ["network", "create", "--subnet", `${blocked}.0/24`, ...gatewayArguments(blocked), ...labelArguments, blockerName], { stdio: "ignore" });
        blockerCreated = true;
      }
      const value = values.shift();
      if (value === undefined || value >= max) throw new RangeError(`no planned draw below ${max} left`);
      return value;
    };

    try {
      const network = await createRunNetwork(dockerode, labels, random);
      try {
        expect(network.plan.subnet).toBe(`${free}.0/24`);
        expect(network.gateway).toBe(`${free}.1`);
      } finally {
        await network.remove();
      }
      expect(values).toEqual([]);
    } finally {
      if (blockerCreated) await dockerode.getNetwork(blockerName).remove();
    }
  });

  test("places fixed and assigned containers", async () => {
    const engine = await connectDockerEngine();
    const dockerode = engine.client.container.dockerode;
    const labels = runLabels(newScopeId("run-network-test"));
    const image = (await resolveMemcachedImage(engine.client)).name;

    const network = await createRunNetwork(dockerode, labels);
    try {
      const fixed = await new FixedAddressContainer(image).withLabels(labels).withFixedAddress(network.name, network.frontAddress).start();
      const assigned = await new FixedAddressContainer(image).withLabels(labels).withNetworkMode(network.name).start();
      try {
        expect(fixed.getIpAddress(network.name)).toBe(network.frontAddress);
        const lastOctet = Number(assigned.getIpAddress(network.name).split(".")[3]);
        expect(assigned.getIpAddress(network.name).startsWith(`${network.plan.subnet.slice(0, -"0/24".length)}`)).toBe(true);
        expect(lastOctet).toBeGreaterThanOrEqual(128);
      } finally {
        await Promise.all([fixed.stop({ remove: true }), assigned.stop({ remove: true })]);
      }
    } finally {
      await network.remove();
    }
  });
});

describe("openRunNetwork", () => {
  const imagePresent: LocateChecks = { ...DEFAULT_CHECKS, imageStatus: async () => "present" };

  test("creates nothing without MCROUTER_IMAGE", async () => {
    const dockerode = await engineDockerode();
    // Only this process's networks: test files in other workers create networks meanwhile.
    const ownNetworks = async () => dockerode.listNetworks({ filters: { label: [`${LABEL_RUN_ID}=${getRunIdentity().runId}`] } });
    expect(await ownNetworks()).toEqual([]);

    expect(await openRunNetwork({}, imagePresent)).toBeUndefined();
    expect(await openRunNetwork({ MCROUTER_IMAGE: "mcrouter-mtls-conformance/absent:none" })).toBeUndefined();

    expect(await ownNetworks()).toEqual([]);
  });

  test("opens and closes for an image", async () => {
    const opened = await openRunNetwork({ MCROUTER_IMAGE: "mcrouter:present-per-checks" }, imagePresent);
    if (opened === undefined) throw new Error("openRunNetwork returned no network for an image");

    try {
      expect(await networkExists(opened.network.name)).toBe(true);
      expect(runNetworkFromEnvironment(opened.environment)).toEqual({
        name: opened.network.name,
        gateway: opened.network.gateway,
        frontAddress: opened.network.frontAddress,
      });
    } finally {
      await opened.close();
    }
    expect(await networkExists(opened.network.name)).toBe(false);
  });
});
