// What one probe of one link observed. Suites compare these records with expectations, and
// reports are written from them. No field may contain private key material.

export type TlsVersion = "TLSv1.2" | "TLSv1.3";

/** Stage of the connection at which a failure surfaced. */
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
  /** The server under test did not start with this configuration; `stderr` contains its last output. */
  | "server-start-failed"
  /** The TLS session worked but the reply was an error line, for example mcrouter's `SERVER_ERROR ...`. */
  | "error-reply"
  /** TCP connect failed (refused, unreachable). */
  | "connect-failed"
  /**
   * The prober could not prepare its own side before any traffic. Causes: the client key does
   * not match the certificate; a key or certificate file is unreadable, encrypted without a
   * passphrase or not valid PEM; or the source address cannot be bound. It is never a verdict
   * about the server.
   */
  | "client-setup-failed"
  /**
   * The prober's TLS library aborted without receiving an alert and without a certificate
   * verification error, for example `ERR_SSL_WRONG_VERSION_NUMBER` when the peer does not speak TLS.
   */
  | "protocol-error";

export interface ProbeOutcome {
  kind: OutcomeKind;
  stage?: ProbeStage;
  alert?: string;
  /** Numeric alert description from the TLS alert registry, for example 48 for `unknown_ca`. */
  alertCode?: number;
  verifyError?: string;
  /** Node's error code, for example `ERR_SSL_TLSV1_ALERT_UNKNOWN_CA`. */
  errorCode?: string;
  /** Human-readable detail, trimmed. */
  message?: string;
  /** The first reply line, trimmed. It decides an `error-reply` outcome and is also kept for `ok`. */
  reply?: string;
  stderr?: string;
}

export interface ProbeLatency {
  tcpConnectMs?: number;
  /** From TCP connected to `secureConnect`. */
  handshakeMs?: number;
  /** From `secureConnect` to the first complete reply. */
  firstReplyMs?: number;
  /**
   * Follow-up requests on the same connection. `count` is the round trips that got a reply,
   * including a final error reply; a request that got no reply is not counted.
   */
  followUp?: { count: number; p50Ms: number; p95Ms: number };
}

/** The result of comparing the server leaf's SAN with the address the prober connected to. */
export interface ServerIdentityCheck {
  /** The IP address the leaf was checked against. */
  checkedAgainst: string;
  matched: boolean;
  /** Whether a mismatch failed the probe (`client-verify-error` with `ERR_TLS_CERT_ALTNAME_INVALID`). */
  enforced: boolean;
  /** Node's reason for a mismatch. */
  reason?: string;
}

/** Facts about the certificate the server presented, read after the handshake. */
export interface PeerCertificateSummary {
  subject: string;
  issuer: string;
  /** Node's `subjectaltname` string, for example `IP Address:127.0.0.1`. */
  subjectAltName?: string;
  validTo: string;
  sha256Fingerprint: string;
}

export interface ProbeRecord {
  /** Id of the kit leaf the client presented, or null for none. */
  clientVariant: string | null;
  /** The prober's own protocol version; `none` where it reached the server in plaintext, as through mcrouter's plain port. */
  tlsVersion: TlsVersion | "none";
  /**
   * The local address the TCP socket was bound to. Before a TCP connection exists this is the
   * requested `sourceAddress`, or the empty string when none was requested.
   */
  sourceAddress: string;
  /** The local port of the TCP socket, when a connection formed. */
  sourcePort?: number;
  target: { host: string; port: number };
  outcome: ProbeOutcome;
  /**
   * Present once the handshake completed, so also for TLS 1.3 links that the server rejects on
   * the first read. `cipher` is OpenSSL's name, `cipherStandardName` the IANA name.
   */
  negotiated?: { version: string; cipher: string; cipherStandardName?: string };
  latency: ProbeLatency;
  startedAt: string;
  /**
   * For links behind mcrouter: the non-zero TLS and connect-result counters of `stats all` on
   * the mcrouter the prober sent to, read after the probe, for example `num_ssl_servers_down`.
   */
  mcrouterStats?: Record<string, number>;
  /**
   * Set when the client certificate could only be loaded after lowering OpenSSL's security level
   * to 0, for example for an RSA-1024 key (and, with OpenSSL 3.0, a SHA-1 or MD5 signed leaf).
   * `reason` is the error code that the default level raised. Level 0 then also applies to the
   * server's certificate on that connection.
   */
  securityLevelLowered?: { level: 0; reason: string };
  serverIdentity?: ServerIdentityCheck;
  serverCertificate?: PeerCertificateSummary;
  /** The full first reply, only when the probe was asked to capture it. */
  firstReply?: string;
}
