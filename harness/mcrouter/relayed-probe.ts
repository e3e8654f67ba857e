// Probes a link behind mcrouter (mcrouter → memcached, mcrouter → mcrouter) by sending
// plaintext requests to mcrouter's `-p` port and reading what comes back. mcrouter
// replies to `version` itself, so only routed requests (`set`, `get`) cross the link.
// After a successful first round, follow-up gets on the same connection time the routed
// link once mcrouter's own connection to the destination is open.

import { performance } from "node:perf_hooks";

import { percentile } from "../probe/percentile.ts";
import type { ProbeLatency, ProbeOutcome, ProbeRecord } from "../probe/record.ts";
import { roundMs } from "../probe/tls-link.ts";
import { AsciiConnection } from "./ascii-client.ts";
import { classifyReply } from "./reply.ts";
import type { NodeAddress } from "./route-config.ts";

/**
 * `set-get` stores a value and reads it back, for destinations that store (memcached).
 * `get` expects a hit or a miss, for a destination that replies from NullRoute.
 */
export type RelayedRequests = "set-get" | "get";

export interface RelayedProbeResult {
  outcome: ProbeOutcome;
  /** Every reply in order, as received. */
  replies: string[];
  /** From the first routed request sent to its reply, in ms. It includes mcrouter's connect and handshake to the destination. */
  firstReplyMs: number | undefined;
  /** Follow-up gets after a successful first round, each a round trip through mcrouter, in ms. */
  followUp?: ProbeLatency["followUp"];
  startedAt: string;
}

function errorOutcome(reply: string): ProbeOutcome {
  const classified = classifyReply(reply);
  const outcome: ProbeOutcome = { kind: "error-reply", stage: "first-reply", reply: classified.line };
  if (classified.alert !== undefined) outcome.alert = classified.alert;
  if (classified.message !== undefined) outcome.message = classified.message;
  return outcome;
}

/** Number of follow-up gets after a successful first round, as for direct links. */
export const RELAYED_FOLLOW_UP_GETS = 20;

/** Send the routed requests through mcrouter at `entry`, then the follow-up gets when they succeed, and describe the outcome. */
export async function probeThroughMcrouter(entry: NodeAddress, requests: RelayedRequests, timeoutMs = 5000): Promise<RelayedProbeResult> {
  const startedAt = new Date().toISOString();
  const replies: string[] = [];

  let connection: AsciiConnection;
  try {
    connection = await AsciiConnection.open({ host: entry.host, port: entry.port, timeoutMs });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { outcome: { kind: "connect-failed", stage: "tcp-connect", message }, replies, firstReplyMs: undefined, startedAt };
  }

  const key = `mtls-probe-${process.pid}-${Date.now()}`;
  const value = "relayed";
  let firstReplyMs: number | undefined;

  const send = async (operation: () => Promise<string>): Promise<string> => {
    const sentAt = performance.now();
    const reply = await operation();
    firstReplyMs ??= performance.now() - sentAt;
    replies.push(reply);
    return reply;
  };

  try {
    if (requests === "set-get") {
      const stored = await send(() => connection.set(key, value));
      if (stored !== "STORED") {
        return { outcome: errorOutcome(stored), replies, firstReplyMs, startedAt };
      }
    }

    const got = await send(() => connection.request(`get ${key}`));
    const hit = got === `VALUE ${key} 0 ${value.length}\r\n${value}\r\nEND`;
    const acceptable = requests === "set-get" ? hit : hit || got === "END";
    if (!acceptable) return { outcome: errorOutcome(got), replies, firstReplyMs, startedAt };

    const followUp = await timeFollowUpGets(connection, key, got);
    if (typeof followUp === "string") return { outcome: errorOutcome(followUp), replies: [...replies, followUp], firstReplyMs, startedAt };
    return { outcome: { kind: "ok" }, replies, firstReplyMs, followUp, startedAt };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { outcome: { kind: "timeout", stage: "first-reply", message }, replies, firstReplyMs, startedAt };
  } finally {
    connection.close();
  }
}

/** Time the follow-up gets of `key`, each expected to return `expected` again. Returns the first differing reply instead. */
async function timeFollowUpGets(connection: AsciiConnection, key: string, expected: string): Promise<ProbeLatency["followUp"] | string> {
  const samples: number[] = [];
  for (let index = 0; index < RELAYED_FOLLOW_UP_GETS; index++) {
    const sentAt = performance.now();
    const reply = await connection.request(`get ${key}`);
    if (reply !== expected) return reply;
    samples.push(performance.now() - sentAt);
  }

  return { count: samples.length, p50Ms: roundMs(percentile(samples, 50)), p95Ms: roundMs(percentile(samples, 95)) };
}

/** Express a relayed probe as a ProbeRecord of the link under test. */
export function toProbeRecord(result: RelayedProbeResult, link: { clientVariant: string | null; tlsVersion: ProbeRecord["tlsVersion"]; target: NodeAddress; sourceAddress: string }): ProbeRecord {
  const latency: ProbeLatency = {};
  if (result.firstReplyMs !== undefined) latency.firstReplyMs = result.firstReplyMs;
  if (result.followUp !== undefined) latency.followUp = result.followUp;
  return {
    clientVariant: link.clientVariant,
    tlsVersion: link.tlsVersion,
    sourceAddress: link.sourceAddress,
    target: { host: link.target.host, port: link.target.port },
    outcome: result.outcome,
    latency,
    startedAt: result.startedAt,
  };
}
