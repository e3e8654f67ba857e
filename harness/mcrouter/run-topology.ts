// Starts every node of a topology in dependency order and stops them all again. memcached
// nodes start through the project's memcached back end, mcrouter nodes through
// startMcrouter. The entry address is where the prober connects.
//
// With MCROUTER_IMAGE the containers join the run's network when one is given (see
// run-network.ts), and otherwise a network this topology creates and removes again.
// memcached joins that network too, so the mcrouter container reaches it by its network
// address.

import { join } from "node:path";

import type { Backend, StartedServer } from "../backends/backend.ts";
import { leaseRunCleanup } from "../cleanup/run-cleanup.ts";
import { newScopeId, runLabels } from "../cleanup/run-identity.ts";
import { connectDockerEngine } from "../engine/docker-engine.ts";
import { createContainerNetwork, type ContainerNetwork, type NetworkGateway } from "./container-network.ts";
import type { McrouterLocation } from "./locate.ts";
import type { AddressResolver, NodeAddress } from "./route-config.ts";
import { startMcrouter, type StartedMcrouter } from "./start-mcrouter.ts";
import { findNode, startOrder, type MemcachedNode, type Topology } from "./topology.ts";

export interface TopologyRunOptions {
  location: Exclude<McrouterLocation, { kind: "absent" }>;
  /** The certs-gen kit directory on this machine. */
  kitDir: string;
  /** Starts memcached nodes; needed only for topologies that contain memcached. */
  memcachedBackend?: Backend;
  /**
   * For images: an existing network to start the containers on, such as the run's network,
   * which stop() leaves in place. Without it the topology creates a network of its own.
   */
  network?: NetworkGateway;
  /**
   * For images on `network`: fixed addresses of mcrouter nodes, by node name, for client
   * certificates that must name the address. `network` must have been created with a subnet.
   */
  fixedAddresses?: Readonly<Record<string, string>>;
}

export interface RunningTopology {
  topology: Topology;
  mcrouters: ReadonlyMap<string, StartedMcrouter>;
  memcacheds: ReadonlyMap<string, StartedServer>;
  /** Address the prober connects to, on this machine. */
  entry: NodeAddress;
  /** The network of the containers, when mcrouter runs from an image. Its gateway is the client address mcrouter sees. */
  network: NetworkGateway | undefined;
  stop(): Promise<void>;
}

/** A topology this run cannot start, with the reason; suites report such cases as not run. */
export class TopologyNotRunnableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TopologyNotRunnableError";
  }
}

function memcachedSettings(node: MemcachedNode, kitDir: string) {
  const { certPath, keyPath } = node.serverPem;
  if (certPath === undefined || keyPath === undefined) {
    throw new Error(`memcached ${node.name} has no server certificate`);
  }

  return {
    chainFile: join(kitDir, certPath),
    keyFile: join(kitDir, keyPath),
    ...(node.caPath === undefined ? {} : { caFile: join(kitDir, node.caPath) }),
    verifyMode: node.verifyMode,
  };
}

/**
 * Start the topology's nodes so that each starts after the nodes it routes to. On any
 * failure, stops what already started and rethrows; a ServerStartError from the entry
 * mcrouter is what a case marked `expectStartFailure` looks for.
 */
