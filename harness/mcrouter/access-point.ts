// mcrouter's destination strings, `host:port[:protocol[:security_mech[:compression]]]`.
// mcrouter parses them in `mcrouter/lib/network/AccessPoint.cpp:121-190` and rejects a string
// it cannot parse with `invalid server <string>` when it loads the configuration. The
// checks here reject the same strings before mcrouter ever sees them.

import { isIP } from "node:net";

/** The security words mcrouter accepts (`mcrouter/lib/network/SecurityOptions.cpp:31-44`). */
export const SECURITY_MECHS = ["plain", "ssl", "tls_to_plain", "fizz", "ktls12"] as const;
export type SecurityMech = (typeof SECURITY_MECHS)[number];

/** The mechs that speak TLS 1.2 through OpenSSL; `fizz` is the TLS 1.3 one. */
export const OPENSSL_MECHS = ["ssl", "tls_to_plain", "ktls12"] as const satisfies readonly SecurityMech[];

/** The protocol words mcrouter accepts in a destination string. */
export const PROTOCOLS = ["ascii", "caret", "thrift", "xdp"] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export const COMPRESSIONS = ["compressed", "notcompressed"] as const;
export type Compression = (typeof COMPRESSIONS)[number];

/** One destination of a pool. Omitted parts take the pool's defaults in mcrouter. */
export interface AccessPoint {
  /** IPv4 address, IPv6 address without brackets, or a host name resolved at connect time. */
  host: string;
  port: number;
  protocol?: Protocol;
  mech?: SecurityMech;
  compression?: Compression;
}

export function isSecurityMech(word: string): word is SecurityMech {
  return (SECURITY_MECHS as readonly string[]).includes(word);
}

/** Throw unless `port` is an integer from 1 to 65535; `what` names the setting in the error. */
export function validatePort(port: number, what: string): void {
  const valid = Number.isInteger(port) && port >= 1 && port <= 65535;
  if (!valid) {
    throw new RangeError(`${what} is ${String(port)}, which is not a port: use an integer from 1 to 65535`);
  }
}

/** Throw unless `word` is one of mcrouter's security mechs; `what` names where it was found. */
export function validateSecurityMech(word: string, what = "security_mech"): asserts word is SecurityMech {
  if (!isSecurityMech(word)) {
    throw new RangeError(`${what} "${word}" is not one of ${SECURITY_MECHS.join(", ")}`);
  }
}

function validateProtocol(word: string): asserts word is Protocol {
  if (!(PROTOCOLS as readonly string[]).includes(word)) {
    throw new RangeError(`protocol "${word}" is not one of ${PROTOCOLS.join(", ")}`);
  }
}

function validateCompression(word: string): asserts word is Compression {
  if (!(COMPRESSIONS as readonly string[]).includes(word)) {
    throw new RangeError(`compression "${word}" is not one of ${COMPRESSIONS.join(", ")}`);
  }
}

function validateHost(host: string): void {
  if (host === "") {
    throw new RangeError("destination host is empty: give an IP address or a host name");
  }

  if (host.startsWith("[") || host.endsWith("]")) {
    throw new RangeError(`destination host "${host}" has brackets: give the IPv6 address without them`);
  }

  if (host.includes(":") && isIP(host) !== 6) {
    throw new RangeError(`destination host "${host}" contains ":" but is not an IPv6 address`);
  }
}

/**
 * Format an access point as mcrouter's server string, for example `[::1]:5000:ascii:ssl`.
 * Throws a RangeError naming the invalid part. A later part needs every earlier one,
 * because the string is positional.
 */
export function formatAccessPoint(accessPoint: AccessPoint): string {
  validateHost(accessPoint.host);
  validatePort(accessPoint.port, `port of destination ${accessPoint.host}`);

  const host = isIP(accessPoint.host) === 6 ? `[${accessPoint.host}]` : accessPoint.host;
  const parts = [`${host}:${accessPoint.port}`];

  const tail = [accessPoint.protocol, accessPoint.mech, accessPoint.compression];
  const lastGiven = tail.findLastIndex((part) => part !== undefined);
  const missing = lastGiven === -1 ? -1 : tail.slice(0, lastGiven).findIndex((part) => part === undefined);
  if (missing !== -1) {
    const names = ["protocol", "mech", "compression"];
    throw new RangeError(
      `destination ${parts[0]} sets ${names[lastGiven]} but not ${names[missing]}: the server string is positional, so give ${names[missing]} too`,
    );
  }

  if (accessPoint.protocol !== undefined) {
    validateProtocol(accessPoint.protocol);
    parts.push(accessPoint.protocol);
  }
  if (accessPoint.mech !== undefined) {
    validateSecurityMech(accessPoint.mech, `security_mech of destination ${parts[0]}`);
    parts.push(accessPoint.mech);
  }
  if (accessPoint.compression !== undefined) {
    validateCompression(accessPoint.compression);
    parts.push(accessPoint.compression);
  }

  return parts.join(":");
}

/**
 * Parse a server string the way mcrouter does. Hosts in brackets are IPv6. Throws a
 * RangeError that names the invalid part, where mcrouter would fail the whole
 * configuration with `invalid server <string>`.
 */
export function parseAccessPoint(serverString: string): AccessPoint {
  let host: string;
  let rest: string;

  if (serverString.startsWith("unix:")) {
    throw new RangeError(`server "${serverString}" is a unix socket, which this harness does not route to`);
  }

  if (serverString.startsWith("[")) {
    const closing = serverString.indexOf("]");
    if (closing === -1) {
      throw new RangeError(`server "${serverString}" opens "[" without closing it`);
    }
    host = serverString.slice(1, closing);
    rest = serverString.slice(closing + 1);
    if (isIP(host) !== 6) {
      throw new RangeError(`server "${serverString}" has "${host}" in brackets, which is not an IPv6 address`);
    }
  } else {
    const colon = serverString.indexOf(":");
    host = colon === -1 ? serverString : serverString.slice(0, colon);
    rest = colon === -1 ? "" : serverString.slice(colon);
  }

  validateHost(host);

  if (!rest.startsWith(":")) {
    throw new RangeError(`server "${serverString}" has no port: write host:port, with IPv6 hosts in brackets`);
  }

  const [portText = "", protocol, mech, compression, ...extra] = rest.slice(1).split(":");
  if (extra.length > 0) {
    throw new RangeError(`server "${serverString}" has more than five colon-separated parts`);
  }

  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) {
    throw new RangeError(`server "${serverString}" has port "${portText}": use an integer from 1 to 65535`);
  }

  const accessPoint: AccessPoint = { host, port };
  if (protocol !== undefined) {
    validateProtocol(protocol);
    accessPoint.protocol = protocol;
  }
  if (mech !== undefined) {
    validateSecurityMech(mech, `security_mech of server "${serverString}"`);
    accessPoint.mech = mech;
  }
  if (compression !== undefined) {
    validateCompression(compression);
    accessPoint.compression = compression;
  }
  return accessPoint;
}
