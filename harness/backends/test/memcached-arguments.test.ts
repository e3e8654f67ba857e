// memcached's command line built from TLS settings, and the checks made before a start.

import { describe, expect, test } from "vitest";

import { memcachedArguments, validateTlsSettings } from "../memcached-arguments.ts";

const files = { chain: "/tls/chain.pem", key: "/tls/key.pem", ca: "/tls/ca.pem" };

describe("memcachedArguments", () => {
  test("full TLS settings", () => {
    const args = memcachedArguments(
      { chainFile: "ignored", keyFile: "ignored", caFile: "ignored", verifyMode: 3, minVersion: "tlsv1.3", extraOptions: ["-o", "ssl_session_cache"] },
      files,
      { address: "127.0.0.1", port: 11311, runAsRoot: true },
    );

    expect(args).toEqual([
      "-u", "root", "-l", "127.0.0.1", "-p", "11311", "-U", "0", "-vv",
      "-Z", "-o", "ssl_chain_cert=/tls/chain.pem", "-o", "ssl_key=/tls/key.pem", "-o", "ssl_ca_cert=/tls/ca.pem",
      "-o", "ssl_verify_mode=3", "-o", "ssl_min_version=3",
      "-o", "ssl_session_cache",
    ]);
  });

  test("minimal settings", () => {
    const args = memcachedArguments({ chainFile: "x", keyFile: "y", verifyMode: 0 }, { chain: "/c", key: "/k" }, { port: 11211 });

    expect(args).toEqual(["-p", "11211", "-U", "0", "-vv", "-Z", "-o", "ssl_chain_cert=/c", "-o", "ssl_key=/k", "-o", "ssl_verify_mode=0"]);
  });

  test("tlsv1.2 maps to 2", () => {
    const args = memcachedArguments({ chainFile: "x", keyFile: "y", verifyMode: 1, minVersion: "tlsv1.2" }, files, { port: 1 });
    expect(args).toContain("ssl_min_version=2");
  });
});

describe("validateTlsSettings", () => {
  test("rejects verify mode 4", async () => {
    const settings = { chainFile: "/etc/passwd", keyFile: "/etc/passwd", verifyMode: 4 as 0 };
    await expect(validateTlsSettings(settings)).rejects.toThrow(/verifyMode 4 is invalid/);
  });

  test("rejects an unknown minimum version", async () => {
    const settings = { chainFile: "/etc/passwd", keyFile: "/etc/passwd", verifyMode: 0 as const, minVersion: "tlsv1.1" as "tlsv1.2" };
    await expect(validateTlsSettings(settings)).rejects.toThrow(/minVersion "tlsv1.1" is invalid/);
  });

  test("names a missing CA file", async () => {
    const settings = { chainFile: "/etc/passwd", keyFile: "/etc/passwd", caFile: "/nonexistent/ca.pem", verifyMode: 2 as const };
    await expect(validateTlsSettings(settings)).rejects.toThrow(/caFile "\/nonexistent\/ca.pem" is missing/);
  });
});
