import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { findFreePort } from "../../ports/free-port.ts";
import { AsciiConnection } from "../ascii-client.ts";
import { classifyReply } from "../reply.ts";
import { parseStatsReply } from "../stats.ts";
import { startPlainMemcached, type PlainMemcached } from "./plain-memcached.ts";

// A real plaintext memcached speaks the same ASCII protocol as mcrouter's -p port.
let memcached: PlainMemcached;
let port = 0;

beforeAll(async () => {
  memcached = await startPlainMemcached();
  port = memcached.port;
});

afterAll(async () => {
  await memcached.stop();
});

describe("AsciiConnection", () => {
  test("set then get round trip", async () => {
    const connection = await AsciiConnection.open({ host: "127.0.0.1", port });
    try {
      expect(await connection.set("tls-probe", "value-1")).toBe("STORED");
      expect(await connection.request("get tls-probe")).toBe("VALUE tls-probe 0 7\r\nvalue-1\r\nEND");
      expect(classifyReply(await connection.request("get absent-key")).kind).toBe("end");
    } finally {
      connection.close();
    }
  });

  test("value containing END is read whole", async () => {
    const connection = await AsciiConnection.open({ host: "127.0.0.1", port });
    try {
      await connection.set("tricky", "END\r\nSTORED");
      expect(await connection.request("get tricky")).toBe("VALUE tricky 0 11\r\nEND\r\nSTORED\r\nEND");
    } finally {
      connection.close();
    }
  });

  test("stats reply parses", async () => {
    const connection = await AsciiConnection.open({ host: "127.0.0.1", port });
    try {
      const stats = parseStatsReply(`${await connection.request("stats")}\r\n`);
      expect(stats.has("pid")).toBe(true);
    } finally {
      connection.close();
    }
  });

  test("version reply", async () => {
    const connection = await AsciiConnection.open({ host: "127.0.0.1", port, localAddress: "127.0.0.5" });
    try {
      expect(classifyReply(await connection.request("version")).kind).toBe("version");
    } finally {
      connection.close();
    }
  });

  test("refused connection rejects", async () => {
    const closedPort = await findFreePort();
    await expect(AsciiConnection.open({ host: "127.0.0.1", port: closedPort })).rejects.toThrow(/ECONNREFUSED/);
  });

  test("line break in a request is rejected", async () => {
    const connection = await AsciiConnection.open({ host: "127.0.0.1", port });
    try {
      await expect(connection.request("get a\r\nflush_all")).rejects.toThrow(/line break/);
    } finally {
      connection.close();
    }
  });
});
