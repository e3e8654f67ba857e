import { describe, expect, test } from "vitest";

import { classifyReply, extractAlertName } from "../reply.ts";

// Reply texts as mcrouter v2026.08.17.00 sent them when routing to memcached 1.6.18 with
// ssl_verify_mode=2 and no client certificate, and the TKO reply of
// mcrouter/routes/DestinationRoute.h:172-180.
const SSL_HANDSHAKE_FAILURE =
  "SERVER_ERROR AsyncSocketException: error:0A000410:SSL routines::sslv3 alert handshake failure, type = SSL error";
const FIZZ_CERTIFICATE_REQUIRED =
  'SERVER_ERROR Failed to read from socket with remote endpoint "127.0.0.1:21211:ascii:fizz:notcompressed". Exception: AsyncSocketException: fizz::FizzException: received alert: certificate_required, in state Established, type = SSL error';
const TKO = "SERVER_ERROR Server unavailable. Reason: mc_res_connect_error";

describe("classifyReply", () => {
  test("OpenSSL handshake failure is a connect error", () => {
    const reply = classifyReply(`${SSL_HANDSHAKE_FAILURE}\r\n`);
    expect(reply.kind).toBe("server-error");
    expect(reply.failure).toBe("connect-error");
    expect(reply.alert).toBe("handshake_failure");
    expect(reply.socketErrorType).toBe("SSL error");
  });

  test("fizz alert after Finished is a remote error", () => {
    const reply = classifyReply(FIZZ_CERTIFICATE_REQUIRED);
    expect(reply.failure).toBe("remote-error");
    expect(reply.alert).toBe("certificate_required");
    expect(reply.destination).toBe("127.0.0.1:21211:ascii:fizz:notcompressed");
    expect(reply.socketErrorType).toBe("SSL error");
  });

  test("TKO destination", () => {
    const reply = classifyReply(TKO);
    expect(reply.failure).toBe("server-unavailable");
    expect(reply.unavailableReason).toBe("mc_res_connect_error");
    expect(reply.alert).toBeUndefined();
  });

  test("connect timeout", () => {
    const reply = classifyReply("SERVER_ERROR Timed out when trying to connect to server. Ex: AsyncSocketException: connect timed out after 1000ms, type = Timed out");
    expect(reply.failure).toBe("connect-timeout");
    expect(reply.socketErrorType).toBe("Timed out");
  });

  test("peer closed during connect, with errno", () => {
    const reply = classifyReply("SERVER_ERROR AsyncSocketException: recv() failed, type = Network error, errno = 104 (Connection reset by peer)");
    expect(reply.failure).toBe("connect-error");
    expect(reply.socketErrorType).toBe("Network error");
    expect(reply.alert).toBeUndefined();
  });

  test("connection closed by the server", () => {
    expect(classifyReply("SERVER_ERROR Connection closed by the server.").failure).toBe("remote-error");
  });

  test("unloadable client certificate", () => {
    const reply = classifyReply("SERVER_ERROR AsyncSocketException: SSLContext provider returned nullptr, check SSL certificates, type = Invalid arguments");
    expect(reply.failure).toBe("client-credentials");
  });

  test("numeric error code", () => {
    const reply = classifyReply("SERVER_ERROR 307 busy");
    expect(reply.errorCode).toBe(307);
    expect(reply.message).toBe("busy");
  });

  test.each([
    ["STORED", "stored"],
    ["NOT_STORED", "not-stored"],
    ["END", "end"],
    ["VALUE key 0 5", "value"],
    ["VERSION .0 mcrouter", "version"],
    ["ERROR", "error"],
    ["CLIENT_ERROR bad data chunk", "client-error"],
    ["garbage", "unknown"],
  ])("%s is %s", (line, kind) => {
    expect(classifyReply(line).kind).toBe(kind);
  });
});

describe("extractAlertName", () => {
  test.each([
    ["error:0A000410:SSL routines::sslv3 alert handshake failure", "handshake_failure"],
    ["error:0A000418:SSL routines::tlsv1 alert unknown ca", "unknown_ca"],
    ["error:0A000438:SSL routines::tlsv1 alert internal error", "internal_error"],
    ["error:0A00045C:SSL routines::tlsv13 alert certificate required", "certificate_required"],
    ["error:0A000415:SSL routines::sslv3 alert certificate expired", "certificate_expired"],
    ["error:0A00042B:SSL routines::sslv3 alert unsupported certificate", "unsupported_certificate"],
    ["error:14094412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate", "bad_certificate"],
    ["fizz::FizzException: received alert: unknown_ca, in state ExpectingServerHello", "unknown_ca"],
    ["tlsv1 alert user cancelled", "user_canceled"],
  ])("%s", (text, alert) => {
    expect(extractAlertName(text)).toBe(alert);
  });

  test("no alert in a plain network error", () => {
    expect(extractAlertName("AsyncSocketException: connect failed, type = Network error, errno = 111 (Connection refused)")).toBeUndefined();
  });
});
