// Builders for topologies, in the style of Testcontainers' modules:
//
//   const router = mcrouter("front")
//     .withPort(5000)
//     .withSslPort(11433)
//     .withServerCertificate(serverLeaf, root)
//     .withRequirePeerCerts()
//     .withPool("A", [{ node: "memcached", mech: "ssl" }])
//     .build();
//
// `build()` checks names, ports and references and throws an error naming the value.
// Flag combinations that make mcrouter exit are checked later by `checkMcrouter`,
// because some cases start mcrouter with them on purpose.

import { formatAccessPoint, validatePort, validateSecurityMech } from "./access-point.ts";
import type { PemCredential } from "./kit-credentials.ts";
import { FAST_TIMING, validateTiming, type McrouterTiming } from "./timing.ts";
import {
  destinationsOf,
  findNode,
  startOrder,
  type McrouterNode,
  type MemcachedNode,
  type MemcachedVerifyMode,
  type PemPaths,
  type PoolServer,
  type PoolSpec,
  type Topology,
  type TopologyEntry,
  type TopologyKind,
  type TopologyNode,
} from "./topology.ts";

const NODE_NAME = /^[a-z][a-z0-9-]*$/;

function validateNodeName(name: string): void {
  if (!NODE_NAME.test(name)) {
    throw new RangeError(`node name "${name}" is invalid: use lower-case letters, digits and "-", starting with a letter`);
  }
}

function validatePoolServer(server: PoolServer, poolName: string): void {
  if ("accessPoint" in server) {
    formatAccessPoint(server.accessPoint);
    return;
  }

  validateNodeName(server.node);
  if (server.mech !== undefined) {
    validateSecurityMech(server.mech, `security_mech of server "${server.node}" in pool ${poolName}`);
  }
}

export class McrouterBuilder {
  #node: McrouterNode;

