// Client → mcrouter --ssl-port: which client certificates mcrouter admits over TLS 1.2
// (OpenSSL, with mcrouter's IP SAN check) and TLS 1.3 (fizz, strict X.509 profile), with
// and without --ssl-require-peer-certs.

import { readFile } from "node:fs/promises";
import { join } from "node:path";

import { expect, test } from "vitest";

import { probe } from "../../harness/probe/probe.ts";
import { startTopology, type RunningTopology } from "../../harness/mcrouter/run-topology.ts";
import { decideSourceAddress, type SourceAddressDecision } from "../../harness/mcrouter/source-address.ts";
import { topologyForCase } from "./case-topology.ts";
import { CLIENT_VARIANTS } from "./client-variants.ts";
import { CLIENT_TO_MCROUTER } from "./expectations.ts";
import { clientCredentials, describeWithMcrouter, missingIpSan, networkOptions, portPlan, probeHost, recordCase, runningTopologyOf, skipCase, useCaseTopology } from "./suite-context.ts";
import { describeMismatch } from "../support/verdict.ts";

/**
 * Leaves exempt from carrying the address mcrouter sees: those whose point is a wrong or
 * missing IP SAN (an IPv6-only SAN is wrong for an IPv4 client), and one the prober cannot
 * read at all. Every other leaf must carry the seen address.
 */
const IP_SAN_DEFECTS = new Set<string>([CLIENT_VARIANTS.wrongIpSan, CLIENT_VARIANTS.dnsSanOnly, CLIENT_VARIANTS.noSan, "client.ipv6-only-san", "client.corrupted-pem"]);

const topologyIds = [...new Set(CLIENT_TO_MCROUTER.map((entry) => entry.topologyId))];

/** The address mcrouter sees for the prober, and the address the prober binds to get it. */
function sourceAddressOf(running: RunningTopology): SourceAddressDecision {
  return running.network === undefined
    ? decideSourceAddress({ kind: "local-process" })
    : decideSourceAddress({ kind: "container-from-host", networkGateway: running.network.gateway });
}

for (const topologyId of topologyIds) {
  const cases = CLIENT_TO_MCROUTER.filter((entry) => entry.topologyId === topologyId);

  describeWithMcrouter(topologyId, cases, () => {
    const [firstCase] = cases;
    if (firstCase === undefined) return;

    const state = useCaseTopology(async (kit, location) => {
      const running = await startTopology(topologyForCase(firstCase, kit.credentials, await portPlan(location)), { location, kitDir: kit.dir, ...networkOptions(location) });
      console.log(`${topologyId}: ${running.mcrouters.get("front")?.commandLine ?? ""}\n${sourceAddressOf(running).why}`);
      return running;
    });

    for (const entry of cases) {
      test(entry.id, async (context) => {
        const topology = runningTopologyOf(context, entry, state);
        if (topology === undefined) return;
        const { running, kit } = topology;
        const source = sourceAddressOf(running);
        if (entry.tlsVersion === "none") throw new Error(`case ${entry.id} has no TLS version`);

        if (entry.clientVariant !== null && !IP_SAN_DEFECTS.has(entry.clientVariant)) {
          const problem = missingIpSan(kit, entry.clientVariant, source.seenByMcrouter);
          if (problem !== undefined) skipCase(context, entry, problem);
        }

        // The server leaf's chain is verified but not its SAN: the link under test is mcrouter's check of the client.
        const record = await probe({
          host: probeHost(running.entry.host),
          port: running.entry.port,
          tlsVersion: entry.tlsVersion,
          ...(source.bindAddress === undefined ? {} : { sourceAddress: source.bindAddress }),
          client: entry.clientVariant === null ? null : clientCredentials(kit, entry.clientVariant),
          trustedCaPem: await readFile(join(kit.dir, kit.credentials.root), "utf8"),
          verifyServerIdentity: false,
          // mcrouter replies to `version` itself, so these time the client → mcrouter hop alone.
          followUpRequests: 20,
        });

        expect(recordCase(context, entry, record, running).verdict, describeMismatch(entry, record.outcome)).toBe("as-expected");
      });
    }
  });
}
