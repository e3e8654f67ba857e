// The JSON configuration mcrouter loads through `--config`: named pools of destination
// strings plus one route, for example
//   {"pools": {"A": {"servers": ["127.0.0.1:11211:ascii:ssl"]}}, "route": "PoolRoute|A"}
// Pool keys are those read in `mcrouter/routes/McRouteHandleProvider.cpp:56-222`.

import { formatAccessPoint, type AccessPoint, type SecurityMech } from "./access-point.ts";
import type { McrouterNode, PoolServer } from "./topology.ts";

export interface RouteConfigPool {
  servers: string[];
  security_mech?: SecurityMech;
  server_timeout?: number;
  connect_timeout?: number;
}

export interface RouteConfig {
  pools: Record<string, RouteConfigPool>;
  route: string;
}

/** Where a node of the topology listens, as the routing mcrouter reaches it. */
export interface NodeAddress {
  host: string;
  port: number;
}

/**
 * Resolve a topology node's listener to the address other nodes use. The harness fills
 * it in once the node runs: a loopback port for a local process, or the container's
 * address on the shared network.
 */
export type AddressResolver = (node: string, listener: "ssl" | "plain") => NodeAddress;

function toAccessPoint(server: PoolServer, resolve: AddressResolver): AccessPoint {
  if ("accessPoint" in server) {
    return server.accessPoint;
  }

  const address = resolve(server.node, server.listener ?? "ssl");
  const accessPoint: AccessPoint = { host: address.host, port: address.port };
  if (server.protocol !== undefined || server.mech !== undefined || server.compression !== undefined) {
    accessPoint.protocol = server.protocol ?? "ascii";
  }
  if (server.mech !== undefined || server.compression !== undefined) {
    accessPoint.mech = server.mech ?? "plain";
  }
  if (server.compression !== undefined) {
    accessPoint.compression = server.compression;
  }
  return accessPoint;
}

/**
 * Build the route configuration of one mcrouter. Node destinations get their addresses
 * from `resolve`; a destination that names a mech but no protocol gets `ascii`, because
 * the server string is positional. Throws a RangeError naming an invalid destination.
 */
export function toRouteConfig(node: McrouterNode, resolve: AddressResolver): RouteConfig {
  const pools: Record<string, RouteConfigPool> = {};

  for (const pool of node.pools) {
    const entry: RouteConfigPool = {
      servers: pool.servers.map((server) => formatAccessPoint(toAccessPoint(server, resolve))),
    };
    if (pool.securityMech !== undefined) entry.security_mech = pool.securityMech;
    if (pool.serverTimeoutMs !== undefined) entry.server_timeout = pool.serverTimeoutMs;
    if (pool.connectTimeoutMs !== undefined) entry.connect_timeout = pool.connectTimeoutMs;
    pools[pool.name] = entry;
  }

  return { pools, route: node.route };
}
