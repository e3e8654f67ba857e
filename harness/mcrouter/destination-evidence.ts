// mcrouter's own report on its destinations after a probe: its TLS and connect-result
// counters (`stats all`) and each destination's state (`stats servers`). No counter exists
// for failed handshakes, so connect errors, TKO state and num_ssl_servers_down are the
// evidence mcrouter gives.

import { AsciiConnection } from "./ascii-client.ts";
import type { NodeAddress } from "./route-config.ts";
import { parseStatsReply, tlsCounters } from "./stats.ts";
import { parseStatsServers } from "./stats-servers.ts";

export interface DestinationEvidence {
  /** The TLS and connect-result counters of `stats all`, zeros included. */
  counters: Record<string, number>;
  /** Each destination's key, TKO state, connection states and result counts. */
  servers: unknown[];
}

/** Read the counters and destination states of the mcrouter whose plaintext port is `entry`. */
export async function readDestinationEvidence(entry: NodeAddress): Promise<DestinationEvidence> {
  const admin = await AsciiConnection.open(entry);
  try {
    const counters = tlsCounters(parseStatsReply(`${await admin.request("stats all")}\r\n`));
    const servers = parseStatsServers(`${await admin.request("stats servers")}\r\n`).map((server) => ({
      key: server.key,
      tko: server.tko,
      states: server.states,
      results: server.results,
    }));
    return { counters, servers };
  } finally {
    admin.close();
  }
}

/** Return the counters that are not zero, for a probe record's `mcrouterStats`. */
export function nonZeroCounters(evidence: DestinationEvidence): Record<string, number> {
  return Object.fromEntries(Object.entries(evidence.counters).filter(([, value]) => value !== 0));
}
