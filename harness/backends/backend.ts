// The contract every memcached back end fulfils: start a real memcached with TLS, report
// where the harness reaches it, and remove everything it started.

import type { ServerStartError } from "./server-start-error.ts";

export type BackendKind = "containers" | "local";

/** memcached's TLS options, as host file paths and option values. */
export interface MemcachedTlsSettings {
  /** Server certificate chain in PEM, leaf first (`-o ssl_chain_cert`). */
  chainFile: string;
  /** Server private key in PEM (`-o ssl_key`). */
  keyFile: string;
  /** Trust store for client certificates (`-o ssl_ca_cert`). Without it memcached trusts no client certificate. */
  caFile?: string;
  /**
   * `-o ssl_verify_mode`: 0 sends no certificate request, 1 requests one and checks it if sent,
   * 2 requires one, 3 requires one and checks it only on the first handshake of a connection.
   */
  verifyMode: 0 | 1 | 2 | 3;
  /** Lowest TLS version accepted (`-o ssl_min_version`); memcached's default is TLS 1.2. */
  minVersion?: "tlsv1.2" | "tlsv1.3";
  /** Further memcached arguments, appended as given, for example `["-o", "ssl_session_cache"]`. */
  extraOptions?: string[];
}

/** Where a server is on a Docker network, for other containers on that network. */
export interface NetworkEndpoint {
  networkName: string;
  /** The container's IPv4 address on the network. */
  host: string;
  /** memcached's port inside the container. */
  port: number;
}

export interface MemcachedStartOptions {
  /**
   * Docker network for the memcached container to join, so that other containers on it reach
   * memcached at `StartedServer.networkEndpoint`. The local backend rejects this option.
   */
  networkName?: string;
  /**
   * Fixed IPv4 address on `networkName`, for server certificates that must name it. The engine
   * accepts it only on a network created with an explicit subnet that contains the address.
   */
  ipv4Address?: string;
}

export interface StartedServer {
  readonly backend: BackendKind;
  /** Address the harness connects to: 127.0.0.1 for both backends on a local engine. */
  readonly host: string;
  readonly port: number;
  /** memcached's version as `memcached -V` prints it, without the name: `1.6.18`. */
  readonly version: string;
  /** Set when the server joined a Docker network (MemcachedStartOptions.networkName). */
  readonly networkEndpoint?: NetworkEndpoint | undefined;
  /** memcached's output so far (stdout and stderr, `-vv`), with any PEM private key block removed. */
  logs(): Promise<string>;
  /** Stops memcached and removes what was started for it. Calling it again does nothing. */
  stop(): Promise<void>;
}

export interface Backend {
  readonly kind: BackendKind;
  /** Starts memcached with TLS and waits until it listens. Raises ServerStartError when memcached exits first. */
  startMemcached(settings: MemcachedTlsSettings, options?: MemcachedStartOptions): Promise<StartedServer>;
  /**
   * Starts one memcached per settings entry and waits until each listens or exits. Returns one
   * result per entry, in order: the started server, or the ServerStartError of a server that
   * exited before it listened, while the other servers keep running. Rejects, with nothing left
   * running, on invalid settings or when the backend itself fails. The containers backend runs
   * the whole group in one container.
   */
  startMemcachedGroup(settings: MemcachedTlsSettings[], options?: MemcachedStartOptions): Promise<Array<StartedServer | ServerStartError>>;
  /** Stops every server this backend started and removes their resources. */
  close(): Promise<void>;
}
