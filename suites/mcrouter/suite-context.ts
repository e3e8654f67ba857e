// Set-up shared by the mcrouter suites: the mcrouter under test, the
// certificate kit, free ports for local processes, and the prober's client credentials. Without an
// mcrouter each topology's block is skipped under a name that says why, so the rest of
// the project's tests still pass and the report shows what did not run.

import { readFile } from "node:fs/promises";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, test, type TestContext } from "vitest";

import type { KitManifest } from "../../certs-gen/manifest.ts";
import type { ProbeRecord } from "../../harness/probe/record.ts";
import type { CaseResult } from "../../reports/result.ts";
import type { CaseEnvironment } from "../support/case-meta.ts";
import { ServerStartError } from "../../harness/backends/index.ts";
import { runNetworkFromEnvironment } from "../../harness/mcrouter/run-network.ts";
import { TopologyNotRunnableError, type RunningTopology, type TopologyRunOptions } from "../../harness/mcrouter/run-topology.ts";
import { startFailureRecord } from "../support/start-failure-record.ts";
import { caseResult, describeMismatch } from "../support/verdict.ts";
import type { McrouterCase } from "./expectations.ts";
import { credentialFromManifest, trustRootPath } from "../../harness/mcrouter/kit-credentials.ts";
import { ABSENT_HINT, resolveMcrouter, type McrouterLocation } from "../../harness/mcrouter/locate.ts";
import { describeTestedMcrouter, parseVersionReply } from "../../harness/mcrouter/version.ts";
import { CONTAINER_PORTS, type PortPlan } from "../../harness/mcrouter/topologies.ts";
import { findFreePort } from "../../harness/ports/free-port.ts";
import type { ClientCredentials } from "../../harness/probe/client-context.ts";
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

/**
 * The run's network, which the global setup creates for MCROUTER_IMAGE runs with a generated
 * kit. Undefined otherwise, and each topology then creates a network of its own.
 */
export const runNetwork = runNetworkFromEnvironment();

/**
 * Return the startTopology options that put an image's containers on the run's network, and
 * with `fixFront` the front mcrouter at its planned address, which the kit's valid leaves
 * carry. Returns no options for a binary or without a run network.
 * On Docker 20.10's bridge network the back mcrouter sees the front's fixed address as the
 * peer address, and clients on this machine the network's gateway: mcrouter v2026.08.17.00's
 * TLS 1.2 IP SAN check admitted leaves naming exactly these addresses.
 */
export function networkOptions(
  location: Exclude<McrouterLocation, { kind: "absent" }>,
  { fixFront = false }: { fixFront?: boolean } = {},
): Pick<TopologyRunOptions, "network" | "fixedAddresses"> {
  if (location.kind !== "image" || runNetwork === undefined) return {};
  const network = { name: runNetwork.name, gateway: runNetwork.gateway };
  return fixFront ? { network, fixedAddresses: { front: runNetwork.frontAddress } } : { network };
}

/**
 * `describe` when mcrouter is available. Without one, each case becomes a skipped test whose
 * title and report entry say why it did not run, so the report lists every case either way.
 */
export function describeWithMcrouter(title: string, cases: readonly McrouterCase[], body: () => void): void {
  if (mcrouterLocation.kind !== "absent") {
    describe(title, body);
    return;
  }

  const reason = mcrouterLocation.reason;
  describe(`${title}: ${ABSENT_HINT}`, () => {
    for (const entry of cases) {
      test(entry.id, (context) => {
        skipCase(context, entry, reason);
      });
    }
  });
}

/** Records a case as not run, with the reason, and skips its test. */
export function skipCase(context: TestContext, entry: McrouterCase, reason: string): never {
  context.task.meta.caseResult = caseResult(entry, undefined, reason);
  return context.skip(reason);
}

/** A topology's start attempt: running, a server that exited at start-up, or not runnable in this run. */
export type TopologyStart = { running: RunningTopology } | { startError: ServerStartError } | { notRun: string };

/**
 * Starts a case's topology. A server that exits at start-up is an observation to judge. A
 * topology this run cannot start is a case that does not run. Other errors propagate.
 */
export async function tryStartTopology(start: () => Promise<RunningTopology>): Promise<TopologyStart> {
  try {
    return { running: await start() };
  } catch (error) {
    if (error instanceof ServerStartError) return { startError: error };
    if (error instanceof TopologyNotRunnableError) return { notRun: error.message };
    throw error;
  }
}

/** How often useCaseTopology starts a topology whose port another process took first. */
const PORT_ATTEMPTS = 3;

function isPortTaken(error: ServerStartError): boolean {
  return error.stderr.includes("Address already in use");
}

/** One describe block's topology, filled in by the hooks that useCaseTopology registers. */
export interface CaseTopology {
  kit: SuiteKit | undefined;
  running: RunningTopology | undefined;
  /** Why the block's cases do not run: no kit, or a topology this run cannot start. */
  notRun: string | undefined;
  /** The server that exited at start-up, which the cases judge as their observation. */
  startError: ServerStartError | undefined;
}

