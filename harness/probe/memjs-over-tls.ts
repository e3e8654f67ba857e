// A binary-protocol check of one TLS link: memjs, which has no TLS, runs set, get and delete of
// a temporary key through a loopback plaintext bridge to a TLS socket that the prober opened
// with the chosen client certificate. memcached's TLS listener serves the binary protocol;
// mcrouter serves only ASCII (and its own caret protocol), so point this at memcached.

import { randomBytes } from "node:crypto";
import type net from "node:net";
import { performance } from "node:perf_hooks";

import * as memjs from "memjs";

import { classifyError, summarize } from "./classify-error.ts";
import { openPlaintextBridge, type PlaintextBridge } from "./plaintext-bridge.ts";
import { DEFAULT_TIMEOUT_MS, newProbeRecord, tlsLinkOptions, validateProbeOptions, type ProbeOptions } from "./probe.ts";
import { ProbeFailure } from "./probe-failure.ts";
import type { ProbeOutcome, ProbeRecord, ProbeStage } from "./record.ts";
import { destroyAndWait, openTlsLink, roundMs, type TlsLink } from "./tls-link.ts";

export type MemjsOperation = "set" | "get" | "delete";

export type MemjsRoundTripOptions = Omit<ProbeOptions, "request" | "followUpRequests" | "captureFirstReply">;

export interface MemjsRoundTripRecord extends ProbeRecord {
  protocol: "binary";
  /** The temporary key, `probe:memjs:` and 16 random hex digits. */
  key: string;
  /** Completion of each operation: set stored the value, get returned it, delete removed it. */
  operations: Record<MemjsOperation, boolean>;
  failedOperation?: MemjsOperation;
}

/**
 * Runs memjs set, get and delete over one TLS link and records the outcome like `probe` does.
 * `ok` means all three round trips worked. The TLS error that ended a failed run decides its
 * outcome when there is one (a TLS 1.3 alert, for example); otherwise memjs's error does. The
 * key is deleted on every path where it was stored, and the bridge and TLS socket are closed.
 */
export async function memjsRoundTrip(options: MemjsRoundTripOptions): Promise<MemjsRoundTripRecord> {
  validateProbeOptions(options);

  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const key = `probe:memjs:${randomBytes(8).toString("hex")}`;
  const value = randomBytes(16).toString("hex");
  const record: MemjsRoundTripRecord = {
    protocol: "binary",
    key,
    operations: { set: false, get: false, delete: false },
    ...newProbeRecord(options),
  };

  let link: TlsLink | undefined;
  let bridge: PlaintextBridge | undefined;
  let client: memjs.Client | undefined;

  try {
    link = await openTlsLink(tlsLinkOptions(options, timeoutMs), record);

    bridge = await openPlaintextBridge(link);
    client = memjs.Client.create(`127.0.0.1:${bridge.port}`, {
      // One attempt per operation: a retry would open a second connection, which the bridge refuses.
      retries: 1,
      timeout: timeoutMs / 1000,
      conntimeout: timeoutMs / 1000,
      logger: { log: () => {} },
    });

    await runOperations(client, key, value, record, link);
  } catch (error) {
    if (!(error instanceof ProbeFailure)) {
      throw error;
    }
    record.outcome = error.outcome;
  } finally {
    if (client !== undefined && link?.firstError() === undefined && record.operations.set && !record.operations.delete) {
      await client.delete(key).catch(() => false);
    }
    const memjsSockets = client === undefined ? [] : memjsSocketsOf(client);
    client?.close();
    await bridge?.close();
    await Promise.all(memjsSockets.map((socket) => destroyAndWait(socket)));
    await link?.close();
  }

  return record;
}

async function runOperations(
  client: memjs.Client,
  key: string,
  value: string,
  record: MemjsRoundTripRecord,
  link: TlsLink,
): Promise<void> {
  const attempt = async <T>(operation: MemjsOperation, stage: ProbeStage, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      record.failedOperation = operation;
      throw new ProbeFailure(failureOutcome(error, link, stage));
    }
  };

  const stored = await attempt("set", "first-reply", () => client.set(key, value, { expires: 60 }));
  record.latency.firstReplyMs = roundMs(performance.now() - link.secureAt);
  if (!stored) {
    record.failedOperation = "set";
    throw new ProbeFailure({ kind: "error-reply", stage: "first-reply", reply: "set returned false" });
  }
  record.operations.set = true;

  const fetched = await attempt("get", "follow-up", () => client.get(key));
  if (fetched.value?.toString("latin1") !== value) {
    record.failedOperation = "get";
    throw new ProbeFailure({ kind: "error-reply", stage: "follow-up", reply: `get returned ${fetched.value === null ? "no value" : "a different value"}` });
  }
  record.operations.get = true;

  const deleted = await attempt("delete", "follow-up", () => client.delete(key));
  if (!deleted) {
    record.failedOperation = "delete";
    throw new ProbeFailure({ kind: "error-reply", stage: "follow-up", reply: "delete returned false" });
  }
  record.operations.delete = true;
}

/** Prefers the TLS socket's own error, because memjs reports only that its connection closed. */
function failureOutcome(memjsError: unknown, link: TlsLink, stage: ProbeStage): ProbeOutcome {
  const tlsError = link.firstError();
  if (tlsError !== undefined) {
    return classifyError(tlsError, stage);
  }

  const message = summarize(memjsError);
  if (/timed? ?out/i.test(message)) {
    return { kind: "timeout", stage, message: `memjs: ${message}` };
  }

  return { kind: "closed-without-alert", stage, message: `memjs: ${message}` };
}

/**
 * Collects the sockets memjs opened. `Client.close()` only half-closes them with `end()`, so the
 * caller destroys them to leave no handle open.
 * NOTE: reads memjs 1.3's internal `Server._socket`, which its types do not declare.
 */
function memjsSocketsOf(client: memjs.Client): net.Socket[] {
  return client.servers
    .map((server) => (server as unknown as { _socket?: net.Socket })._socket)
    .filter((socket): socket is net.Socket => socket !== undefined);
}
