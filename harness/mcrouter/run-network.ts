// One bridge network for every mcrouter container of a run, created before the kit is
// generated. Its subnet is chosen by the harness, so the gateway (the address mcrouter sees
// for clients on this machine) and the fixed container addresses are known in advance and
// can go into the client certificates' iPAddress SANs.
//
// Layout of the /24: .1 is the gateway, the low half holds fixed addresses, and the engine
// assigns addresses to other containers from the high half only (the network's IPRange), so
// a dynamically placed container never takes a fixed address.

import { networkInterfaces } from "node:os";
import { randomInt, randomUUID } from "node:crypto";
import { isIPv4 } from "node:net";

import type Dockerode from "dockerode";

/** Environment variable: name of the run's network. Unset when each topology creates its own. */
export const RUN_NETWORK_NAME_VARIABLE = "MTLS_MCROUTER_NETWORK";
/** Environment variable: IPv4 gateway of the run's network. */
export const RUN_NETWORK_GATEWAY_VARIABLE = "MTLS_MCROUTER_NETWORK_GATEWAY";
/** Environment variable: fixed address of the front mcrouter in mcrouter→mcrouter topologies. */
export const RUN_NETWORK_FRONT_ADDRESS_VARIABLE = "MTLS_MCROUTER_FRONT_ADDRESS";

/** How many subnets createRunNetwork tries before it gives up. */
export const MAX_SUBNET_ATTEMPTS = 8;

/** The addresses of a run network, all known before the network exists. */
export interface RunNetworkPlan {
  /** An IPv4 /24 in CIDR notation, for example `10.213.7.0/24`. */
  subnet: string;
  gateway: string;
  /** The high half of the subnet, from which the engine assigns addresses. */
  ipRange: string;
  /** Fixed address of the front mcrouter of mcrouter→mcrouter topologies: the calling container's address. */
  frontAddress: string;
}

/** Name and addresses of the run's network, as the suites receive them. */
export interface RunNetworkReference {
  name: string;
  gateway: string;
  frontAddress: string;
}

export interface RunNetwork extends RunNetworkReference {
  readonly plan: RunNetworkPlan;
  /** Addresses that the valid client leaves must carry as iPAddress SANs: the gateway and the fixed addresses. */
  readonly kitAddresses: readonly string[];
  remove(): Promise<void>;
}

/** Lay out the addresses of the /24 whose first three octets are `prefix`, for example `10.213.7`. */
export function planRunNetwork(prefix: string): RunNetworkPlan {
  if (!isIPv4(`${prefix}.0`)) {
    throw new RangeError(`subnet prefix "${prefix}" is not three IPv4 octets, for example 10.213.7`);
  }
  return {
    subnet: `${prefix}.0/24`,
    gateway: `${prefix}.1`,
    ipRange: `${prefix}.128/25`,
    frontAddress: `${prefix}.10`,
  };
}

/** Index of the 10.x.y.0/24 blocks, which are the only candidates: 10.0.0.0/8 holds the blocks 10 << 16 to (11 << 16) - 1. */
const FIRST_TEN_BLOCK = 10 << 16;
const LAST_TEN_BLOCK = (11 << 16) - 1;

/** Return the 10.x.y prefixes of the /24s that an IPv4 CIDR overlaps; none for IPv6 or a malformed value. */
function overlappedPrefixes(cidr: string): string[] {
  const [address, lengthText] = cidr.split("/");
  const length = Number(lengthText ?? "32");
  if (address === undefined || !isIPv4(address) || !Number.isInteger(length) || length < 0 || length > 32) {
    return [];
  }

  const [a = 0, b = 0, c = 0] = address.split(".").map(Number);
  const block = a * 65_536 + b * 256 + c;
  const blocksCovered = length >= 24 ? 1 : 2 ** (24 - length);
  const firstBlock = block - (block % blocksCovered);
  const from = Math.max(firstBlock, FIRST_TEN_BLOCK);
  const to = Math.min(firstBlock + blocksCovered - 1, LAST_TEN_BLOCK);

  const prefixes: string[] = [];
  for (let index = from; index <= to; index += 1) {
    prefixes.push(`10.${(index >> 8) & 0xff}.${index & 0xff}`);
  }
  return prefixes;
}

/**
 * Choose a 10.x.y.0/24 prefix that overlaps none of `usedCidrs` (the engine's networks and
 * this machine's interfaces) nor any of `rejected` (prefixes the engine already rejected).
 * 10.0.0.0/16 is left out because hosts and VPNs use it most. `random(max)` returns an
 * integer in [0, max); tests pass a fixed sequence. Throws after 1000 draws without a free prefix.
 */
export function chooseSubnetPrefix(usedCidrs: readonly string[], rejected: ReadonlySet<string>, random: (max: number) => number = randomInt): string {
  const used = new Set<string>();
  for (const cidr of usedCidrs) {
    for (const prefix of overlappedPrefixes(cidr)) used.add(prefix);
  }

  for (let draw = 0; draw < 1000; draw += 1) {
    const prefix = `10.${1 + random(255)}.${random(256)}`;
    if (!used.has(prefix) && !rejected.has(prefix)) return prefix;
  }
  throw new Error(`no free 10.x.y.0/24 found among 1000 random draws; ${used.size} prefixes are used by Docker networks or this machine's interfaces: remove unused Docker networks`);
}

