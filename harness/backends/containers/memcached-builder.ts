// Builder options that apply to a memcached container as a whole, shared by the single-server
// and the group builder.

/** Directory for the certificate files inside the container. */
export const TLS_DIRECTORY = "/etc/memcached-tls";

/** Engine hosts on this machine, for which ports are published on 127.0.0.1 only. */
export const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "::1"]);

/** A Docker network to attach the container to, optionally at a fixed IPv4 address. */
export interface NetworkAttachment {
  name: string;
  ipv4Address: string | undefined;
}

/**
 * Base of MemcachedContainer and MemcachedGroupContainer: the image, labels, start-up timeout
 * and network. Subclasses add withTls() and start().
 */
export abstract class MemcachedBuilder {
  readonly #image: string;
  #labels: Record<string, string> = {};
  #startupTimeoutMs = 30_000;
  #network: NetworkAttachment | undefined;

  constructor(image: string) {
    this.#image = image;
  }

  /** Adds labels to the container. A later value for the same key replaces the earlier one. */
  withLabels(labels: Record<string, string>): this {
    this.#labels = { ...this.#labels, ...labels };
    return this;
  }

  /** Sets how long start() waits for memcached, or every server of a group, to listen or exit. */
  withStartupTimeout(startupTimeoutMs: number): this {
    this.#startupTimeoutMs = startupTimeoutMs;
    return this;
  }

  /**
   * Attaches the container to this network only, in place of the default bridge, optionally at
   * a fixed IPv4 address. The ports are still published on the host.
   */
  withNetworkName(networkName: string, ipv4Address?: string): this {
    this.#network = { name: networkName, ipv4Address };
    return this;
  }

  protected get image(): string {
    return this.#image;
  }

  protected get labels(): Record<string, string> {
    return this.#labels;
  }

  protected get startupTimeoutMs(): number {
    return this.#startupTimeoutMs;
  }

  protected get network(): NetworkAttachment | undefined {
    return this.#network;
  }
}