/**
 * Registers beforeAll and afterAll hooks that load the suite kit, start the topology that
 * `start` returns, and stop it again. Returns the state the hooks fill in, for
 * `runningTopologyOf` in each test.
 */
export function useCaseTopology(start: (kit: SuiteKit, location: Exclude<McrouterLocation, { kind: "absent" }>) => Promise<RunningTopology>): CaseTopology {
  const state: CaseTopology = { kit: undefined, running: undefined, notRun: undefined, startError: undefined };

  beforeAll(async () => {
    const location = presentLocation();
    try {
      state.kit = await loadSuiteKit();
    } catch (error) {
      state.notRun = error instanceof Error ? error.message : String(error);
      return;
    }

    const kit = state.kit;
    for (let attempt = 1; ; attempt++) {
      const started = await tryStartTopology(async () => start(kit, location));

      // Local ports come from findFreePort, and a parallel test file can take one before
      // mcrouter binds it; `start` picks new ports on every call.
      if ("startError" in started && isPortTaken(started.startError) && attempt < PORT_ATTEMPTS) continue;

      if ("startError" in started) state.startError = started.startError;
      if ("notRun" in started) state.notRun = started.notRun;
      if ("running" in started) state.running = started.running;
      return;
    }
  });

  afterAll(async () => {
    await state.running?.stop();
  });

  return state;
}

/**
 * Returns the running topology and kit of a case. Skips the case with the reason when its
 * topology cannot run here, and judges a start-up failure and returns undefined when a server
 * exited before it listened.
 */
export function runningTopologyOf(context: TestContext, entry: McrouterCase, state: CaseTopology): { running: RunningTopology; kit: SuiteKit } | undefined {
  if (state.notRun !== undefined) skipCase(context, entry, state.notRun);
  if (state.startError !== undefined) {
    expectStartFailure(context, entry, state.startError);
    return undefined;
  }
  if (state.running === undefined || state.kit === undefined) {
    throw new Error(`topology ${entry.topologyId} did not start; see the error of beforeAll`);
  }
  return { running: state.running, kit: state.kit };
}

/** Judges a case whose topology did not start: the start failure is its observation. */
export function expectStartFailure(context: TestContext, entry: McrouterCase, error: ServerStartError): void {
  const observed = startFailureRecord({ clientVariant: entry.clientVariant, tlsVersion: entry.tlsVersion }, error);
  expect(recordCase(context, entry, observed).verdict, describeMismatch(entry, observed.outcome)).toBe("as-expected");
}

/**
 * Attaches the case's observation and verdict to its test, for the run's reports, and with
 * `running` the mcrouter it ran against, as its front node replied to `version`.
 */
export function recordCase(context: TestContext, entry: McrouterCase, observed: ProbeRecord, running?: RunningTopology): CaseResult {
  const result = caseResult(entry, observed);
  context.task.meta.caseResult = result;
  if (running !== undefined) context.task.meta.environment = mcrouterEnvironment(running);
  return result;
}

/** Environment variable with a name for the mcrouter under test, such as its release tag; `npm start -- --mcrouter-label` sets it. */
const LABEL_VARIABLE = "MCROUTER_LABEL";

function mcrouterEnvironment(running: RunningTopology): CaseEnvironment {
  const location = presentLocation();
  const front = running.mcrouters.get(running.topology.entry.node) ?? [...running.mcrouters.values()][0];
  const environment: CaseEnvironment = { backend: location.kind === "image" ? "containers" : "local" };
  const [memcached] = running.memcacheds.values();
  if (memcached !== undefined) {
    environment.backend = memcached.backend;
    environment.memcachedVersion = memcached.version;
  }
  if (front === undefined) return environment;

  const tested = describeTestedMcrouter(parseVersionReply(front.versionReply), location, process.env[LABEL_VARIABLE]);
  environment.mcrouterVersion = tested.version;
  environment.mcrouterVersionReply = front.versionReply;
  if (tested.image !== undefined) environment.mcrouterImage = tested.image;
  if (tested.binary !== undefined) environment.mcrouterBinary = tested.binary;
  return environment;
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
 * The client leaves' iPAddress SAN must equal the address mcrouter sees
 * (harness/mcrouter/source-address.ts). For containers the global setup adds the run
 * network's addresses to a kit it generates. A kit given through MTLS_KIT_DIR lacks them, and
 * the cases that need them report not run (missingIpSan).
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

/** Name a client leaf's chain and key files for the prober, which reads them itself. Throws when the kit lacks the variant. */
export function clientCredentials(kit: SuiteKit, variant: string): ClientCredentials {
  const credential = kit.credentials.leaf(variant);
  return { variantId: variant, chainFile: join(kit.dir, credential.certPath), keyFile: join(kit.dir, credential.keyPath) };
}

/** Return the address to probe, because the prober resolves no names and testcontainers may report `localhost`. */
export function probeHost(host: string): string {
  return host === "localhost" ? "127.0.0.1" : host;
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
