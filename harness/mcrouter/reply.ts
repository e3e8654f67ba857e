// Classification of the ASCII reply lines mcrouter sends back when a request was routed
// to a destination. A failed TLS link toward a destination never reaches the client as
// a TLS error: mcrouter turns it into a `SERVER_ERROR` line whose text is the exception
// (`mcrouter/lib/network/AsyncMcClientImpl.cpp:538-647`, `mcrouter/lib/network/AsciiSerialized.cpp:287-311`):
//
//   SERVER_ERROR AsyncSocketException: error:0A000410:SSL routines::sslv3 alert handshake failure, type = SSL error
//   SERVER_ERROR Failed to read from socket with remote endpoint "127.0.0.1:5001:ascii:fizz:notcompressed". Exception: AsyncSocketException: fizz::FizzException: received alert: certificate_required, in state Established, type = SSL error
//   SERVER_ERROR Server unavailable. Reason: mc_res_connect_error
//
// The OpenSSL part of the text depends on the OpenSSL that mcrouter links, so callers
// should compare the alert name, not the whole line.

export type ReplyKind =
  | "stored"
  | "not-stored"
  | "value"
  | "end"
  | "version"
  | "deleted"
  | "not-found"
  | "server-error"
  | "client-error"
  | "error"
  | "unknown";

/** Kind of failure toward the destination that a `SERVER_ERROR` line reports. */
export type DestinationFailure =
  /** TCP connect or TLS handshake failed (carbon result CONNECT_ERROR). */
  | "connect-error"
  /** TCP connect plus handshake exceeded the connect timeout (CONNECT_TIMEOUT). */
  | "connect-timeout"
  /** An established connection broke, for example a TLS 1.3 alert after Finished (REMOTE_ERROR). */
  | "remote-error"
  /** The destination is TKO and mcrouter did not try it (`Server unavailable. Reason: ...`). */
  | "server-unavailable"
  /** mcrouter could not load its own client certificate or key. */
  | "client-credentials"
  | "other";

export interface ClassifiedReply {
  kind: ReplyKind;
  /** The line as received, without the line ending. */
  line: string;
  /** For `SERVER_ERROR` and `CLIENT_ERROR`: the text after the keyword and the optional numeric code. */
  message?: string;
  errorCode?: number;
  failure?: DestinationFailure;
  /** The TLS alert named in the text, spelled as in RFC 8446 (`handshake_failure`). */
  alert?: string;
  /** folly's AsyncSocketException type, for example `SSL error`, `End of file`, `Network error`, `Timed out`. */
  socketErrorType?: string;
  /** For `Server unavailable`: the carbon result that made the destination TKO, e.g. `mc_res_connect_error`. */
  unavailableReason?: string;
  /** For remote errors: the destination string mcrouter names. */
  destination?: string;
  /** For `VERSION`: the text after the keyword. */
  version?: string;
}

const OPENSSL_ALERT = /\b(?:sslv3|tlsv1|tlsv13) alert ([a-z][a-z ]*[a-z])/;
const FIZZ_ALERT = /received alert: ([a-z][a-z0-9_]*)/;

/**
 * Extract the TLS alert from an error text, in RFC 8446 spelling. OpenSSL writes
 * `sslv3 alert handshake failure` or `tlsv13 alert certificate required`, fizz writes
 * `received alert: certificate_required`. Returns undefined when the text names no alert.
 */
export function extractAlertName(text: string): string | undefined {
  const fizz = FIZZ_ALERT.exec(text);
  if (fizz !== null) {
    return fizz[1];
  }

  const openssl = OPENSSL_ALERT.exec(text);
  if (openssl !== null) {
    const name = (openssl[1] ?? "").replaceAll(" ", "_");
    // OpenSSL spells alert 90 "user cancelled"; RFC 8446 calls it user_canceled.
    return name === "user_cancelled" ? "user_canceled" : name;
  }
  return undefined;
}

function socketErrorType(message: string): string | undefined {
  const match = /type = ([A-Za-z ]+?)(?:, errno = \d+.*)?$/.exec(message);
  return match?.[1];
}

function classifyServerError(message: string): Partial<ClassifiedReply> {
  const details: Partial<ClassifiedReply> = {};

  const alert = extractAlertName(message);
  if (alert !== undefined) details.alert = alert;

  const type = socketErrorType(message);
  if (type !== undefined) details.socketErrorType = type;

  const unavailable = /^Server unavailable\. Reason: (\S+)/.exec(message);
  if (unavailable !== null) {
    details.failure = "server-unavailable";
    details.unavailableReason = unavailable[1] ?? "";
    return details;
  }

  const remote = /^Failed to read from socket with remote endpoint "([^"]*)"/.exec(message);
  if (remote !== null) {
    details.failure = "remote-error";
    details.destination = remote[1] ?? "";
    return details;
  }

  if (message.startsWith("Connection closed by the server")) {
    details.failure = "remote-error";
  } else if (message.startsWith("Timed out when trying to connect")) {
    details.failure = "connect-timeout";
  } else if (message.includes("SSLContext provider returned nullptr")) {
    details.failure = "client-credentials";
  } else if (message.startsWith("AsyncSocketException:")) {
    details.failure = "connect-error";
  } else {
    details.failure = "other";
  }
  return details;
}

/** Classify the first line of an ASCII reply. */
export function classifyReply(rawLine: string): ClassifiedReply {
  const line = rawLine.replace(/\r?\n$/, "");

  const errorMatch = /^(SERVER_ERROR|CLIENT_ERROR) (?:(\d+) )?(.*)$/.exec(line);
  if (errorMatch !== null) {
    const message = errorMatch[3] ?? "";
    const classified: ClassifiedReply = {
      kind: errorMatch[1] === "SERVER_ERROR" ? "server-error" : "client-error",
      line,
      message,
    };
    if (errorMatch[2] !== undefined) classified.errorCode = Number(errorMatch[2]);
    return errorMatch[1] === "SERVER_ERROR" ? { ...classified, ...classifyServerError(message) } : classified;
  }

  if (line.startsWith("VERSION ")) {
    return { kind: "version", line, version: line.slice("VERSION ".length) };
  }
  if (line.startsWith("VALUE ")) {
    return { kind: "value", line };
  }

  const simple: Record<string, ReplyKind> = {
    STORED: "stored",
    NOT_STORED: "not-stored",
    END: "end",
    DELETED: "deleted",
    NOT_FOUND: "not-found",
    ERROR: "error",
  };
  return { kind: simple[line] ?? "unknown", line };
}
