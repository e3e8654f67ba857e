// What one probe of one link observed. Suites compare these records with expectations, and
// reports are written from them. No field may contain private key material.

export type TlsVersion = "TLSv1.2" | "TLSv1.3";

/** Where in the connection a failure surfaced. */
export type ProbeStage = "server-start" | "tcp-connect" | "handshake" | "first-reply" | "follow-up";

export type OutcomeKind =
  /** A request round trip completed. */
  | "ok"
  /** The server sent a TLS alert; `alert` names it as RFC 8446 spells it (`unknown_ca`). */
  | "server-alert"
  /** The prober rejected the server's certificate; `verifyError` is OpenSSL's code (`CERT_HAS_EXPIRED`). */
  | "client-verify-error"
  /** The server closed or reset the connection without an alert. */
  | "closed-without-alert"
  | "timeout"
  /** The server under test did not start with this configuration; `stderr` holds its last output. */
  | "server-start-failed"
  /** The TLS session worked but the reply was an error line, for example mcrouter's `SERVER_ERROR ...`. */
  | "error-reply"
  /** TCP connect failed (refused, unreachable). */
  | "connect-failed";

export interface ProbeOutcome {
  kind: OutcomeKind;
  stage?: ProbeStage;
  alert?: string;
  verifyError?: string;
  /** Node's error code, for example `ERR_SSL_TLSV1_ALERT_UNKNOWN_CA`. */
  errorCode?: string;
  /** Human-readable detail, trimmed. */
  message?: string;
  /** The reply line that decided an `error-reply` outcome. */
  reply?: string;
  stderr?: string;
}

export interface ProbeLatency {
  tcpConnectMs?: number;
  /** From TCP connected to `secureConnect`. */
  handshakeMs?: number;
  /** From `secureConnect` to the first complete reply. */
  firstReplyMs?: number;
  /** Follow-up requests on the same connection. */
  followUp?: { count: number; p50Ms: number; p95Ms: number };
}

export interface ProbeRecord {
  /** Which kit leaf the client presented, or null for none. */
  clientVariant: string | null;
  tlsVersion: TlsVersion;
  sourceAddress: string;
  target: { host: string; port: number };
  outcome: ProbeOutcome;
  negotiated?: { version: string; cipher: string };
  latency: ProbeLatency;
  startedAt: string;
}
