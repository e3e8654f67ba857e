// The 2014 mcrouter SSL guide's command line, `mcrouter --ssl-port 11433
// --pem-cert-path=... --pem-key-path=... --pem-ca-path=...`, on the mcrouter under test:
// whether it still exits at start-up, the error it logs, and that the same files given as
// --server-pem-* serve TLS.

import { readFile } from "node:fs/promises";
import { join } from "node:path";

import { afterAll, expect, test } from "vitest";

import { ServerStartError } from "../../harness/backends/server-start-error.ts";
import { probe } from "../../harness/probe/probe.ts";
import { startTopology, type RunningTopology } from "../../harness/mcrouter/run-topology.ts";
import { decideSourceAddress } from "../../harness/mcrouter/source-address.ts";
import type { ProbeRecord } from "../../harness/probe/record.ts";
import { topologyForCase } from "./case-topology.ts";
import { GUIDE_2014 } from "./expectations.ts";
import { clientCredentials, describeWithMcrouter, networkOptions, loadSuiteKit, missingIpSan, portPlan, presentLocation, probeHost, recordCase, skipCase } from "./suite-context.ts";
import { startFailureRecord } from "../support/start-failure-record.ts";
import { describeMismatch } from "../support/verdict.ts";

const running: RunningTopology[] = [];

afterAll(async () => {
  await Promise.all(running.map((topology) => topology.stop()));
});

for (const entry of GUIDE_2014) {
  describeWithMcrouter(entry.topologyId, [entry], () => {
    test(entry.id, async (context) => {
      const location = presentLocation();
      const kit = await loadSuiteKit().catch((error: unknown) => skipCase(context, entry, error instanceof Error ? error.message : String(error)));
      const topology = topologyForCase(entry, kit.credentials, await portPlan(location));

      let started: RunningTopology | undefined;
      let observed: ProbeRecord | undefined;
      try {
        started = await startTopology(topology, { location, kitDir: kit.dir, ...networkOptions(location) });
        running.push(started);
      } catch (error) {
        if (!(error instanceof ServerStartError)) throw error;
        observed = startFailureRecord({ clientVariant: entry.clientVariant, tlsVersion: entry.tlsVersion }, error);
      }

      if (started !== undefined) {
        const source = started.network === undefined ? decideSourceAddress({ kind: "local-process" }) : decideSourceAddress({ kind: "container-from-host", networkGateway: started.network.gateway });
        if (entry.clientVariant !== null) {
          const problem = missingIpSan(kit, entry.clientVariant, source.seenByMcrouter);
          if (problem !== undefined) skipCase(context, entry, problem);
        }
        if (entry.tlsVersion === "none") throw new Error(`case ${entry.id} has no TLS version`);

        const record = await probe({
          host: probeHost(started.entry.host),
          port: started.entry.port,
          tlsVersion: entry.tlsVersion,
          ...(source.bindAddress === undefined ? {} : { sourceAddress: source.bindAddress }),
          client: entry.clientVariant === null ? null : clientCredentials(kit, entry.clientVariant),
          trustedCaPem: await readFile(join(kit.dir, kit.credentials.root), "utf8"),
          verifyServerIdentity: false,
        });
        observed = record;
      }

      if (observed === undefined) throw new Error(`case ${entry.id} produced no outcome`);
      expect(recordCase(context, entry, observed, started).verdict, describeMismatch(entry, observed.outcome)).toBe("as-expected");
    });
  });
}
