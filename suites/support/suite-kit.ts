// The kit the suites run with, and how a suite file finds it.

import { loadKit, type LoadedKit } from "../../harness/kit/load-kit.ts";
import type { ClientCredentials } from "../../harness/probe/client-context.ts";

/** Environment variable naming the certs-gen kit directory of the run. */
export const KIT_DIR_VARIABLE = "MTLS_KIT_DIR";

/** Set by the global setup: SHA-256 of the kit's manifest.json, for the reports. */
export const KIT_MANIFEST_DIGEST_VARIABLE = "MTLS_KIT_MANIFEST_SHA256";

/** Set by the global setup: `generated` or `given`, for the reports. */
export const KIT_SOURCE_VARIABLE = "MTLS_KIT_SOURCE";

/**
 * iPAddress SANs of the valid leaves. 127.0.0.5 is the loopback alias that IP-SAN cases connect
 * from, 127.0.0.1 is where local servers listen, and ::1 covers IPv6 loopback.
 */
export const SUITE_KIT_IPS = ["127.0.0.5", "127.0.0.1", "::1"];
export const SUITE_KIT_DNS = ["localhost"];

/**
 * Return the iPAddress SANs of the valid leaves: SUITE_KIT_IPS, followed by the run
 * network's gateway and fixed container addresses when the run has such a network.
 */
export function suiteKitIps(runNetwork?: { kitAddresses: readonly string[] }): string[] {
  return [...SUITE_KIT_IPS, ...(runNetwork?.kitAddresses ?? [])];
}

/** Loads the kit that the global setup provided. */
export async function loadSuiteKit(): Promise<LoadedKit> {
  const dir = process.env[KIT_DIR_VARIABLE];
  if (dir === undefined || dir === "") {
    throw new Error(`${KIT_DIR_VARIABLE} is not set: run the suites through \`npm test\` or \`npm start\`, whose global setup generates a kit, or set ${KIT_DIR_VARIABLE} to a kit made by certs-gen`);
  }
  return loadKit(dir);
}

/** The chain and key files of a kit leaf, as the prober presents them. */
export function clientCredentials(kit: LoadedKit, variantId: string): ClientCredentials {
  const variant = kit.variant(variantId);
  return { variantId, chainFile: kit.path(variant.files.chain), keyFile: kit.path(variant.files.key) };
}
