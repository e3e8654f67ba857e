// Typed description of what a case starts: one or two mcrouters, the memcached servers
// behind them, and where the prober connects. The route configuration and mcrouter's
// argv are generated from it (`route-config.ts`, `command-line.ts`), so a report can
// show exactly what ran.

import type { AccessPoint, Compression, Protocol, SecurityMech } from "./access-point.ts";
import type { McrouterTiming } from "./timing.ts";

/** The links a topology exercises. `guide-2014` is the set-up of the 2014 mcrouter SSL guide. */
export type TopologyKind = "client-mcrouter" | "mcrouter-memcached" | "mcrouter-mcrouter" | "guide-2014";

/** memcached's `-o ssl_verify_mode`: 0 no CertificateRequest, 1 optional, 2 required, 3 required once. */
export type MemcachedVerifyMode = 0 | 1 | 2 | 3;

/**
 * Kit-relative paths of one side's PEM files. Any of them may be absent, because the
 * suites also start mcrouter with incomplete flags on purpose.
 */
export interface PemPaths {
  /** The kit variant of the certificate, for reports. */
  variant?: string;
  certPath?: string;
  keyPath?: string;
  caPath?: string;
}

/** A destination that is another node of the same topology, resolved to an address at start. */
export interface NodeDestination {
  node: string;
  /** Which listener of an mcrouter node to route to; memcached nodes have one. */
  listener?: "ssl" | "plain";
  protocol?: Protocol;
  mech?: SecurityMech;
  compression?: Compression;
}

export type PoolServer = { accessPoint: AccessPoint } | NodeDestination;

/** One entry of the configuration's `pools` object. */
export interface PoolSpec {
  name: string;
  servers: PoolServer[];
  /** `security_mech`: the mech of servers whose string names none. Absent means `plain`. */
  securityMech?: SecurityMech;
  /** `server_timeout` in ms; mcrouter's `--server-timeout` applies when absent. */
  serverTimeoutMs?: number;
  /** `connect_timeout` in ms, covering TCP connect and TLS handshake; defaults to the server timeout. */
  connectTimeoutMs?: number;
}

export interface McrouterNode {
  role: "mcrouter";
  name: string;
  /** `-p`/`--port`: plaintext listeners. The harness uses one for readiness checks and `stats`. */
  ports: number[];
  /** `--listen-addresses`: applies to the `-p` ports only; TLS ports always bind every interface. */
  listenAddresses: string[];
  /** `--ssl-port`: TLS listeners. */
  sslPorts: number[];
  /** `--server-pem-cert-path`, `--server-pem-key-path`, `--server-pem-ca-path`. */
  serverPem: PemPaths;
  /** `--ssl-require-peer-certs`. */
  requirePeerCerts: boolean;
  /** `--pem-cert-path`, `--pem-key-path`, `--pem-ca-path`: mcrouter's client side toward TLS destinations. */
  clientPem: PemPaths;
  /** `--ssl-verify-peers`. */
  verifyPeers: boolean;
  pools: PoolSpec[];
  /** The configuration's `route`, for example `PoolRoute|A`. */
  route: string;
  timing: McrouterTiming;
  /** Set when the case checks that mcrouter exits at start-up with this configuration. */
  expectStartFailure?: { reason: string };
}

export interface MemcachedNode {
  role: "memcached";
  name: string;
  /** The TLS listener (`-Z`). */
  port: number;
  /** `-o ssl_chain_cert` and `-o ssl_key`. */
  serverPem: PemPaths;
  /** `-o ssl_ca_cert`. */
  caPath?: string;
  verifyMode: MemcachedVerifyMode;
}

export type TopologyNode = McrouterNode | MemcachedNode;

/** Where the prober connects: a node and one of its listeners. */
export interface TopologyEntry {
  node: string;
  listener: "ssl" | "plain";
}

export interface Topology {
  /** Stable id, the prefix of the case ids that run on it. */
  id: string;
  kind: TopologyKind;
  /** One sentence for reports: what runs and which link is under test. */
  description: string;
  nodes: readonly TopologyNode[];
  entry: TopologyEntry;
}

/** Find a node by name, or throw naming the known nodes. */
export function findNode(topology: Topology, name: string): TopologyNode {
  const node = topology.nodes.find((candidate) => candidate.name === name);
  if (node === undefined) {
    const known = topology.nodes.map((candidate) => candidate.name).join(", ");
    throw new Error(`topology ${topology.id} has no node "${name}"; its nodes are ${known}`);
  }
  return node;
}

/** Find an mcrouter node by name, or throw naming the node when it is missing or memcached. */
export function findMcrouter(topology: Topology, name: string): McrouterNode {
  const node = findNode(topology, name);
  if (node.role !== "mcrouter") {
    throw new Error(`node "${name}" of topology ${topology.id} is memcached, not mcrouter`);
  }
  return node;
}

/** The names of the nodes that `node` routes to. */
export function destinationsOf(node: TopologyNode): string[] {
  if (node.role === "memcached") {
    return [];
  }

  const names = node.pools.flatMap((pool) => pool.servers.flatMap((server) => ("node" in server ? [server.node] : [])));
  return [...new Set(names)];
}

/**
 * Order the nodes so that each starts after every node it routes to, because its
 * route configuration needs their addresses. Throws on a routing cycle.
 */
export function startOrder(topology: Topology): TopologyNode[] {
  const ordered: TopologyNode[] = [];
  const visiting = new Set<string>();

  const visit = (node: TopologyNode): void => {
    if (ordered.includes(node)) {
      return;
    }
    if (visiting.has(node.name)) {
      throw new Error(`topology ${topology.id} routes in a cycle through "${node.name}": mcrouters cannot start in any order`);
    }

    visiting.add(node.name);
    for (const name of destinationsOf(node)) {
      visit(findNode(topology, name));
    }
    visiting.delete(node.name);
    ordered.push(node);
  };

  for (const node of topology.nodes) {
    visit(node);
  }
  return ordered;
}
