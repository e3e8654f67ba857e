// Which address mcrouter sees as the client's, so that the client certificate can carry
// it as an iPAddress SAN. mcrouter's TLS 1.2 path compares the leaf's iPAddress SANs
// byte for byte with getpeername() of the accepted socket
// (`mcrouter/lib/network/McSSLUtil.cpp:54-86`), so behind NAT it is the last translating
// hop, not the client. TLS 1.3 (fizz) does no such check.

import { isIP } from "node:net";

/** Path from the prober to the mcrouter under test. */
export type ClientPath =
  /** mcrouter is a local process; the client connects over loopback. */
  | { kind: "local-process"; loopbackAlias?: string; family?: 4 | 6 }
  /**
   * mcrouter runs in a container; the client runs on the host and connects to a
   * published port or to the container's address. Both go through the network's
   * gateway: docker-proxy (or the engine's NAT) connects from it.
   */
  | { kind: "container-from-host"; networkGateway: string }
  /** mcrouter runs in a container; the client runs in another container on the same network. */
  | { kind: "container-from-container"; clientContainerAddress: string }
  /**
   * The client is itself a local mcrouter routing to a local mcrouter over IPv4 loopback.
   * mcrouter binds no source address, so the kernel picks the loopback route's source.
   */
  | { kind: "local-mcrouter-to-local-mcrouter" };

export interface SourceAddressDecision {
  /** The local address the client binds before connecting, or undefined to let the kernel choose. */
  bindAddress: string | undefined;
  /** The address mcrouter's getpeername() returns, to put in the client leaf's iPAddress SAN. */
  seenByMcrouter: string;
  /** One sentence for reports: why mcrouter sees this address. */
  why: string;
}

/** The loopback alias used for local processes. Linux routes all of 127.0.0.0/8 to lo, so it needs no set-up there. */
export const DEFAULT_LOOPBACK_ALIAS = "127.0.0.5";

/**
 * Decide which address the client binds and which one mcrouter will see. A local
 * client binds a loopback alias other than 127.0.0.1, so that a certificate naming
 * 127.0.0.1 does not pass by accident. Throws when an address is not an IP literal.
 */
export function decideSourceAddress(path: ClientPath): SourceAddressDecision {
  if (path.kind === "local-process") {
    if (path.family === 6) {
      return {
        bindAddress: "::1",
        seenByMcrouter: "::1",
        why: "mcrouter is a local process and the client connects over IPv6 loopback, which has the single address ::1; the TLS port's IPv6 socket is V6ONLY, so the peer is not IPv4-mapped",
      };
    }

    const alias = path.loopbackAlias ?? DEFAULT_LOOPBACK_ALIAS;
    if (isIP(alias) !== 4 || !alias.startsWith("127.")) {
      throw new RangeError(`loopback alias "${alias}" is not an IPv4 address in 127.0.0.0/8: use one such as ${DEFAULT_LOOPBACK_ALIAS}`);
    }
    return {
      bindAddress: alias,
      seenByMcrouter: alias,
      why: `mcrouter is a local process, so it sees the loopback address the client binds (${alias})`,
    };
  }

  if (path.kind === "local-mcrouter-to-local-mcrouter") {
    return {
      bindAddress: undefined,
      seenByMcrouter: "127.0.0.1",
      why: "the calling mcrouter binds no source address, and Linux's local route for 127.0.0.0/8 has the source 127.0.0.1",
    };
  }

  if (path.kind === "container-from-host") {
    if (isIP(path.networkGateway) === 0) {
      throw new RangeError(`network gateway "${path.networkGateway}" is not an IP address: read it from the network's IPAM configuration`);
    }
    return {
      bindAddress: undefined,
      seenByMcrouter: path.networkGateway,
      why: `mcrouter runs in a container and the client on the host, so connections arrive from the network gateway ${path.networkGateway} (docker-proxy or NAT), whatever address the client binds`,
    };
  }

  if (isIP(path.clientContainerAddress) === 0) {
    throw new RangeError(`client container address "${path.clientContainerAddress}" is not an IP address: read it after the container started`);
  }
  return {
    bindAddress: undefined,
    seenByMcrouter: path.clientContainerAddress,
    why: `the client runs in a container on mcrouter's network, so mcrouter sees that container's address ${path.clientContainerAddress}`,
  };
}
