// A testcontainers GenericContainer that joins a named network at a fixed IPv4 address.
// GenericContainer has no option for the address, so the endpoint configuration is written
// into the create request. The engine accepts a fixed address only on a network whose
// subnet was set when it was created, as createRunNetwork does.

import { GenericContainer } from "testcontainers";

export class FixedAddressContainer extends GenericContainer {
  #endpoint: { networkName: string; ipv4Address: string } | undefined;

  /** Join `networkName` at `ipv4Address` instead of an address the engine picks. */
  withFixedAddress(networkName: string, ipv4Address: string): this {
    this.#endpoint = { networkName, ipv4Address };
    return this.withNetworkMode(networkName);
  }

  protected override async beforeContainerCreated(): Promise<void> {
    if (this.#endpoint === undefined) return;
    this.createOpts.NetworkingConfig = {
      EndpointsConfig: { [this.#endpoint.networkName]: { IPAMConfig: { IPv4Address: this.#endpoint.ipv4Address } } },
    };
  }
}
