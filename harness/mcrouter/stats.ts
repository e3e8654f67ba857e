// Parser for the `STAT <name> <value>` lines that mcrouter (and memcached) send in reply
// to `stats`, `stats detailed`, `stats all` and `stats servers`, ending with `END`.
//
// mcrouter's client-side TLS counters appear in plain `stats`: `num_ssl_servers_up`,
// `num_ssl_connections_opened`, `num_tls_to_plain_fallback_failures`,
// `num_ktls_fallback_failures` and the like (`mcrouter/stat_list.h:34-82`). The result
// counters `result_connect_error` and `result_tko` appear only in `stats detailed` and
// `stats all` (`mcrouter/stat_list.h:235-247`). No counter exists for failed handshakes.

/** Stat names mapped to their raw values, in reply order. */
export type StatsReply = Map<string, string>;

/**
 * Parse a complete stats reply. Throws on a line that is neither `STAT name value` nor
 * `END`, and on a reply that does not end with `END`, because a cut-off reply would
 * otherwise read as missing counters.
 */
export function parseStatsReply(text: string): StatsReply {
  const stats: StatsReply = new Map();
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === "") lines.pop();

  let ended = false;
  for (const [index, line] of lines.entries()) {
    if (ended) {
      throw new Error(`stats reply continues after END, at line ${index + 1}: "${line}"`);
    }
    if (line === "END") {
      ended = true;
      continue;
    }

    const match = /^STAT (\S+) ?(.*)$/.exec(line);
    if (match === null) {
      throw new Error(`stats reply line ${index + 1} is not "STAT <name> <value>": "${line}"`);
    }
    stats.set(match[1] ?? "", match[2] ?? "");
  }

  if (!ended) {
    throw new Error("stats reply has no END line: the reply was cut off or the request failed");
  }
  return stats;
}

/**
 * Read a counter as a number. Returns undefined when the stat is absent, for example
 * `result_connect_error` in plain `stats`. Throws when the value is not a number.
 */
export function readCounter(stats: StatsReply, name: string): number | undefined {
  const raw = stats.get(name);
  if (raw === undefined) {
    return undefined;
  }

  const value = Number(raw);
  if (raw.trim() === "" || Number.isNaN(value)) {
    throw new Error(`stat ${name} has the non-numeric value "${raw}"`);
  }
  return value;
}

/** mcrouter's TLS-related counters from one stats reply, absent ones omitted. */
export function tlsCounters(stats: StatsReply): Record<string, number> {
  const counters: Record<string, number> = {};
  const tlsStat = /^(num_ssl_|num_tls_to_plain_|num_ktls_|num_authorization_|result_connect_error|result_connect_timeout|result_tko|num_hard_tko_count|num_soft_tko_count)/;

  for (const name of stats.keys()) {
    if (tlsStat.test(name)) {
      const value = readCounter(stats, name);
      if (value !== undefined) counters[name] = value;
    }
  }
  return counters;
}