export async function startTopology(topology: Topology, options: TopologyRunOptions): Promise<RunningTopology> {
  const hasMemcached = topology.nodes.some((node) => node.role === "memcached");
  if (hasMemcached && options.location.kind === "image" && options.memcachedBackend?.kind === "local") {
    throw new TopologyNotRunnableError(
      `topology ${topology.id} runs mcrouter from an image, which cannot reach a local memcached process; use the containers backend (MTLS_BACKEND=containers) or MCROUTER_BIN`,
    );
  }
  if (hasMemcached && options.memcachedBackend === undefined) {
    throw new TopologyNotRunnableError(`topology ${topology.id} contains memcached but no memcached back end was given`);
  }

  const fixedAddresses = options.location.kind === "image" ? checkFixedAddresses(topology, options) : {};

  const mcrouters = new Map<string, StartedMcrouter>();
  const memcacheds = new Map<string, StartedServer>();
  const labels = runLabels(newScopeId("mcrouter-topology"));
  let network: NetworkGateway | undefined;
  let ownNetwork: ContainerNetwork | undefined;
  let releaseCleanup: () => void = () => undefined;
  if (options.location.kind === "image") {
    const dockerode = (await connectDockerEngine()).client.container.dockerode;
    releaseCleanup = leaseRunCleanup(dockerode);
    if (options.network === undefined) {
      ownNetwork = await createContainerNetwork(dockerode, labels);
    }
    network = options.network ?? ownNetwork;
  }

  const stop = async (): Promise<void> => {
    const stopping = [...mcrouters.values()].reverse().map((started) => started.stop().catch(() => undefined));
    await Promise.all(stopping);
    await Promise.all([...memcacheds.values()].map((started) => started.stop().catch(() => undefined)));
    await ownNetwork?.remove().catch(() => undefined);
    releaseCleanup();
  };

  const resolve: AddressResolver = (name, listener) => {
    const node = findNode(topology, name);
    if (node.role === "memcached") {
      const started = memcacheds.get(name);
      if (started === undefined) throw new Error(`memcached ${name} is not running yet`);
      // An mcrouter container reaches memcached on the shared network, not through the host's published port.
      const endpoint = started.networkEndpoint;
      return endpoint === undefined ? { host: started.host, port: started.port } : { host: endpoint.host, port: endpoint.port };
    }

    const started = mcrouters.get(name);
    const port = listener === "ssl" ? node.sslPorts[0] : node.ports[0];
    if (started === undefined || port === undefined) throw new Error(`mcrouter ${name} is not running yet or has no ${listener} listener`);
    // Containers reach each other by network address and in-container port; local processes share loopback.
    return started.networkAddress === undefined ? { host: "127.0.0.1", port } : { host: started.networkAddress, port };
  };

  try {
    for (const node of startOrder(topology)) {
      if (node.role === "memcached") {
        const backend = options.memcachedBackend;
        if (backend === undefined) throw new Error("unreachable: memcached back end checked above");
        const placement = network === undefined ? undefined : { networkName: network.name };
        memcacheds.set(node.name, await backend.startMemcached(memcachedSettings(node, options.kitDir), placement));
        continue;
      }

      const startOptions = {
        node,
        location: options.location,
        kitDir: options.kitDir,
        resolve,
        ...(network === undefined ? {} : { networkName: network.name }),
        ...(fixedAddresses[node.name] === undefined ? {} : { ipv4Address: fixedAddresses[node.name] }),
        labels,
      };
      mcrouters.set(node.name, await startMcrouter(startOptions));
    }
  } catch (error) {
    await stop();
    throw error;
  }

  return { topology, mcrouters, memcacheds, entry: entryAddress(topology, mcrouters), network, stop };
}

/** Return `options.fixedAddresses` after checking that each names an mcrouter node and that a given network carries them. */
function checkFixedAddresses(topology: Topology, options: TopologyRunOptions): Readonly<Record<string, string>> {
  const fixed = options.fixedAddresses ?? {};
  const names = Object.keys(fixed);
  if (names.length > 0 && options.network === undefined) {
    throw new Error(
      `topology ${topology.id}: fixed addresses for ${names.join(", ")} need the network option, because the engine assigns fixed addresses only on a network created with a subnet`,
    );
  }
  for (const name of names) {
    if (findNode(topology, name).role !== "mcrouter") {
      throw new Error(`topology ${topology.id}: fixed address for ${name}, which is not an mcrouter node`);
    }
  }
  return fixed;
}

function entryAddress(topology: Topology, mcrouters: ReadonlyMap<string, StartedMcrouter>): NodeAddress {
  const started = mcrouters.get(topology.entry.node);
  const port = topology.entry.listener === "ssl" ? started?.sslPort : started?.plainPort;
  if (started === undefined || port === undefined) {
    throw new Error(`topology ${topology.id} has no running ${topology.entry.listener} listener on ${topology.entry.node}`);
  }
  return { host: started.host, port };
}
