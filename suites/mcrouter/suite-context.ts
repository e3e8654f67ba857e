// Set-up shared by the mcrouter suites: the mcrouter under test, the
// certificate kit, free ports for local processes, and the TLS prober. Without an
// mcrouter each topology's block is skipped under a name that says why, so the rest of
// the project's tests still pass and the report shows what did not run.

import { readFile } from "node:fs/promises";
import { join } from "node:path";

import { describe } from "vitest";

import type { KitManifest } from "../../certs-gen/manifest.ts";
import { credentialFromManifest, trustRootPath } from "../../harness/mcrouter/kit-credentials.ts";
import { ABSENT_HINT, resolveMcrouter, type McrouterLocation } from "../../harness/mcrouter/locate.ts";
import { CONTAINER_PORTS, type PortPlan } from "../../harness/mcrouter/topologies.ts";
import { findFreePort } from "../../harness/ports/free-port.ts";
import type { ProbeRecord, TlsVersion } from "../../harness/probe/record.ts";
import type { CaseCredentials } from "./case-topology.ts";
import { PEER_VARIANTS, SERVER_VARIANTS } from "./client-variants.ts";

/**
 * The mcrouter under test. A set but broken MCROUTER_IMAGE or MCROUTER_BIN makes the
 * suite file fail to load with the reason, because skipping would hide the mistake.
 */
export const mcrouterLocation: McrouterLocation = await resolveMcrouter();

if (mcrouterLocation.kind === "absent") {
  console.log(`mcrouter suites did not run: ${mcrouterLocation.reason}`);
}

/** `describe` when mcrouter is available, else `describe.skip` with a title that gives the reason. */
export function describeWithMcrouter(title: string, body: () => void): void {
  if (mcrouterLocation.kind === "absent") {
    describe.skip(`${title}: ${ABSENT_HINT}`, body);
  } else {
    describe(title, body);
  }
}

/** Return the mcrouter's location. Throws without one, which describeWithMcrouter prevents. */
export function presentLocation(): Exclude<McrouterLocation, { kind: "absent" }> {
  if (mcrouterLocation.kind === "absent") {
    throw new Error(mcrouterLocation.reason);
  }
  return mcrouterLocation;
}

export interface SuiteKit {
  dir: string;
  manifest: KitManifest;
  credentials: CaseCredentials;
}

/** Environment variable naming the certs-gen kit directory the mcrouter suites use. */
export const KIT_DIR_VARIABLE = "MTLS_KIT_DIR";

/**
 * Load the kit named by MTLS_KIT_DIR. Throws with the fix when it is unset or lacks the
 * server and peer leaves every topology needs.
 *
 * NOTE: the suites do not generate the kit themselves yet. The client leaves' iPAddress
 * SAN must equal the address mcrouter sees (harness/mcrouter/source-address.ts), which for
 * containers is known only once the network exists.
 */
export async function loadSuiteKit(): Promise<SuiteKit> {
  const dir = process.env[KIT_DIR_VARIABLE];
  if (dir === undefined || dir === "") {
    throw new Error(`${KIT_DIR_VARIABLE} is not set: generate a kit with certs-gen and set ${KIT_DIR_VARIABLE} to its directory`);
  }

  const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")) as KitManifest;
  const credentials: CaseCredentials = {
    mcrouterServer: credentialFromManifest(manifest, SERVER_VARIANTS.mcrouter),
    memcachedServer: credentialFromManifest(manifest, SERVER_VARIANTS.memcached),
    mcrouterClient: credentialFromManifest(manifest, PEER_VARIANTS.valid),
    root: trustRootPath(manifest),
    leaf: (variant) => credentialFromManifest(manifest, variant),
  };
  return { dir, manifest, credentials };
}

/** Choose a topology's ports: fixed ones inside containers, free loopback ports for local processes. */
export async function portPlan(location: Exclude<McrouterLocation, { kind: "absent" }>): Promise<PortPlan> {
  if (location.kind === "image") {
    return CONTAINER_PORTS;
  }
  return {
    frontPlain: await findFreePort(),
    frontSsl: await findFreePort(),
    backPlain: await findFreePort(),
    backSsl: await findFreePort(),
    memcached: await findFreePort(),
  };
}

/** The options of the project's TLS prober, as its interface was announced. */
export interface TlsProbeOptions {
  host: string;
  port: number;
  tlsVersion: TlsVersion;
  sourceAddress?: string;
  /** PEM chain and key of the client leaf, or null to present none. */
  client: { variant: string; certPem: string; keyPem: string } | null;
  trustedCaPem: string;
  followUpRequests?: number;
}

export type TlsProbe = (options: TlsProbeOptions) => Promise<ProbeRecord>;

/**
 * Load the prober from harness/probe. The module path is computed so that the type check
 * passes while the prober does not exist yet.
 *
 * NOTE: the prober's module name and option shape are assumed from its announced
 * interface, `probe({host, port, tlsVersion, sourceAddress, client, trustedCaPem,
 * followUpRequests})`; check both when harness/probe/ publishes it.
 */
export async function loadTlsProbe(): Promise<TlsProbe> {
  const modulePath = ["..", "..", "harness", "probe", "probe.ts"].join("/");
  let loaded: { probe?: unknown };
  try {
    loaded = (await import(modulePath)) as { probe?: unknown };
  } catch (error) {
    throw new Error(`the TLS prober harness/probe/probe.ts could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof loaded.probe !== "function") {
    throw new Error("harness/probe/probe.ts exports no probe function");
  }
  return loaded.probe as TlsProbe;
}

/** Read a client leaf's chain and key for the prober. Throws when the kit lacks the variant. */
export async function clientPems(kit: SuiteKit, variant: string): Promise<{ variant: string; certPem: string; keyPem: string }> {
  const credential = kit.credentials.leaf(variant);
  return {
    variant,
    certPem: await readFile(join(kit.dir, credential.certPath), "utf8"),
    keyPem: await readFile(join(kit.dir, credential.keyPath), "utf8"),
  };
}

/**
 * Return why a leaf cannot test what its case means to test: it must carry `address`, the
 * address mcrouter sees, as an iPAddress SAN. Returns undefined when it does.
 */
export function missingIpSan(kit: SuiteKit, variant: string, address: string): string | undefined {
  const entry = kit.manifest.variants.find((candidate) => candidate.id === variant);
  if (entry === undefined) {
    return `kit variant ${variant} not found in ${kit.dir}/manifest.json`;
  }
  if (entry.certificate?.san.ip.includes(address)) {
    return undefined;
  }
  return `kit variant ${variant} has iPAddress SANs [${entry.certificate?.san.ip.join(", ") ?? ""}] but mcrouter sees ${address}: generate the kit with that address`;
}
