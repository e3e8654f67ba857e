import { describe, expect, test } from "vitest";

import { formatAccessPoint, parseAccessPoint, SECURITY_MECHS } from "../access-point.ts";

describe("formatAccessPoint", () => {
  test("IPv4 with protocol and mech", () => {
    expect(formatAccessPoint({ host: "127.0.0.1", port: 11211, protocol: "ascii", mech: "ssl" })).toBe("127.0.0.1:11211:ascii:ssl");
  });

  test("IPv6 host goes in brackets", () => {
    expect(formatAccessPoint({ host: "::1", port: 5000, protocol: "ascii", mech: "fizz" })).toBe("[::1]:5000:ascii:fizz");
  });

  test("host and port only", () => {
    expect(formatAccessPoint({ host: "memcached-a", port: 11211 })).toBe("memcached-a:11211");
  });

  test("all five parts", () => {
    expect(formatAccessPoint({ host: "10.0.0.2", port: 1, protocol: "caret", mech: "tls_to_plain", compression: "notcompressed" })).toBe(
      "10.0.0.2:1:caret:tls_to_plain:notcompressed",
    );
  });

  test("mech without protocol is rejected", () => {
    expect(() => formatAccessPoint({ host: "127.0.0.1", port: 11211, mech: "ssl" })).toThrow(/sets mech but not protocol/);
  });

  test.each([0, 65536, -1, 1.5, Number.NaN])("port %s is rejected", (port) => {
    expect(() => formatAccessPoint({ host: "127.0.0.1", port })).toThrow(/integer from 1 to 65535/);
  });

  test("port bounds 1 and 65535 pass", () => {
    expect(formatAccessPoint({ host: "127.0.0.1", port: 1 })).toBe("127.0.0.1:1");
    expect(formatAccessPoint({ host: "127.0.0.1", port: 65535 })).toBe("127.0.0.1:65535");
  });

  test("bracketed host is rejected", () => {
    expect(() => formatAccessPoint({ host: "[::1]", port: 5000 })).toThrow(/without them/);
  });

  test("mech word outside the set is rejected", () => {
    const accessPoint = { host: "127.0.0.1", port: 5000, protocol: "ascii", mech: "tls13" } as unknown as Parameters<typeof formatAccessPoint>[0];
    expect(() => formatAccessPoint(accessPoint)).toThrow('"tls13" is not one of plain, ssl, tls_to_plain, fizz, ktls12');
  });

  test("unix socket string is rejected", () => {
    expect(() => parseAccessPoint("unix:/tmp/mc.sock")).toThrow(/unix socket/);
  });
});

describe("parseAccessPoint", () => {
  test("the mech words mcrouter accepts", () => {
    // mcrouter/lib/network/SecurityOptions.cpp:31-44 accepts exactly these words.
    expect([...SECURITY_MECHS]).toEqual(["plain", "ssl", "tls_to_plain", "fizz", "ktls12"]);
    for (const mech of SECURITY_MECHS) {
      expect(parseAccessPoint(`127.0.0.1:11211:ascii:${mech}`).mech).toBe(mech);
    }
  });

  test.each(["tls", "tls13", "ktls", "SSL", "tls12"])("mech %s is rejected", (word) => {
    expect(() => parseAccessPoint(`127.0.0.1:11211:ascii:${word}`)).toThrow(`security_mech of server "127.0.0.1:11211:ascii:${word}" "${word}" is not one of plain, ssl, tls_to_plain, fizz, ktls12`);
  });

  test("IPv6 in brackets", () => {
    expect(parseAccessPoint("[::1]:5000:ascii:ssl")).toEqual({ host: "::1", port: 5000, protocol: "ascii", mech: "ssl" });
  });

  test("fully expanded IPv6 as stats servers prints it", () => {
    const parsed = parseAccessPoint("[0000:0000:0000:0000:0000:0000:0000:0001]:5000:ascii:plain:notcompressed");
    expect(parsed.host).toBe("0000:0000:0000:0000:0000:0000:0000:0001");
    expect(parsed.compression).toBe("notcompressed");
  });

  test("unclosed bracket is rejected", () => {
    expect(() => parseAccessPoint("[::1:5000")).toThrow(/without closing/);
  });

  test("IPv6 without brackets is rejected", () => {
    expect(() => parseAccessPoint("::1:5000")).toThrow();
  });

  test("missing port is rejected", () => {
    expect(() => parseAccessPoint("127.0.0.1")).toThrow(/no port/);
  });

  test("non-numeric port is rejected", () => {
    expect(() => parseAccessPoint("127.0.0.1:http")).toThrow(/port "http"/);
  });

  test("unknown protocol is rejected", () => {
    expect(() => parseAccessPoint("127.0.0.1:5000:binary")).toThrow('protocol "binary" is not one of ascii, caret, thrift, xdp');
  });

  test("six parts are rejected", () => {
    expect(() => parseAccessPoint("127.0.0.1:5000:ascii:ssl:compressed:x")).toThrow(/more than five/);
  });

  test("round trip", () => {
    const text = "[::1]:11433:ascii:ktls12:compressed";
    expect(formatAccessPoint(parseAccessPoint(text))).toBe(text);
  });
});
