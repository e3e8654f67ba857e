import { describe, expect, test } from "vitest";

import type { Expectation } from "../../reports/result.ts";
import { caseResult, decideVerdict, describeMismatch } from "../support/verdict.ts";
import { mcrouterCase } from "./expectations.ts";

const okExpected: Expectation = { outcome: "ok", confirmed: false };
const alertExpected: Expectation = { outcome: "server-alert", detail: "internal_error", confirmed: false };
const replyExpected: Expectation = { outcome: "error-reply", detail: "handshake_failure", confirmed: false };
const startExpected: Expectation = { outcome: "server-start-failed", detail: "All of pemCertPath, pemKeyPath, pemCaPath required with sslPorts", confirmed: false };

describe("decideVerdict", () => {
  test("not run without an observation", () => {
    expect(decideVerdict(okExpected, undefined)).toBe("not-run");
  });

  test("ok as expected", () => {
    expect(decideVerdict(okExpected, { kind: "ok" })).toBe("as-expected");
  });

  test("failure where ok was expected", () => {
    expect(decideVerdict(okExpected, { kind: "server-alert", alert: "unknown_ca" })).toBe("unexpected-failure");
  });

  test("success where an alert was expected", () => {
    expect(decideVerdict(alertExpected, { kind: "ok" })).toBe("unexpected-success");
  });

  test("same alert", () => {
    expect(decideVerdict(alertExpected, { kind: "server-alert", alert: "internal_error" })).toBe("as-expected");
  });

  test("other alert", () => {
    expect(decideVerdict(alertExpected, { kind: "server-alert", alert: "bad_certificate" })).toBe("unexpected-failure");
  });

  test("error reply matched by alert name", () => {
    const outcome = { kind: "error-reply" as const, alert: "handshake_failure", reply: "SERVER_ERROR AsyncSocketException: error:0A000410:SSL routines::sslv3 alert handshake failure, type = SSL error" };
    expect(decideVerdict(replyExpected, outcome)).toBe("as-expected");
  });

  test("error reply of another kind", () => {
    expect(decideVerdict(replyExpected, { kind: "error-reply", reply: "SERVER_ERROR Server unavailable. Reason: mc_res_connect_error" })).toBe("unexpected-failure");
  });

  test("start failure matched in stderr", () => {
    const outcome = { kind: "server-start-failed" as const, stderr: "E1204 12:00:00 All of pemCertPath, pemKeyPath, pemCaPath required with sslPorts" };
    expect(decideVerdict(startExpected, outcome)).toBe("as-expected");
  });

  test("start failure with another message", () => {
    expect(decideVerdict(startExpected, { kind: "server-start-failed", stderr: "invalid ports" })).toBe("unexpected-failure");
  });
});

describe("describeMismatch", () => {
  test("names case, observation and source", () => {
    const entry = mcrouterCase("client-mcrouter/require-peer-certs/TLSv1.2/client.wrong-ip-san");
    const text = describeMismatch(entry, { kind: "ok" });
    expect(text).toContain("client-mcrouter/require-peer-certs/TLSv1.2/client.wrong-ip-san observed ok");
    expect(text).toContain("server-alert, internal_error");
    expect(text).toContain("a confirmed expectation (source: observed on v2026.08.17.00");
  });
});

describe("caseResult", () => {
  const entry = mcrouterCase("mcrouter-memcached/fizz/verify-2/no-client-flags");

  test("not run without an observation", () => {
    const result = caseResult(entry, undefined, "MCROUTER_BIN not set");
    expect(result.verdict).toBe("not-run");
    expect(result.note).toBe("MCROUTER_BIN not set");
    expect(result.observed).toBeUndefined();
  });

  test("carries the case's settings and expectation", () => {
    const observed = {
      clientVariant: null,
      tlsVersion: "TLSv1.3" as const,
      sourceAddress: "127.0.0.1",
      target: { host: "127.0.0.1", port: 21211 },
      outcome: { kind: "error-reply" as const, alert: "certificate_required", reply: "SERVER_ERROR Failed to read from socket" },
      latency: {},
      startedAt: "2026-12-04T22:00:00.000Z",
    };
    const result = caseResult(entry, observed);
    expect(result.verdict).toBe("as-expected");
    expect(result.link).toBe("mcrouter-memcached");
    expect(result.settings.security_mech).toBe("fizz");
    expect(result.expected.confirmed).toBe(true);
  });
});
