// The GenericContainer that both memcached builders start. It adds four things that
// testcontainers 12.2 has no option for: loopback-only port bindings, a fixed network address,
// an open stdin, and a hook between creating and starting the container.

import { GenericContainer } from "testcontainers";

import type { NetworkAttachment } from "./memcached-builder.ts";

export interface ContainerHooks {
  /** Container ports to publish on 127.0.0.1 only, in place of every host address. */
  ports: number[];
  /** Whether the engine runs on this machine, so that binding 127.0.0.1 reaches the ports. */
  publishOnLoopback: boolean;
  network: NetworkAttachment | undefined;
  /** Keeps stdin open between attaches, for a process in the container that reads it. */
  openStdin: boolean;
  /** Runs after the container is created and before it starts. */
  onCreated: (containerId: string) => void | Promise<void>;
}

export class HookedContainer extends GenericContainer {
  readonly #hooks: ContainerHooks;

  constructor(image: string, hooks: ContainerHooks) {
    super(image);
    this.#hooks = hooks;
  }

  protected override async beforeContainerCreated(): Promise<void> {
    if (this.#hooks.publishOnLoopback) {
      const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
      for (const port of this.#hooks.ports) {
        bindings[`${port}/tcp`] = [{ HostIp: "127.0.0.1", HostPort: "0" }];
      }
      this.hostConfig.PortBindings = { ...this.hostConfig.PortBindings, ...bindings };
    }

    if (this.#hooks.openStdin) {
      this.createOpts.OpenStdin = true;
      this.createOpts.StdinOnce = false;
    }

    const network = this.#hooks.network;
    if (network?.ipv4Address !== undefined) {
      this.createOpts.NetworkingConfig = {
        EndpointsConfig: { [network.name]: { IPAMConfig: { IPv4Address: network.ipv4Address } } },
      };
    }
  }

  protected override async containerCreated(containerId: string): Promise<void> {
    await this.#hooks.onCreated(containerId);
  }
}
