// mcrouter → mcrouter over TLS: the front mcrouter routes to the back mcrouter's
// --ssl-port, which requires client certificates. Over the OpenSSL mechs the back checks
// the front's leaf against the front's address; over fizz (TLS 1.3) it does not.

import { afterAll, beforeAll, expect, test } from "vitest";

import { probeThroughMcrouter, toProbeRecord } from "../../harness/mcrouter/relayed-probe.ts";
import type { ServerStartError } from "../../harness/backends/index.ts";
import { startTopology, type RunningTopology } from "../../harness/mcrouter/run-topology.ts";
import { decideSourceAddress } from "../../harness/mcrouter/source-address.ts";
import { topologyForCase } from "./case-topology.ts";
import { PEER_VARIANTS } from "./client-variants.ts";
import { MCROUTER_TO_MCROUTER } from "./expectations.ts";
import { describeWithMcrouter, networkOptions, loadSuiteKit, missingIpSan, portPlan, presentLocation, type SuiteKit, expectStartFailure, recordCase, skipCase, tryStartTopology } from "./suite-context.ts";
import { describeMismatch } from "../support/verdict.ts";

for (const entry of MCROUTER_TO_MCROUTER) {
  describeWithMcrouter(entry.topologyId, [entry], () => {
    let running: RunningTopology | undefined;
    let kit: SuiteKit | undefined;
    let notRun: string | undefined;
    let startError: ServerStartError | undefined;

    beforeAll(async () => {
      const location = presentLocation();
      try {
        kit = await loadSuiteKit();
      } catch (error) {
        notRun = error instanceof Error ? error.message : String(error);
        return;
      }
      const loadedKit = kit;
      const started = await tryStartTopology(async () => startTopology(topologyForCase(entry, loadedKit.credentials, await portPlan(location)), { location, kitDir: loadedKit.dir, ...networkOptions(location, { fixFront: true }) }));
      if ("startError" in started) startError = started.startError;
      if ("notRun" in started) notRun = started.notRun;
      if (!("running" in started)) return;
      running = started.running;
    });

    afterAll(async () => {
      await running?.stop();
    });

    test(entry.id, async (context) => {
      if (notRun !== undefined) skipCase(context, entry, notRun);
      if (startError !== undefined) {
        expectStartFailure(context, entry, startError);
        return;
      }
      if (running === undefined || kit === undefined) throw new Error(`topology ${entry.topologyId} did not start; see the error of beforeAll`);

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
      expect(recordCase(context, entry, record, running).verdict, describeMismatch(entry, result.outcome)).toBe("as-expected");
    });
  });
}
