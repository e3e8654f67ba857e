// probeThroughMcrouter against a real plaintext memcached, which speaks the same ASCII
// protocol as mcrouter's -p port. The mcrouter-specific error replies are covered by
// reply.test.ts; here the request sequence and the outcome mapping are checked.

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { findFreePort } from "../../ports/free-port.ts";
import { probeThroughMcrouter, toProbeRecord } from "../relayed-probe.ts";
import { startPlainMemcached, type PlainMemcached } from "./plain-memcached.ts";

let memcached: PlainMemcached;
let port = 0;

beforeAll(async () => {
  memcached = await startPlainMemcached();
  port = memcached.port;
});

afterAll(async () => {
  await memcached.stop();
});

describe("probeThroughMcrouter", () => {
  test("set-get round trip is ok", async () => {
    const result = await probeThroughMcrouter({ host: "127.0.0.1", port }, "set-get");
    expect(result.outcome.kind).toBe("ok");
    expect(result.replies[0]).toBe("STORED");
    expect(result.firstReplyMs).toBeGreaterThan(0);
  });

  test("miss is ok for get", async () => {
    const result = await probeThroughMcrouter({ host: "127.0.0.1", port }, "get");
    expect(result.outcome.kind).toBe("ok");
    expect(result.replies).toEqual(["END"]);
  });

  test("refused port is connect-failed", async () => {
    const result = await probeThroughMcrouter({ host: "127.0.0.1", port: await findFreePort() }, "get");
    expect(result.outcome.kind).toBe("connect-failed");
    expect(result.outcome.stage).toBe("tcp-connect");
  });

  test("record carries the link under test", async () => {
    const result = await probeThroughMcrouter({ host: "127.0.0.1", port }, "get");
    const record = toProbeRecord(result, { clientVariant: "peer.valid", tlsVersion: "TLSv1.2", target: { host: "127.0.0.1", port: 11211 }, sourceAddress: "127.0.0.1" });
    expect(record.target).toEqual({ host: "127.0.0.1", port: 11211 });
    expect(record.clientVariant).toBe("peer.valid");
    expect(record.outcome.kind).toBe("ok");
  });
});
