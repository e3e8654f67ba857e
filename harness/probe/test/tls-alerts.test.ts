// The alert map, checked against Node's real TLS stack. A raw TCP server replies to each
// ClientHello with a fatal alert record, and the prober must name the alert it received.

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { probe } from "../probe.ts";
import { ALERT_BY_NODE_ERROR_CODE, alertForCode, nodeErrorCodeForReason, receivedAlertOf, TLS_ALERTS } from "../tls-alerts.ts";
import { fatalAlertRecord, startRawTcpServer, type RawTcpServer } from "./fixtures/raw-tcp-server.ts";

describe("alert table", () => {
  test("codes and names are unique", () => {
    expect(new Set(TLS_ALERTS.map((alert) => alert.code)).size).toBe(TLS_ALERTS.length);
    expect(new Set(TLS_ALERTS.map((alert) => alert.name)).size).toBe(TLS_ALERTS.length);
  });

  test("names use RFC 8446 spelling", () => {
    expect(alertForCode(48)?.name).toBe("unknown_ca");
    expect(alertForCode(90)?.name).toBe("user_canceled");
    expect(alertForCode(116)?.name).toBe("certificate_required");
    for (const alert of TLS_ALERTS) {
      expect(alert.name).toMatch(/^[a-z]+(_[a-z]+)*$/);
    }
  });

  test("both OpenSSL spellings of SSLv3 alerts map", () => {
    expect(ALERT_BY_NODE_ERROR_CODE.get("ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE")?.code).toBe(40);
    expect(ALERT_BY_NODE_ERROR_CODE.get("ERR_SSL_SSL/TLS_ALERT_HANDSHAKE_FAILURE")?.code).toBe(40);
    expect(ALERT_BY_NODE_ERROR_CODE.get("ERR_SSL_TLSV1_ALERT_UNKNOWN_CA")?.code).toBe(48);
    expect(ALERT_BY_NODE_ERROR_CODE.get("ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED")?.code).toBe(116);
  });

  test("error code alone identifies an alert", () => {
    expect(receivedAlertOf({ code: "ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED", message: "" })?.name).toBe("certificate_expired");
    expect(receivedAlertOf({ code: "ERR_SSL_WRONG_VERSION_NUMBER", message: "wrong version number" })).toBeUndefined();
  });

  test("alert number outside the table is named by code", () => {
    expect(receivedAlertOf({ code: "ERR_SSL_X", message: "x:SSL alert number 199" })?.name).toBe("alert_199");
  });

  test("reason strings become Node codes", () => {
    expect(nodeErrorCodeForReason("ssl/tls alert bad certificate")).toBe("ERR_SSL_SSL/TLS_ALERT_BAD_CERTIFICATE");
  });
});

describe.each(["TLSv1.2", "TLSv1.3"] as const)("received alerts over %s", (tlsVersion) => {
  const servers = new Map<number, RawTcpServer>();

  beforeAll(async () => {
    for (const alert of TLS_ALERTS) {
      servers.set(alert.code, await startRawTcpServer((socket) => socket.once("data", () => socket.write(fatalAlertRecord(alert.code)))));
    }
  });

  afterAll(async () => {
    for (const server of servers.values()) {
      await server.close();
    }
  });

  test.each(TLS_ALERTS.map((alert) => [alert.name, alert] as const))("%s is classified", async (_name, alert) => {
    const port = servers.get(alert.code)?.port ?? 0;

    const record = await probe({ host: "127.0.0.1", port, tlsVersion, timeoutMs: 2000 });

    expect(record.outcome.kind).toBe("server-alert");
    expect(record.outcome.stage).toBe("handshake");
    expect(record.outcome.alert).toBe(alert.name);
    expect(record.outcome.alertCode).toBe(alert.code);
    // The error code Node reported must itself be in the map, so the code alone would also do.
    expect(ALERT_BY_NODE_ERROR_CODE.get(record.outcome.errorCode ?? "")?.code).toBe(alert.code);
  });
});
