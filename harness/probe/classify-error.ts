// Turns an error raised by node:net or node:tls during a probe into the outcome a record reports.

import { errorCodeOf } from "./client-context.ts";
import type { ProbeOutcome, ProbeStage } from "./record.ts";
import { receivedAlertOf } from "./tls-alerts.ts";

/** TCP errors that mean no connection could be made to the target. */
const CONNECT_ERRORS = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "EHOSTDOWN", "ETIMEDOUT"]);

/** Errors of the prober's own socket set-up, such as binding a source address the host lacks. */
const LOCAL_SOCKET_ERRORS = new Set(["EADDRNOTAVAIL", "EADDRINUSE", "EINVAL", "EAFNOSUPPORT", "EACCES"]);

/**
 * Errors of a connection that the peer closed or reset without a TLS alert. Node reports a
 * close during the handshake as `ECONNRESET` ("Client network socket disconnected before secure
 * TLS connection was established").
 */
const CLOSED_ERRORS = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED"]);

/** Classifies `error`, raised at `stage`, as a probe outcome. */
export function classifyError(error: unknown, stage: ProbeStage): ProbeOutcome {
  const errorCode = errorCodeOf(error);
  const message = summarize(error);

  const alert = typeof error === "object" && error !== null ? receivedAlertOf(error) : undefined;
  if (alert !== undefined) {
    return { kind: "server-alert", stage, alert: alert.name, alertCode: alert.code, errorCode, message };
  }

  if (stage === "tcp-connect" && CONNECT_ERRORS.has(errorCode)) {
    return { kind: "connect-failed", stage, errorCode, message };
  }

  if (stage === "tcp-connect" && LOCAL_SOCKET_ERRORS.has(errorCode)) {
    return { kind: "client-setup-failed", stage, errorCode, message: `${message}. Check sourceAddress and host: both must be addresses of the same family, and the source must be local.` };
  }

  if (CLOSED_ERRORS.has(errorCode)) {
    return { kind: "closed-without-alert", stage, errorCode, message };
  }

  return { kind: "protocol-error", stage, errorCode, message };
}

/** Shortens an error message to its first line, without OpenSSL's source file suffix, at most 300 characters. */
export function summarize(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const firstLine = text.split("\n", 1)[0] ?? "";
  const withoutSourcePath = firstLine.replace(/:[^:]*\/deps\/openssl\/[^:]*:\d+/, "");

  return withoutSourcePath.trim().slice(0, 300);
}
