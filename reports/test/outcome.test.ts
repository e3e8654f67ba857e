import { describe, expect, it } from "vitest";

import { describeOutcome, outcomeKey, shortOutcomeLabel } from "../outcome.ts";

const FIZZ_REPLY =
  'SERVER_ERROR Failed to read from socket with remote endpoint "127.0.0.1:41211:ascii:fizz:notcompressed". ' +
  "Exception: AsyncSocketException: fizz::FizzException: received alert: certificate_required, in state Established, type = SSL error";
const OPENSSL_REPLY =
  "SERVER_ERROR AsyncSocketException: error:0A000410:SSL routines::sslv3 alert handshake failure, type = SSL error";

describe("outcomeKey", () => {
  it("joins kind and alert", () => {
    expect(outcomeKey({ kind: "server-alert", alert: "unknown_ca" })).toBe("server-alert:unknown_ca");
  });

  it("joins kind and verify error", () => {
    expect(outcomeKey({ kind: "client-verify-error", verifyError: "CERT_HAS_EXPIRED" })).toBe(
      "client-verify-error:CERT_HAS_EXPIRED",
    );
  });

  it("reads the alert from a reply", () => {
    expect(outcomeKey({ kind: "error-reply", reply: FIZZ_REPLY })).toBe("error-reply:certificate_required");
    expect(outcomeKey({ kind: "error-reply", reply: OPENSSL_REPLY })).toBe("error-reply:handshake_failure");
  });

  it("prefers the recorded alert", () => {
    expect(outcomeKey({ kind: "error-reply", alert: "unknown_ca", reply: FIZZ_REPLY })).toBe("error-reply:unknown_ca");
  });

  it("ignores replies without an alert", () => {
    expect(outcomeKey({ kind: "error-reply", reply: "SERVER_ERROR Server unavailable. Reason: mc_res_connect_error" })).toBe(
      "error-reply",
    );
  });

  it("uses the bare kind otherwise", () => {
    expect(outcomeKey({ kind: "ok" })).toBe("ok");
    expect(outcomeKey({ kind: "closed-without-alert" })).toBe("closed-without-alert");
  });
});

describe("outcome labels", () => {
  it("names alerts in headings", () => {
    expect(describeOutcome({ kind: "server-alert", alert: "certificate_expired" })).toBe(
      "Rejected with alert `certificate_expired`",
    );
    expect(describeOutcome({ kind: "error-reply", reply: OPENSSL_REPLY })).toBe("Error reply naming alert `handshake_failure`");
    expect(describeOutcome({ kind: "ok" })).toBe("Gets in");
  });

  it("words server-certificate headings", () => {
    expect(describeOutcome({ kind: "ok" }, "server-certificate")).toBe("Client accepts the server certificate");
    expect(describeOutcome({ kind: "server-alert", alert: "handshake_failure" }, "server-certificate")).toBe(
      "Server aborts the handshake with alert `handshake_failure`",
    );
    expect(describeOutcome({ kind: "client-verify-error", verifyError: "CERT_HAS_EXPIRED" }, "server-certificate")).toBe(
      "Client rejects the server certificate: `CERT_HAS_EXPIRED`",
    );
    expect(describeOutcome({ kind: "ok" }, "client-certificate")).toBe("Gets in");
  });

  it("keeps cell labels short", () => {
    expect(shortOutcomeLabel({ kind: "server-alert", alert: "unknown_ca" })).toBe("unknown_ca");
    expect(shortOutcomeLabel({ kind: "error-reply", reply: FIZZ_REPLY })).toBe("error reply: certificate_required");
    expect(shortOutcomeLabel({ kind: "server-start-failed", stderr: "bad option" })).toBe("no start");
  });
});
