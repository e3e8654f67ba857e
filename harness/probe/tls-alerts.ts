// The TLS alert registry and the error codes under which Node reports a received alert.
//
// OpenSSL turns a received fatal alert into the reason code 1000 + the alert description and
// appends "SSL alert number N" to the error text. Node derives `err.code` from the reason string:
// `ERR_SSL_` plus the string in upper case with spaces replaced by underscores. The alerts first
// defined for SSLv3 read `sslv3 alert ...` in OpenSSL 3.0.22 (`openssl errstr 0A000410`) but
// `ssl/tls alert ...` in the OpenSSL 3.5.8 that Node 26 bundles, so both forms are listed.

export interface TlsAlert {
  /** Alert description code from the IANA TLS Alerts registry. */
  code: number;
  /** Name as RFC 8446 spells it; alerts that TLS 1.3 reserves keep their TLS 1.2 name. */
  name: string;
  /** Whether RFC 8446 marks the code reserved, so only a TLS 1.2 (or older) peer may send it. */
  reservedInTls13: boolean;
  /** OpenSSL's reason strings for this alert when received, in every spelling Node may report. */
  opensslReasons: string[];
}

const SSLV3 = (words: string): string[] => [`sslv3 alert ${words}`, `ssl/tls alert ${words}`];

export const TLS_ALERTS: readonly TlsAlert[] = [
  { code: 10, name: "unexpected_message", reservedInTls13: false, opensslReasons: SSLV3("unexpected message") },
  { code: 20, name: "bad_record_mac", reservedInTls13: false, opensslReasons: SSLV3("bad record mac") },
  { code: 21, name: "decryption_failed", reservedInTls13: true, opensslReasons: ["tlsv1 alert decryption failed"] },
  { code: 22, name: "record_overflow", reservedInTls13: false, opensslReasons: ["tlsv1 alert record overflow"] },
  { code: 30, name: "decompression_failure", reservedInTls13: true, opensslReasons: SSLV3("decompression failure") },
  { code: 40, name: "handshake_failure", reservedInTls13: false, opensslReasons: SSLV3("handshake failure") },
  { code: 41, name: "no_certificate", reservedInTls13: true, opensslReasons: SSLV3("no certificate") },
  { code: 42, name: "bad_certificate", reservedInTls13: false, opensslReasons: SSLV3("bad certificate") },
  { code: 43, name: "unsupported_certificate", reservedInTls13: false, opensslReasons: SSLV3("unsupported certificate") },
  { code: 44, name: "certificate_revoked", reservedInTls13: false, opensslReasons: SSLV3("certificate revoked") },
  { code: 45, name: "certificate_expired", reservedInTls13: false, opensslReasons: SSLV3("certificate expired") },
  { code: 46, name: "certificate_unknown", reservedInTls13: false, opensslReasons: SSLV3("certificate unknown") },
  { code: 47, name: "illegal_parameter", reservedInTls13: false, opensslReasons: SSLV3("illegal parameter") },
  { code: 48, name: "unknown_ca", reservedInTls13: false, opensslReasons: ["tlsv1 alert unknown ca"] },
  { code: 49, name: "access_denied", reservedInTls13: false, opensslReasons: ["tlsv1 alert access denied"] },
  { code: 50, name: "decode_error", reservedInTls13: false, opensslReasons: ["tlsv1 alert decode error"] },
  { code: 51, name: "decrypt_error", reservedInTls13: false, opensslReasons: ["tlsv1 alert decrypt error"] },
  { code: 60, name: "export_restriction", reservedInTls13: true, opensslReasons: ["tlsv1 alert export restriction"] },
  { code: 70, name: "protocol_version", reservedInTls13: false, opensslReasons: ["tlsv1 alert protocol version"] },
  { code: 71, name: "insufficient_security", reservedInTls13: false, opensslReasons: ["tlsv1 alert insufficient security"] },
  { code: 80, name: "internal_error", reservedInTls13: false, opensslReasons: ["tlsv1 alert internal error"] },
  { code: 86, name: "inappropriate_fallback", reservedInTls13: false, opensslReasons: ["tlsv1 alert inappropriate fallback"] },
  // RFC 8446 spells it `user_canceled`, but OpenSSL's reason string spells it "cancelled".
  { code: 90, name: "user_canceled", reservedInTls13: false, opensslReasons: ["tlsv1 alert user cancelled"] },
  { code: 100, name: "no_renegotiation", reservedInTls13: true, opensslReasons: ["tlsv1 alert no renegotiation"] },
  { code: 109, name: "missing_extension", reservedInTls13: false, opensslReasons: ["tlsv13 alert missing extension"] },
  { code: 110, name: "unsupported_extension", reservedInTls13: false, opensslReasons: ["tlsv1 unsupported extension"] },
  { code: 111, name: "certificate_unobtainable", reservedInTls13: true, opensslReasons: ["tlsv1 certificate unobtainable"] },
  { code: 112, name: "unrecognized_name", reservedInTls13: false, opensslReasons: ["tlsv1 unrecognized name"] },
  { code: 113, name: "bad_certificate_status_response", reservedInTls13: false, opensslReasons: ["tlsv1 bad certificate status response"] },
  { code: 114, name: "bad_certificate_hash_value", reservedInTls13: true, opensslReasons: ["tlsv1 bad certificate hash value"] },
  { code: 115, name: "unknown_psk_identity", reservedInTls13: false, opensslReasons: ["tlsv1 alert unknown psk identity"] },
  { code: 116, name: "certificate_required", reservedInTls13: false, opensslReasons: ["tlsv13 alert certificate required"] },
  { code: 120, name: "no_application_protocol", reservedInTls13: false, opensslReasons: ["tlsv1 alert no application protocol"] },
];

/** Converts an OpenSSL reason string into the `err.code` that Node reports for it. */
export function nodeErrorCodeForReason(reason: string): string {
  return `ERR_SSL_${reason.toUpperCase().replaceAll(" ", "_")}`;
}

const alertsByCode = new Map<number, TlsAlert>(TLS_ALERTS.map((alert) => [alert.code, alert]));

const alertsByErrorCode = new Map<string, TlsAlert>(
  TLS_ALERTS.flatMap((alert) => alert.opensslReasons.map((reason) => [nodeErrorCodeForReason(reason), alert] as const)),
);

/** Every Node error code that means "the peer sent this alert", mapped to the alert. */
export const ALERT_BY_NODE_ERROR_CODE: ReadonlyMap<string, TlsAlert> = alertsByErrorCode;

export function alertForCode(code: number): TlsAlert | undefined {
  return alertsByCode.get(code);
}

/**
 * Finds the alert that a Node TLS error reports as received from the peer, or undefined when the
 * error is not a received alert. The "SSL alert number N" suffix decides when present, because it
 * carries the code itself, and the error code decides otherwise. A number outside the registry is
 * named `alert_<number>`.
 */
export function receivedAlertOf(error: { code?: unknown; message?: unknown }): TlsAlert | undefined {
  const message = typeof error.message === "string" ? error.message : "";
  const numbered = /SSL alert number (\d+)/.exec(message);

  if (numbered?.[1] !== undefined) {
    const code = Number(numbered[1]);
    return alertForCode(code) ?? { code, name: `alert_${code}`, reservedInTls13: false, opensslReasons: [] };
  }

  return typeof error.code === "string" ? alertsByErrorCode.get(error.code) : undefined;
}
