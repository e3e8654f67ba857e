// The topologies the mcrouter suites run, one factory per kind. Ports are the ones each
// process listens on inside its own network namespace. A container keeps the defaults;
// local processes share the host, so the starter passes free ports instead.

import type { SecurityMech } from "./access-point.ts";
import { mcrouter, memcached, topology } from "./builders.ts";
import type { PemCredential } from "./kit-credentials.ts";
import type { MemcachedVerifyMode, Topology } from "./topology.ts";

/** The kit files a topology uses, relative to the kit directory. */
export interface TopologyCredentials {
  /** The leaf mcrouter presents on `--ssl-port`. */
  mcrouterServer: PemCredential;
  /** The leaf memcached presents. */
  memcachedServer: PemCredential;
  /**
   * The leaf mcrouter presents toward TLS destinations (`--pem-*`). Toward another
   * mcrouter over TLS 1.2 it must carry the calling mcrouter's address as an iPAddress SAN.
   */
  mcrouterClient: PemCredential;
  /** The trusted root, for every `-ca-path` flag and memcached's `ssl_ca_cert`. */
  root: string;
}

export interface PortPlan {
  /** `-p` of the mcrouter the prober reaches; also the harness's plaintext admin port. */
  frontPlain: number;
  /** `--ssl-port` of that mcrouter. */
  frontSsl: number;
  /** `-p` of the second mcrouter in mcrouter→mcrouter topologies. */
  backPlain: number;
  /** `--ssl-port` of the second mcrouter. */
  backSsl: number;
  /** memcached's TLS port. */
  memcached: number;
}

/** Ports inside containers. 11433 is the TLS port of the 2014 mcrouter SSL guide. */
export const CONTAINER_PORTS: Readonly<PortPlan> = Object.freeze({
  frontPlain: 5000,
  frontSsl: 11433,
  backPlain: 5001,
  backSsl: 11434,
  memcached: 11211,
});

/**
 * Build the topology where a client connects to mcrouter's TLS port, and mcrouter replies to `version` itself and
 * routes other requests nowhere (`NullRoute`), so only the client→mcrouter link is tested.
 */
export function clientToMcrouter(credentials: TopologyCredentials, options: { requirePeerCerts: boolean; ports?: PortPlan }): Topology {
  const ports = options.ports ?? CONTAINER_PORTS;
  const setting = options.requirePeerCerts ? "require-peer-certs" : "no-require";

  return topology(`client-mcrouter/${setting}`, "client-mcrouter")
    .withDescription(
      `A client connects to mcrouter's --ssl-port ${options.requirePeerCerts ? "with" : "without"} --ssl-require-peer-certs; mcrouter replies to version itself.`,
    )
    .withNode(
      mcrouter("front")
        .withPort(ports.frontPlain)
        .withSslPort(ports.frontSsl)
        .withServerCertificate(credentials.mcrouterServer, credentials.root)
        .withRequirePeerCerts(options.requirePeerCerts)
        .withRoute("NullRoute"),
    )
    .withEntry("front", "ssl")
    .build();
}

export interface McrouterToMemcachedOptions {
  mech: SecurityMech;
  verifyMode: MemcachedVerifyMode;
  /** Whether mcrouter gets `--pem-cert-path`, `--pem-key-path`, `--pem-ca-path` and `--ssl-verify-peers`. */
  clientFlags: boolean;
  /**
   * The place of the mech: the server string (`host:port:ascii:<mech>`, the default), or
   * the pool's `security_mech` with a server string that names none. `{ pool, server }` sets
   * both, to show which one mcrouter uses.
   */
  mechIn?: "server" | "pool" | { pool: SecurityMech; server: SecurityMech };
  ports?: PortPlan;
}

/**
 * Build the topology where a client sends plaintext requests to mcrouter's `-p` port and
 * mcrouter routes them to memcached (`-Z`) over one destination string `<host>:<port>:ascii:<mech>`.
 */
