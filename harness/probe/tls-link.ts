// Opens one TLS connection the way the prober measures it: a TCP connect from a chosen source
// address, then a handshake pinned to one protocol version, then the prober's own verdict on
// the server's certificate. Shared by the ASCII probe and the memjs bridge.

import net from "node:net";
import { performance } from "node:perf_hooks";
import tls from "node:tls";

import { buildClientContext, errorCodeOf, type ClientCredentials } from "./client-context.ts";
import { classifyError } from "./classify-error.ts";
import { ProbeFailure } from "./probe-failure.ts";
import type { PeerCertificateSummary, ProbeRecord, ProbeStage, TlsVersion } from "./record.ts";

/** Target and TLS settings of a link, which `probe` and `memjsRoundTrip` pass on unchanged. */
export interface TlsConnectionOptions {
  /** IP address of the server (IPv4 or IPv6). Names are not resolved, so the record always names an address. */
  host: string;
  port: number;
  /** Pinned: the minimum and maximum protocol version are both this one. */
  tlsVersion: TlsVersion;
  /** Local address to bind, for example `127.0.0.5` (any 127.0.0.0/8 address binds on Linux) or `::1`. */
  sourceAddress?: string;
  /** The certificate presented, or null (or absent) to present none. */
  client?: ClientCredentials | null;
  /** Verify the server's chain against this trust store; when absent the chain is not verified. */
  trustedCaPem?: Buffer | string;
  /**
   * Fail with `client-verify-error` (`ERR_TLS_CERT_ALTNAME_INVALID`) when the server leaf's SAN
   * does not contain `host`. Defaults to true when `trustedCaPem` is set and false otherwise.
   * The result of the check is recorded in `serverIdentity` either way.
   */
  verifyServerIdentity?: boolean;
  /** OpenSSL security level from the start; by default it is lowered to 0 only when the client certificate needs that. */
  securityLevel?: number;
}

export interface TlsLinkOptions extends TlsConnectionOptions {
  /** Limit for each stage (TCP connect, handshake, each reply) in milliseconds. */
  timeoutMs: number;
}

/** The parts of a record that opening the link fills in, including when it fails. */
export type LinkObservation = Pick<
  ProbeRecord,
  "sourceAddress" | "sourcePort" | "negotiated" | "latency" | "serverIdentity" | "serverCertificate" | "securityLevelLowered"
>;

export interface TlsLink {
  socket: tls.TLSSocket;
  /** `performance.now()` at `secureConnect`. */
  secureAt: number;
  /** The first error the TLS socket raised after the handshake, if any, even with no reader attached. */
  firstError(): unknown;
  /** Destroys the TLS socket and the TCP socket under it and resolves once both have closed. Safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Connects and completes the handshake, filling `observed` as each step finishes. Raises a
 * `ProbeFailure` for any outcome other than a completed, accepted handshake, after destroying
 * every socket it opened.
 */
export async function openTlsLink(options: TlsLinkOptions, observed: LinkObservation): Promise<TlsLink> {
  const context = await buildClientContext({
    tlsVersion: options.tlsVersion,
    client: options.client ?? null,
    ...(options.trustedCaPem === undefined ? {} : { trustedCaPem: options.trustedCaPem }),
    ...(options.securityLevel === undefined ? {} : { securityLevel: options.securityLevel }),
  });
  if (context.securityLevelLowered !== undefined) {
    observed.securityLevelLowered = context.securityLevelLowered;
  }

  const tcp = await connectTcp(options, observed);

  let socket: tls.TLSSocket | undefined;
  let firstError: unknown = undefined;
  const close = async (): Promise<void> => {
    await Promise.all([destroyAndWait(socket), destroyAndWait(tcp)]);
  };

  try {
    const handshakeStart = performance.now();
    socket = tls.connect({
      socket: tcp,
      secureContext: context.secureContext,
      // The prober decides on the server's certificate itself after `secureConnect`, so the
      // record can tell a rejected chain from a SAN mismatch.
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
    });

    // A TLS 1.3 alert can arrive before anyone reads the socket. This listener keeps it for
    // `firstError()`, so it cannot crash the process as an unhandled error.
    socket.on("error", (error) => {
      firstError ??= error;
    });

    await awaitStage(socket, "secureConnect", "handshake", options.timeoutMs);
    const secureAt = performance.now();
    observed.latency.handshakeMs = roundMs(secureAt - handshakeStart);

    recordSession(socket, observed);
    checkServerCertificate(socket, options, observed);

    return { socket, secureAt, close, firstError: () => firstError };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Destroys `socket` and resolves at its `close` event, so no handle outlives the caller. Waits at
 * most one second, so a socket that never emits `close` cannot hang the probe.
 */
export async function destroyAndWait(socket: net.Socket | undefined): Promise<void> {
  if (socket === undefined || socket.closed) {
    return;
  }

  const closed = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 1000);
    timer.unref();
    socket.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });
  socket.destroy();
  await closed;
}

