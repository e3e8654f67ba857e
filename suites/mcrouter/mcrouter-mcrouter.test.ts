// mcrouter → mcrouter over TLS: the front mcrouter routes to the back mcrouter's
// --ssl-port, which requires client certificates. Over the OpenSSL mechs the back checks
// the front's leaf against the front's address; over fizz (TLS 1.3) it does not.

import { expect, test } from "vitest";

import { nonZeroCounters, readDestinationEvidence } from "../../harness/mcrouter/destination-evidence.ts";
import { probeThroughMcrouter, toProbeRecord } from "../../harness/mcrouter/relayed-probe.ts";
import { startTopology } from "../../harness/mcrouter/run-topology.ts";
import { decideSourceAddress } from "../../harness/mcrouter/source-address.ts";
import { topologyForCase } from "./case-topology.ts";
import { PEER_VARIANTS } from "./client-variants.ts";
import { MCROUTER_TO_MCROUTER } from "./expectations.ts";
import { describeWithMcrouter, missingIpSan, networkOptions, portPlan, recordCase, runningTopologyOf, skipCase, useCaseTopology } from "./suite-context.ts";
import { describeMismatch } from "../support/verdict.ts";

for (const entry of MCROUTER_TO_MCROUTER) {
  describeWithMcrouter(entry.topologyId, [entry], () => {
    const state = useCaseTopology(async (kit, location) =>
      startTopology(topologyForCase(entry, kit.credentials, await portPlan(location)), { location, kitDir: kit.dir, ...networkOptions(location, { fixFront: true }) }),
    );

    test(entry.id, async (context) => {
      const topology = runningTopologyOf(context, entry, state);
      if (topology === undefined) return;
      const { running, kit } = topology;

      // The back mcrouter sees the front's address: loopback locally, the front container's address on the network.
      const front = running.mcrouters.get("front");
      const seen =
        front?.networkAddress === undefined
          ? decideSourceAddress({ kind: "local-mcrouter-to-local-mcrouter" })
          : decideSourceAddress({ kind: "container-from-container", clientContainerAddress: front.networkAddress });
      if (entry.clientVariant === PEER_VARIANTS.valid) {
        const problem = missingIpSan(kit, entry.clientVariant, seen.seenByMcrouter);
        if (problem !== undefined) skipCase(context, entry, problem);
      }

      const result = await probeThroughMcrouter(running.entry, "get");
      // The prober reaches the front mcrouter on its plain port; the TLS hop under test is behind it.
      const record = toProbeRecord(result, { clientVariant: null, tlsVersion: "none", target: running.entry, sourceAddress: "" });
      record.mcrouterStats = nonZeroCounters(await readDestinationEvidence(running.entry));
      expect(recordCase(context, entry, record, running).verdict, describeMismatch(entry, result.outcome)).toBe("as-expected");
    });
  });
}