  constructor(name: string) {
    validateNodeName(name);
    this.#node = {
      role: "mcrouter",
      name,
      ports: [],
      listenAddresses: [],
      sslPorts: [],
      serverPem: {},
      requirePeerCerts: false,
      clientPem: {},
      verifyPeers: false,
      pools: [],
      route: "",
      timing: { ...FAST_TIMING },
    };
  }

  /** Add a plaintext listener (`-p`). */
  withPort(port: number): this {
    validatePort(port, "-p");
    this.#node.ports.push(port);
    return this;
  }

  /** Bind the `-p` listeners to these addresses only (`--listen-addresses`). */
  withListenAddresses(...addresses: string[]): this {
    this.#node.listenAddresses.push(...addresses);
    return this;
  }

  /** Add a TLS listener (`--ssl-port`). */
  withSslPort(port: number): this {
    validatePort(port, "--ssl-port");
    this.#node.sslPorts.push(port);
    return this;
  }

  /** Set the listener's certificate and the CA that client certificates must chain to (`--server-pem-*`). */
  withServerCertificate(credential: PemCredential, caPath: string): this {
    this.#node.serverPem = { variant: credential.variant, certPath: credential.certPath, keyPath: credential.keyPath, caPath };
    return this;
  }

  /** Set `--server-pem-*` paths one by one, including incomplete sets that make mcrouter exit. */
  withServerPem(paths: PemPaths): this {
    this.#node.serverPem = { ...paths };
    return this;
  }

  /** Turn `--ssl-require-peer-certs` on or off. */
  withRequirePeerCerts(required = true): this {
    this.#node.requirePeerCerts = required;
    return this;
  }

  /** Present this certificate toward every TLS destination (`--pem-cert-path`, `--pem-key-path`). */
  withClientCertificate(credential: PemCredential): this {
    this.#node.clientPem = { ...this.#node.clientPem, variant: credential.variant, certPath: credential.certPath, keyPath: credential.keyPath };
    return this;
  }

  /** Set `--pem-*` paths one by one. The 2014 guide used these for the listener too. */
  withClientPem(paths: PemPaths): this {
    this.#node.clientPem = { ...paths };
    return this;
  }

  /** Verify destination certificates against `caPath` (`--ssl-verify-peers`, `--pem-ca-path`). */
  withVerifyPeers(caPath: string): this {
    this.#node.verifyPeers = true;
    this.#node.clientPem = { ...this.#node.clientPem, caPath };
    return this;
  }

  /** Add a pool. The first pool becomes the route `PoolRoute|<name>` unless `withRoute` sets one. */
  withPool(name: string, servers: PoolServer[], options: Omit<PoolSpec, "name" | "servers"> = {}): this {
    if (!/^[A-Za-z0-9_.-]+$/.test(name)) {
      throw new RangeError(`pool name "${name}" is invalid: use letters, digits, ".", "_" and "-"`);
    }
    if (this.#node.pools.some((pool) => pool.name === name)) {
      throw new RangeError(`pool "${name}" is defined twice on mcrouter ${this.#node.name}`);
    }
    if (servers.length === 0) {
      throw new RangeError(`pool "${name}" has no servers: give at least one destination`);
    }
    if (options.securityMech !== undefined) {
      validateSecurityMech(options.securityMech, `security_mech of pool ${name}`);
    }
    for (const timeout of [options.serverTimeoutMs, options.connectTimeoutMs]) {
      if (timeout !== undefined && (!Number.isInteger(timeout) || timeout <= 0)) {
        throw new RangeError(`timeout ${timeout} of pool ${name} is invalid: use an integer of ms greater than 0`);
      }
    }
    for (const server of servers) {
      validatePoolServer(server, name);
    }

    this.#node.pools.push({ name, servers: [...servers], ...options });
    return this;
  }

  withRoute(route: string): this {
    this.#node.route = route;
    return this;
  }

  withTiming(timing: Partial<McrouterTiming>): this {
    this.#node.timing = { ...this.#node.timing, ...timing };
    validateTiming(this.#node.timing);
    return this;
  }

  /** Mark the configuration as one that mcrouter is expected to reject at start-up. */
  expectingStartFailure(reason: string): this {
    this.#node.expectStartFailure = { reason };
    return this;
  }

  build(): McrouterNode {
    const node = structuredClone(this.#node);
    if (node.route === "") {
      const firstPool = node.pools[0];
      if (firstPool === undefined) {
        throw new Error(`mcrouter ${node.name} has no pool and no route: call withPool or withRoute`);
      }
      node.route = `PoolRoute|${firstPool.name}`;
    }
    return node;
  }
}

export class MemcachedBuilder {
  #node: MemcachedNode;

  constructor(name: string) {
    validateNodeName(name);
    this.#node = { role: "memcached", name, port: 11211, serverPem: {}, verifyMode: 0 };
  }

  /** Set the TLS listener's port inside the node's network namespace. */
  withPort(port: number): this {
    validatePort(port, "memcached -p");
    this.#node.port = port;
    return this;
  }

  withServerCertificate(credential: PemCredential): this {
    this.#node.serverPem = { variant: credential.variant, certPath: credential.certPath, keyPath: credential.keyPath };
    return this;
  }

  /** `-o ssl_verify_mode` and, for modes 1-3, the CA file that client certificates must chain to. */
  withVerifyMode(mode: MemcachedVerifyMode, caPath?: string): this {
    if (![0, 1, 2, 3].includes(mode)) {
      throw new RangeError(`ssl_verify_mode ${String(mode)} is invalid: use 0, 1, 2 or 3`);
    }
    this.#node.verifyMode = mode;
    if (caPath !== undefined) {
      this.#node.caPath = caPath;
    }
    return this;
  }

  build(): MemcachedNode {
    if (this.#node.serverPem.certPath === undefined || this.#node.serverPem.keyPath === undefined) {
      throw new Error(`memcached ${this.#node.name} has no server certificate: call withServerCertificate`);
    }
    return structuredClone(this.#node);
  }
}

export class TopologyBuilder {
  #id: string;
  #kind: TopologyKind;
  #description = "";
  #nodes: TopologyNode[] = [];
  #entry: TopologyEntry | undefined;

  constructor(id: string, kind: TopologyKind) {
    if (!/^[a-z0-9][a-z0-9._/-]*$/.test(id)) {
      throw new RangeError(`topology id "${id}" is invalid: use lower-case letters, digits, ".", "_", "/" and "-"`);
    }
    this.#id = id;
    this.#kind = kind;
  }

  withDescription(description: string): this {
    this.#description = description;
    return this;
  }

  withNode(node: TopologyNode | McrouterBuilder | MemcachedBuilder): this {
    const built = node instanceof McrouterBuilder || node instanceof MemcachedBuilder ? node.build() : node;
    if (this.#nodes.some((existing) => existing.name === built.name)) {
      throw new RangeError(`node "${built.name}" is added twice to topology ${this.#id}`);
    }
    this.#nodes.push(built);
    return this;
  }

  /** Set the node and listener that the prober connects to. */
  withEntry(node: string, listener: TopologyEntry["listener"]): this {
    this.#entry = { node, listener };
    return this;
  }

  build(): Topology {
    if (this.#description === "") {
      throw new Error(`topology ${this.#id} has no description: call withDescription`);
    }
    if (this.#entry === undefined) {
      throw new Error(`topology ${this.#id} has no entry: call withEntry with the node the prober connects to`);
    }

    const topology: Topology = {
      id: this.#id,
      kind: this.#kind,
      description: this.#description,
      nodes: structuredClone(this.#nodes),
      entry: { ...this.#entry },
    };

    validateEntry(topology);
    for (const node of topology.nodes) {
      validateDestinations(topology, node);
    }
    startOrder(topology);
    return topology;
  }
}

function validateEntry(topology: Topology): void {
  const entryNode = findNode(topology, topology.entry.node);
  if (entryNode.role === "memcached") {
    return;
  }

  const listeners = topology.entry.listener === "ssl" ? entryNode.sslPorts : entryNode.ports;
  if (listeners.length === 0) {
    const flag = topology.entry.listener === "ssl" ? "--ssl-port" : "-p";
    throw new Error(`topology ${topology.id} enters mcrouter ${entryNode.name} on its ${topology.entry.listener} listener, but it has no ${flag}`);
  }
}

function validateDestinations(topology: Topology, node: TopologyNode): void {
  if (node.role === "memcached") {
    return;
  }

  for (const name of destinationsOf(node)) {
    const target = findNode(topology, name);
    if (target.name === node.name) {
      throw new Error(`mcrouter ${node.name} routes to itself`);
    }
  }

  for (const pool of node.pools) {
    for (const server of pool.servers) {
      if (!("node" in server)) {
        continue;
      }
      const target = findNode(topology, server.node);
      if (target.role !== "mcrouter") {
        continue;
      }
      const listener = server.listener ?? "ssl";
      const ports = listener === "ssl" ? target.sslPorts : target.ports;
      if (ports.length === 0) {
        throw new Error(`pool ${pool.name} of ${node.name} routes to the ${listener} listener of ${target.name}, which has none`);
      }
    }
  }
}

export function mcrouter(name = "mcrouter"): McrouterBuilder {
  return new McrouterBuilder(name);
}

export function memcached(name = "memcached"): MemcachedBuilder {
  return new MemcachedBuilder(name);
}

export function topology(id: string, kind: TopologyKind): TopologyBuilder {
  return new TopologyBuilder(id, kind);
}