async function connectTcp(options: TlsLinkOptions, observed: LinkObservation): Promise<net.Socket> {
  const start = performance.now();
  const tcp = net.connect({
    host: options.host,
    port: options.port,
    ...(options.sourceAddress === undefined ? {} : { localAddress: options.sourceAddress }),
  });

  try {
    await awaitStage(tcp, "connect", "tcp-connect", options.timeoutMs);
  } catch (error) {
    await destroyAndWait(tcp);
    throw error;
  }

  observed.latency.tcpConnectMs = roundMs(performance.now() - start);
  observed.sourceAddress = tcp.localAddress ?? observed.sourceAddress;
  if (tcp.localPort !== undefined) {
    observed.sourcePort = tcp.localPort;
  }
  tcp.setNoDelay(true);

  // Once TLS wraps the socket, its errors surface on the TLS socket. This listener only stops a
  // duplicate emission on the TCP socket from becoming an uncaught exception.
  tcp.on("error", () => {});

  return tcp;
}

/** Waits for `event` on `emitter`; an error, a close or the timer first raises a `ProbeFailure` for `stage`. */
function awaitStage(emitter: net.Socket, event: string, stage: ProbeStage, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      settle();
      reject(new ProbeFailure({ kind: "timeout", stage, message: `The ${stage} stage did not finish within ${timeoutMs} ms.` }));
    }, timeoutMs);

    const onEvent = (): void => {
      settle();
      resolve();
    };
    const onError = (error: Error): void => {
      settle();
      reject(new ProbeFailure(classifyError(error, stage)));
    };
    const onClose = (): void => {
      settle();
      reject(new ProbeFailure({ kind: "closed-without-alert", stage, errorCode: "EOF", message: `The connection closed during the ${stage} stage without an alert.` }));
    };

    const settle = (): void => {
      clearTimeout(timer);
      emitter.off(event, onEvent);
      emitter.off("error", onError);
      emitter.off("close", onClose);
    };

    emitter.once(event, onEvent);
    emitter.once("error", onError);
    emitter.once("close", onClose);
  });
}

function recordSession(socket: tls.TLSSocket, observed: LinkObservation): void {
  const cipher = socket.getCipher();
  observed.negotiated = {
    version: socket.getProtocol() ?? "unknown",
    cipher: cipher.name,
    cipherStandardName: cipher.standardName,
  };

  const peer = socket.getPeerCertificate();
  if (peer !== null && Object.keys(peer).length > 0) {
    observed.serverCertificate = summarizeCertificate(peer);
  }
}

function summarizeCertificate(peer: tls.PeerCertificate): PeerCertificateSummary {
  const summary: PeerCertificateSummary = {
    subject: distinguishedName(peer.subject),
    issuer: distinguishedName(peer.issuer),
    validTo: peer.valid_to,
    sha256Fingerprint: peer.fingerprint256,
  };
  if (peer.subjectaltname !== undefined) {
    summary.subjectAltName = peer.subjectaltname;
  }

  return summary;
}

function distinguishedName(name: tls.Certificate | undefined): string {
  if (name === undefined) {
    return "";
  }

  return Object.entries(name)
    .map(([attribute, value]) => `${attribute}=${Array.isArray(value) ? value.join("+") : String(value)}`)
    .join(", ");
}

/**
 * Applies the prober's verdict on the server certificate: the chain against `trustedCaPem`,
 * then the IP SAN against `host`. Node connects by IP with no SNI, so `host` is the only
 * identity a leaf can be checked against.
 */
function checkServerCertificate(socket: tls.TLSSocket, options: TlsLinkOptions, observed: LinkObservation): void {
  const verifying = options.trustedCaPem !== undefined;

  if (verifying && !socket.authorized) {
    const verifyError = String(socket.authorizationError ?? "UNKNOWN");
    throw new ProbeFailure({
      kind: "client-verify-error",
      stage: "handshake",
      verifyError,
      message: `The server certificate failed verification against the trusted CA: ${verifyError}.${weakKeyHint(socket, verifyError)}`,
    });
  }

  const peer = socket.getPeerCertificate();
  if (peer === null || Object.keys(peer).length === 0) {
    return;
  }

  const enforced = options.verifyServerIdentity ?? verifying;
  const mismatch = tls.checkServerIdentity(options.host, peer);
  observed.serverIdentity = { checkedAgainst: options.host, matched: mismatch === undefined, enforced };

  if (mismatch === undefined) {
    return;
  }

  observed.serverIdentity.reason = mismatch.message;
  if (enforced) {
    const code = errorCodeOf(mismatch);
    throw new ProbeFailure({
      kind: "client-verify-error",
      stage: "handshake",
      verifyError: code,
      errorCode: code,
      message: mismatch.message,
    });
  }
}

/**
 * Explains Node's `UNSPECIFIED`, which it reports for OpenSSL verify errors it has no name for.
 * The common one in this harness is a server RSA key below the 2048 bits that OpenSSL's default
 * security level 2 requires (OpenSSL's `EE_KEY_TOO_SMALL`).
 */
function weakKeyHint(socket: tls.TLSSocket, verifyError: string): string {
  if (verifyError !== "UNSPECIFIED") {
    return "";
  }

  const peer = socket.getPeerCertificate();
  const isRsa = peer !== null && typeof peer.modulus === "string" && peer.modulus.length > 0;
  if (!isRsa || typeof peer.bits !== "number" || peer.bits >= 2048) {
    return "";
  }

  return ` Node names this OpenSSL verify error UNSPECIFIED. The server's RSA key has ${peer.bits} bits, and OpenSSL security level 2 requires at least 2048; pass securityLevel: 0 to accept it.`;
}

export function roundMs(milliseconds: number): number {
  return Math.round(milliseconds * 1000) / 1000;
}
