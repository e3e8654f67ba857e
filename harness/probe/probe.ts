// The prober: opens one TLS link to memcached or mcrouter, sends ASCII protocol requests over it
// and returns a ProbeRecord of what happened and how long each stage took.

import net from "node:net";
import { performance } from "node:perf_hooks";

import { isErrorReplyLine, ReplyReader } from "./ascii-reply.ts";
import { percentile } from "./percentile.ts";
import { ProbeFailure } from "./probe-failure.ts";
import type { ProbeRecord } from "./record.ts";
import { openTlsLink, roundMs, type TlsConnectionOptions, type TlsLink, type TlsLinkOptions } from "./tls-link.ts";

export interface ProbeOptions extends TlsConnectionOptions {
  /** Extra requests on the same connection after the first, for the p50/p95 in `latency.followUp`. Default 0. */
  followUpRequests?: number;
  /** Limit for each stage in milliseconds: TCP connect, handshake, and each reply. Default 5000. */
  timeoutMs?: number;
  /** ASCII request, ending in `\r\n`. Default `version\r\n`. An error reply line gives `error-reply`. */
  request?: string;
  /** Keep the full first reply in `firstReply`, for example to read `stats conns`. Default false. */
  captureFirstReply?: boolean;
}

export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_REQUEST = "version\r\n";

/**
 * Probes one TLS link. A link counts as working (`ok`) only after a full request round trip,
 * because under TLS 1.3 the server judges the client certificate after the client has finished
 * its handshake, and a rejection arrives on the first read. Rejects for invalid options
 * (TypeError or RangeError), never for an outcome of the link. Every socket is destroyed, and
 * its close awaited for at most one second, before the promise settles.
 */
export async function probe(options: ProbeOptions): Promise<ProbeRecord> {
  validateProbeOptions(options);

  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const request = options.request ?? DEFAULT_REQUEST;
  const record = newProbeRecord(options);

  let link: TlsLink | undefined;
  try {
    link = await openTlsLink(tlsLinkOptions(options, timeoutMs), record);
    const reader = new ReplyReader(link.socket, link.firstError);

    link.socket.write(request);
    const firstReply = await reader.next(timeoutMs, "first-reply");
    record.latency.firstReplyMs = roundMs(performance.now() - link.secureAt);
    if (options.captureFirstReply === true) {
      record.firstReply = firstReply;
    }

    const firstLine = firstLineOf(firstReply);
    if (isErrorReplyLine(firstLine)) {
      record.outcome = { kind: "error-reply", stage: "first-reply", reply: firstLine };
      return record;
    }

    record.outcome = await sendFollowUps(link, reader, request, options.followUpRequests ?? 0, timeoutMs, record);
    record.outcome.reply ??= firstLine;
  } catch (error) {
    if (!(error instanceof ProbeFailure)) {
      throw error;
    }
    record.outcome = error.outcome;
  } finally {
    await link?.close();
  }

  return record;
}

async function sendFollowUps(
  link: TlsLink,
  reader: ReplyReader,
  request: string,
  count: number,
  timeoutMs: number,
  record: ProbeRecord,
): Promise<ProbeRecord["outcome"]> {
  const samples: number[] = [];

  try {
    for (let i = 0; i < count; i++) {
      const start = performance.now();
      link.socket.write(request);
      const reply = await reader.next(timeoutMs, "follow-up");
      samples.push(performance.now() - start);

      const line = firstLineOf(reply);
      if (isErrorReplyLine(line)) {
        return { kind: "error-reply", stage: "follow-up", reply: line };
      }
    }
  } finally {
    if (samples.length > 0) {
      record.latency.followUp = {
        count: samples.length,
        p50Ms: roundMs(percentile(samples, 50)),
        p95Ms: roundMs(percentile(samples, 95)),
      };
    }
  }

  return { kind: "ok" };
}

function firstLineOf(reply: string): string {
  const end = reply.indexOf("\r\n");
  return (end < 0 ? reply : reply.slice(0, end)).trim().slice(0, 300);
}

/** Returns a record for `options` with outcome `ok`, before anything has been measured. */
export function newProbeRecord(options: TlsConnectionOptions): ProbeRecord {
  return {
    clientVariant: options.client?.variantId ?? null,
    tlsVersion: options.tlsVersion,
    sourceAddress: options.sourceAddress ?? "",
    target: { host: options.host, port: options.port },
    outcome: { kind: "ok" },
    latency: {},
    startedAt: new Date().toISOString(),
  };
}

/** Picks the link's fields from `options` and leaves out the optional ones that are not set. */
export function tlsLinkOptions(options: TlsConnectionOptions, timeoutMs: number): TlsLinkOptions {
  const link: TlsLinkOptions = { host: options.host, port: options.port, tlsVersion: options.tlsVersion, client: options.client ?? null, timeoutMs };

  if (options.sourceAddress !== undefined) link.sourceAddress = options.sourceAddress;
  if (options.trustedCaPem !== undefined) link.trustedCaPem = options.trustedCaPem;
  if (options.verifyServerIdentity !== undefined) link.verifyServerIdentity = options.verifyServerIdentity;
  if (options.securityLevel !== undefined) link.securityLevel = options.securityLevel;

  return link;
}

/** Raises a TypeError or RangeError naming the first invalid option; these are caller mistakes, not link outcomes. */
export function validateProbeOptions(options: ProbeOptions): void {
  if (net.isIP(options.host) === 0) {
    throw new TypeError(`host ${JSON.stringify(options.host)} is not an IP address. Resolve the name first, so the record names the address probed.`);
  }

  if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535) {
    throw new RangeError(`port ${options.port} is invalid: use an integer from 1 to 65535.`);
  }

  if (options.tlsVersion !== "TLSv1.2" && options.tlsVersion !== "TLSv1.3") {
    throw new TypeError(`tlsVersion ${JSON.stringify(options.tlsVersion)} is invalid: use "TLSv1.2" or "TLSv1.3".`);
  }

  if (options.sourceAddress !== undefined && net.isIP(options.sourceAddress) === 0) {
    throw new TypeError(`sourceAddress ${JSON.stringify(options.sourceAddress)} is not an IP address, for example 127.0.0.5 or ::1.`);
  }

  const followUps = options.followUpRequests ?? 0;
  if (!Number.isInteger(followUps) || followUps < 0) {
    throw new RangeError(`followUpRequests ${followUps} is invalid: use an integer of 0 or more.`);
  }

  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new RangeError(`timeoutMs ${timeoutMs} is invalid: use a positive number of milliseconds.`);
  }

  const request = options.request ?? DEFAULT_REQUEST;
  if (request.length <= 2 || !request.endsWith("\r\n")) {
    throw new TypeError(`request ${JSON.stringify(request)} is invalid: an ASCII protocol request is a command line ending in "\\r\\n", for example "version\\r\\n".`);
  }
}