/** IPv4 subnets of the engine's networks and of this machine's interfaces. */
async function usedSubnets(dockerode: Dockerode): Promise<string[]> {
  const subnets: string[] = [];
  for (const network of await dockerode.listNetworks()) {
    for (const config of network.IPAM?.Config ?? []) {
      if (config.Subnet !== undefined) subnets.push(config.Subnet);
    }
  }
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (address.family === "IPv4" && address.cidr !== null) subnets.push(address.cidr);
    }
  }
  return subnets;
}

/**
 * Return whether the engine rejected the subnet because another network has it. Docker 20.10 replies
 * "Pool overlaps with other one on this address space", or, for a request with an IPRange,
 * "failed to allocate gateway (…): Address already in use".
 */
function isSubnetTaken(error: unknown): boolean {
  return error instanceof Error && (/Pool overlaps/i.test(error.message) || /failed to allocate gateway .*Address already in use/i.test(error.message));
}

/**
 * Create the run's bridge network with `labels`, on a subnet chosen by chooseSubnetPrefix.
 * When the engine replies that another network has the subnet (one created meanwhile),
 * tries another subnet, up to MAX_SUBNET_ATTEMPTS times. Throws on other engine errors, and
 * when the engine reports a gateway other than the planned one.
 */
export async function createRunNetwork(
  dockerode: Dockerode,
  labels: Record<string, string>,
  random: (max: number) => number = randomInt,
): Promise<RunNetwork> {
  const name = `mcrouter-mtls-run-${randomUUID().slice(0, 12)}`;
  const rejected = new Set<string>();

  for (let attempt = 1; attempt <= MAX_SUBNET_ATTEMPTS; attempt += 1) {
    const plan = planRunNetwork(chooseSubnetPrefix(await usedSubnets(dockerode), rejected, random));
    let network: Dockerode.Network;
    try {
      network = await dockerode.createNetwork({
        Name: name,
        Driver: "bridge",
        Labels: labels,
        CheckDuplicate: true,
        IPAM: { Driver: "default", Config: [{ Subnet: plan.subnet, IPRange: plan.ipRange, Gateway: plan.gateway }] },
      });
    } catch (error) {
      if (!isSubnetTaken(error)) throw error;
      rejected.add(plan.subnet.slice(0, -".0/24".length));
      continue;
    }

    const remove = async (): Promise<void> => {
      await network.remove().catch((error: unknown) => {
        if ((error as { statusCode?: number }).statusCode !== 404) throw error;
      });
    };

    const info = (await network.inspect()) as { IPAM?: { Config?: { Gateway?: string }[] } };
    const gateway = info.IPAM?.Config?.[0]?.Gateway;
    if (gateway !== plan.gateway) {
      await remove();
      throw new Error(`network ${name} reports the gateway ${gateway ?? "none"} but ${plan.gateway} was requested`);
    }

    return { name, gateway, frontAddress: plan.frontAddress, plan, kitAddresses: [plan.gateway, plan.frontAddress], remove };
  }

  throw new Error(`network ${name} was not created: the engine reported ${MAX_SUBNET_ATTEMPTS} subnets as taken (${[...rejected].map((prefix) => `${prefix}.0/24`).join(", ")})`);
}

/** Return the environment variables that pass `network` to the suites. */
export function runNetworkEnvironment(network: RunNetworkReference): Record<string, string> {
  return {
    [RUN_NETWORK_NAME_VARIABLE]: network.name,
    [RUN_NETWORK_GATEWAY_VARIABLE]: network.gateway,
    [RUN_NETWORK_FRONT_ADDRESS_VARIABLE]: network.frontAddress,
  };
}

/**
 * Read the run's network from the environment. Returns undefined when the name is unset or
 * empty. Throws when the name is set but an address is missing or not IPv4.
 */
export function runNetworkFromEnvironment(env: NodeJS.ProcessEnv = process.env): RunNetworkReference | undefined {
  const name = env[RUN_NETWORK_NAME_VARIABLE] ?? "";
  if (name === "") return undefined;

  const gateway = env[RUN_NETWORK_GATEWAY_VARIABLE] ?? "";
  const frontAddress = env[RUN_NETWORK_FRONT_ADDRESS_VARIABLE] ?? "";
  for (const [variable, value] of [
    [RUN_NETWORK_GATEWAY_VARIABLE, gateway],
    [RUN_NETWORK_FRONT_ADDRESS_VARIABLE, frontAddress],
  ] as const) {
    if (!isIPv4(value)) {
      throw new Error(`${RUN_NETWORK_NAME_VARIABLE}=${name} is set but ${variable}="${value}" is not an IPv4 address: set both from the network's plan, or unset ${RUN_NETWORK_NAME_VARIABLE}`);
    }
  }
  return { name, gateway, frontAddress };
}
