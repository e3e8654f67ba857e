// Parser for mcrouter's `stats servers` reply: one line per destination, summed over
// proxy threads (`mcrouter/stats.cpp:49-118, 818-857`). For example
//
//   STAT 127.0.0.1:11211:ascii:ssl:notcompressed-1000 avg_latency_us:0.000 pending_reqs:0 inflight_reqs:0 hard_tko;  down:1; connect_error:3
//
// The key is the destination string plus `-<timeout ms>` for ascii destinations, and
// `-<n>` for an additional connection index. The value is parsed by tokens: latency and
// request counts, then `hard_tko;` or `soft_tko;`, then connection-state counts (`new`,
// `up`, `down`, `closed`), then after a `;` the result counts without the `mc_res_` prefix.

import { parseAccessPoint, type AccessPoint } from "./access-point.ts";
import { parseStatsReply } from "./stats.ts";

export type DestinationState = "new" | "up" | "down" | "closed";

export interface ServerStats {
  /** The stat name as mcrouter printed it. */
  key: string;
  destination: AccessPoint;
  /** The ascii destination's timeout in ms, from the `-<timeout>` suffix. */
  timeoutMs?: number;
  /** Additional connection index, from a second `-<n>` suffix. */
  connectionIndex?: number;
  avgLatencyUs: number;
  pendingRequests: number;
  inflightRequests: number;
  tko: "hard" | "soft" | null;
  /** How many proxy threads see the destination in each state. */
  states: Partial<Record<DestinationState, number>>;
  /** Result counts such as `connect_error`, `remote_error`, `ok`. */
  results: Record<string, number>;
}

const STATES: readonly string[] = ["new", "up", "down", "closed"];

function parseKey(key: string): Pick<ServerStats, "destination" | "timeoutMs" | "connectionIndex"> {
  const match = /^(.*?:(?:compressed|notcompressed))(?:-(\d+))?(?:-(\d+))?$/.exec(key);
  if (match === null) {
    throw new Error(`stats servers key "${key}" is not host:port:protocol:mech:compression[-timeout]`);
  }

  const destination = parseAccessPoint(match[1] ?? "");
  const result: Pick<ServerStats, "destination" | "timeoutMs" | "connectionIndex"> = { destination };

  // Only ascii keys carry a timeout, so a lone suffix on another protocol is the connection index.
  const suffixes = [match[2], match[3]].filter((part): part is string => part !== undefined).map(Number);
  if (destination.protocol === "ascii") {
    if (suffixes[0] !== undefined) result.timeoutMs = suffixes[0];
    if (suffixes[1] !== undefined) result.connectionIndex = suffixes[1];
  } else if (suffixes[0] !== undefined) {
    result.connectionIndex = suffixes[0];
  }
  return result;
}

function parseCount(token: string, key: string): [string, number] {
  const colon = token.lastIndexOf(":");
  const name = token.slice(0, colon);
  const value = Number(token.slice(colon + 1));
  if (colon <= 0 || Number.isNaN(value)) {
    throw new Error(`stats servers value of ${key} has the token "${token}", expected name:number`);
  }
  return [name, value];
}

/** Parse one `stats servers` value; `key` is only used in error messages. */
export function parseServerStatsValue(key: string, value: string): Omit<ServerStats, "key" | "destination" | "timeoutMs" | "connectionIndex"> {
  const parsed: Omit<ServerStats, "key" | "destination" | "timeoutMs" | "connectionIndex"> = {
    avgLatencyUs: Number.NaN,
    pendingRequests: Number.NaN,
    inflightRequests: Number.NaN,
    tko: null,
    states: {},
    results: {},
  };

  let inResults = false;
  for (const rawToken of value.split(/\s+/).filter((token) => token !== "")) {
    if (rawToken === "hard_tko;" || rawToken === "soft_tko;") {
      parsed.tko = rawToken === "hard_tko;" ? "hard" : "soft";
      continue;
    }

    // A `;` closes the state counts; it sticks to the last state token or stands alone.
    const closesStates = rawToken.endsWith(";");
    const token = closesStates ? rawToken.slice(0, -1) : rawToken;

    if (token !== "") {
      const [name, count] = parseCount(token, key);
      if (inResults) {
        parsed.results[name] = count;
      } else if (name === "avg_latency_us") {
        parsed.avgLatencyUs = count;
      } else if (name === "pending_reqs") {
        parsed.pendingRequests = count;
      } else if (name === "inflight_reqs") {
        parsed.inflightRequests = count;
      } else if (STATES.includes(name)) {
        parsed.states[name as DestinationState] = count;
      } else if (!name.endsWith("_retrans_ratio")) {
        throw new Error(`stats servers value of ${key} has "${name}" before the result counts; expected a latency, request, TKO or state token`);
      }
    }

    if (closesStates) {
      inResults = true;
    }
  }

  for (const [field, label] of [["avgLatencyUs", "avg_latency_us"], ["pendingRequests", "pending_reqs"], ["inflightRequests", "inflight_reqs"]] as const) {
    if (Number.isNaN(parsed[field])) {
      throw new Error(`stats servers value of ${key} lacks ${label}: "${value}"`);
    }
  }
  return parsed;
}

/** Parse a whole `stats servers` reply, one entry per destination. */
export function parseStatsServers(text: string): ServerStats[] {
  const servers: ServerStats[] = [];
  for (const [key, value] of parseStatsReply(text)) {
    servers.push({ key, ...parseKey(key), ...parseServerStatsValue(key, value) });
  }
  return servers;
}