export function mcrouterToMemcached(credentials: TopologyCredentials, options: McrouterToMemcachedOptions): Topology {
  const ports = options.ports ?? CONTAINER_PORTS;
  const flags = options.clientFlags ? "client-flags" : "no-client-flags";

  const mechIn = options.mechIn ?? "server";
  let router = mcrouter("front").withPort(ports.frontPlain);
  if (mechIn === "server") {
    router = router.withPool("A", [{ node: "memcached", protocol: "ascii", mech: options.mech }]);
  } else if (mechIn === "pool") {
    router = router.withPool("A", [{ node: "memcached", protocol: "ascii" }], { securityMech: options.mech });
  } else {
    router = router.withPool("A", [{ node: "memcached", protocol: "ascii", mech: mechIn.server }], { securityMech: mechIn.pool });
  }
  if (options.clientFlags) {
    router = router.withClientCertificate(credentials.mcrouterClient).withVerifyPeers(credentials.root);
  }

  return topology(`mcrouter-memcached/${options.mech}/verify-${options.verifyMode}/${flags}`, "mcrouter-memcached")
    .withDescription(
      `mcrouter routes to memcached with ssl_verify_mode=${options.verifyMode} over mech ${options.mech}, ${options.clientFlags ? "with" : "without"} --pem-* and --ssl-verify-peers.`,
    )
    .withNode(memcached("memcached").withPort(ports.memcached).withServerCertificate(credentials.memcachedServer).withVerifyMode(options.verifyMode, credentials.root))
    .withNode(router)
    .withEntry("front", "plain")
    .build();
}

export interface McrouterToMcrouterOptions {
  mech: SecurityMech;
  /** The leaf the front mcrouter presents, or null for none. */
  frontClient: PemCredential | null;
  ports?: PortPlan;
}

/**
 * Build the topology where a client sends plaintext requests to the front mcrouter, which routes them over TLS to
 * the back mcrouter's `--ssl-port` (with `--ssl-require-peer-certs`). The back mcrouter
 * replies from `NullRoute`, so a `get` that crosses the link returns a miss.
 */
export function mcrouterToMcrouter(credentials: TopologyCredentials, options: McrouterToMcrouterOptions): Topology {
  const ports = options.ports ?? CONTAINER_PORTS;
  const clientLabel = options.frontClient?.variant ?? "none";

  let front = mcrouter("front").withPort(ports.frontPlain).withPool("B", [{ node: "back", listener: "ssl", protocol: "ascii", mech: options.mech }]);
  if (options.frontClient !== null) {
    front = front.withClientCertificate(options.frontClient);
  }
  front = front.withVerifyPeers(credentials.root);

  return topology(`mcrouter-mcrouter/${options.mech}/${clientLabel}`, "mcrouter-mcrouter")
    .withDescription(
      `One mcrouter routes over mech ${options.mech} to another mcrouter's --ssl-port that requires client certificates, presenting ${clientLabel === "none" ? "no certificate" : clientLabel}.`,
    )
    .withNode(
      mcrouter("back")
        .withPort(ports.backPlain)
        .withSslPort(ports.backSsl)
        .withServerCertificate(credentials.mcrouterServer, credentials.root)
        .withRequirePeerCerts()
        .withRoute("NullRoute"),
    )
    .withNode(front)
    .withEntry("front", "plain")
    .build();
}

/**
 * Build the set-up of the 2014 mcrouter SSL guide: `mcrouter --ssl-port 11433
 * --pem-cert-path=... --pem-key-path=... --pem-ca-path=...`. Current releases take the
 * listener's files from `--server-pem-*` only, so `variant: "as-published"` is expected
 * to exit at start-up, and `variant: "server-pem"` passes the same files as `--server-pem-*`
 * too, which is the command line that works.
 */
export function guide2014(credentials: TopologyCredentials, options: { variant: "as-published" | "server-pem"; ports?: PortPlan }): Topology {
  const ports = options.ports ?? CONTAINER_PORTS;
  const leaf = credentials.mcrouterClient;

  let router = mcrouter("front")
    .withPort(ports.frontPlain)
    .withSslPort(ports.frontSsl)
    .withClientPem({ variant: leaf.variant, certPath: leaf.certPath, keyPath: leaf.keyPath, caPath: credentials.root })
    .withRoute("NullRoute");

  if (options.variant === "as-published") {
    router = router.expectingStartFailure(
      "the guide passes the listener's certificate through --pem-*, which configure only mcrouter's client side; --ssl-port needs --server-pem-*",
    );
  } else {
    router = router.withServerCertificate(leaf, credentials.root);
  }

  const description =
    options.variant === "as-published"
      ? "mcrouter started as the 2014 SSL guide shows: --ssl-port with --pem-cert-path, --pem-key-path and --pem-ca-path only."
      : "The 2014 guide's command line with the same files also given as --server-pem-cert-path, --server-pem-key-path and --server-pem-ca-path.";

  return topology(`guide-2014/${options.variant}`, "guide-2014")
    .withDescription(description)
    .withNode(router)
    .withEntry("front", "ssl")
    .build();
}
