import { describe, expect, test } from "vitest";

import { AsciiConnection } from "../ascii-client.ts";
import { parseStatsReply, readCounter, tlsCounters } from "../stats.ts";
import { parseServerStatsValue, parseStatsServers } from "../stats-servers.ts";
import { startPlainMemcached } from "./plain-memcached.ts";

// Shapes follow mcrouter/stats.cpp:49-118 (value) and mcrouter/ProxyDestinationKey.cpp:31-47 (key).
const STATS_SERVERS_REPLY = [
  "STAT 127.0.0.1:21211:ascii:ssl:notcompressed-1000 avg_latency_us:0.000 pending_reqs:0 inflight_reqs:0 hard_tko;  down:1; connect_error:3",
  "STAT 127.0.0.1:21212:ascii:fizz:notcompressed-1000 avg_latency_us:812.250 pending_reqs:0 inflight_reqs:0 up:1; found:2 stored:1",
  "STAT [0000:0000:0000:0000:0000:0000:0000:0001]:11434:ascii:tls_to_plain:notcompressed-500 avg_latency_us:0.000 pending_reqs:1 inflight_reqs:1 new:1",
  "STAT 10.0.0.7:5001:caret:ktls12:notcompressed avg_latency_us:2.000 pending_reqs:0 inflight_reqs:0 soft_tko;  up:1 closed:1; timeout:2 remote_error:1",
  "END",
  "",
].join("\r\n");

describe("parseStatsServers", () => {
  const servers = parseStatsServers(STATS_SERVERS_REPLY);

  test("one entry per line", () => {
    expect(servers.map((server) => server.key)).toHaveLength(4);
  });

  test("hard TKO destination after failed handshakes", () => {
    const ssl = servers[0];
    expect(ssl?.destination).toEqual({ host: "127.0.0.1", port: 21211, protocol: "ascii", mech: "ssl", compression: "notcompressed" });
    expect(ssl?.timeoutMs).toBe(1000);
    expect(ssl?.tko).toBe("hard");
    expect(ssl?.states).toEqual({ down: 1 });
    expect(ssl?.results).toEqual({ connect_error: 3 });
  });

  test("healthy destination with several results", () => {
    const fizz = servers[1];
    expect(fizz?.avgLatencyUs).toBe(812.25);
    expect(fizz?.tko).toBeNull();
    expect(fizz?.states).toEqual({ up: 1 });
    expect(fizz?.results).toEqual({ found: 2, stored: 1 });
  });

  test("expanded IPv6 key without results", () => {
    const v6 = servers[2];
    expect(v6?.destination.mech).toBe("tls_to_plain");
    expect(v6?.timeoutMs).toBe(500);
    expect(v6?.pendingRequests).toBe(1);
    expect(v6?.inflightRequests).toBe(1);
    expect(v6?.states).toEqual({ new: 1 });
    expect(v6?.results).toEqual({});
  });

  test("non-ascii key has no timeout suffix", () => {
    const caret = servers[3];
    expect(caret?.timeoutMs).toBeUndefined();
    expect(caret?.tko).toBe("soft");
    expect(caret?.states).toEqual({ up: 1, closed: 1 });
    expect(caret?.results).toEqual({ timeout: 2, remote_error: 1 });
  });

  test("value without latency is rejected", () => {
    expect(() => parseServerStatsValue("k", "pending_reqs:0 inflight_reqs:0 up:1")).toThrow(/lacks avg_latency_us/);
  });

  test("unknown token before results is rejected", () => {
    expect(() => parseServerStatsValue("k", "avg_latency_us:0.000 pending_reqs:0 inflight_reqs:0 sideways:1")).toThrow(/"sideways"/);
  });
});

describe("parseStatsReply", () => {
  const reply = ["STAT num_ssl_servers_up 0", "STAT num_ssl_servers_down 1", "STAT num_tls_to_plain_fallback_failures 2", "STAT version .0 mcrouter", "STAT result_connect_error 3", "END", ""].join("\r\n");

  test("counters by name", () => {
    const stats = parseStatsReply(reply);
    expect(readCounter(stats, "num_ssl_servers_down")).toBe(1);
    expect(readCounter(stats, "result_connect_error")).toBe(3);
    expect(readCounter(stats, "result_tko")).toBeUndefined();
  });

  test("value with spaces is kept whole", () => {
    expect(parseStatsReply(reply).get("version")).toBe(".0 mcrouter");
  });

  test("TLS counters only", () => {
    expect(tlsCounters(parseStatsReply(reply))).toEqual({
      num_ssl_servers_up: 0,
      num_ssl_servers_down: 1,
      num_tls_to_plain_fallback_failures: 2,
      result_connect_error: 3,
    });
  });

  test("non-numeric counter is rejected", () => {
    expect(() => readCounter(parseStatsReply(reply), "version")).toThrow(/non-numeric value ".0 mcrouter"/);
  });

  test("reply without END is rejected", () => {
    expect(() => parseStatsReply("STAT a 1\r\n")).toThrow(/no END line/);
  });

  test("error line instead of stats is rejected", () => {
    expect(() => parseStatsReply("SERVER_ERROR unknown stats group\r\n")).toThrow(/is not "STAT <name> <value>"/);
  });
});

describe("parseStatsReply against memcached", () => {
  test("real stats reply parses", async () => {
    const server = await startPlainMemcached();
    const connection = await AsciiConnection.open({ host: "127.0.0.1", port: server.port });
    try {
      const stats = parseStatsReply(`${await connection.request("stats")}\r\n`);
      expect(readCounter(stats, "curr_connections")).toBeGreaterThanOrEqual(1);
      expect(stats.get("version")).toMatch(/^\d+\.\d+\.\d+/);
    } finally {
      connection.close();
      await server.stop();
    }
  });
});
