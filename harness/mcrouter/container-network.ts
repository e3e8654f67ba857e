// A bridge network for the containers of one topology, labelled so that the harness's
// cleanup finds it, and its gateway: the address an mcrouter container sees for every
// client that reaches it from this machine (through a published port or the container's
// address), and so the iPAddress SAN those clients' certificates need.

import { randomUUID } from "node:crypto";

import type Dockerode from "dockerode";

/** A network's name and IPv4 gateway. */
export interface NetworkGateway {
  readonly name: string;
  /** The IPv4 gateway from the network's IPAM configuration. */
  readonly gateway: string;
}

export interface ContainerNetwork extends NetworkGateway {
  remove(): Promise<void>;
}

/** Create a bridge network with `labels` and read its gateway. Removes the network again if it has no IPv4 gateway. */
export async function createContainerNetwork(dockerode: Dockerode, labels: Record<string, string>): Promise<ContainerNetwork> {
  const name = `mcrouter-mtls-${randomUUID().slice(0, 12)}`;
  const network = await dockerode.createNetwork({ Name: name, Driver: "bridge", Labels: labels, CheckDuplicate: true });
  const remove = async (): Promise<void> => {
    await network.remove().catch((error: unknown) => {
      const status = (error as { statusCode?: number }).statusCode;
      if (status !== 404) throw error;
    });
  };

  const info = (await network.inspect()) as { IPAM?: { Config?: { Gateway?: string }[] } };
  const gateway = info.IPAM?.Config?.map((config) => config.Gateway).find((address) => address !== undefined && address.includes("."));
  if (gateway === undefined) {
    await remove();
    throw new Error(`network ${name} reports no IPv4 gateway in its IPAM configuration`);
  }

  return { name, gateway, remove };
}
