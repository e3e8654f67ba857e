// mcrouter → memcached 1.6.18 with TLS: every security mech against every
// ssl_verify_mode, with and without mcrouter's client flags (--pem-cert-path,
// --pem-key-path, --pem-ca-path, --ssl-verify-peers). The client sends plaintext set/get
// to mcrouter's -p port; mcrouter's replies show what happened on its TLS link.
//
// NOTE: the present-mcrouter path below has never run against a real mcrouter.

import { afterAll, beforeAll, expect, test } from "vitest";

import { LocalBackend } from "../../harness/backends/local/local-backend.ts";
import { probeThroughMcrouter, toProbeRecord } from "../../harness/mcrouter/relayed-probe.ts";
import { startTopology, TopologyNotRunnableError, type RunningTopology } from "../../harness/mcrouter/run-topology.ts";
import { topologyForCase } from "./case-topology.ts";
import { MCROUTER_TO_MEMCACHED } from "./expectations.ts";
import { describeWithMcrouter, loadSuiteKit, portPlan, presentLocation } from "./suite-context.ts";
import { decideVerdict, describeMismatch } from "./verdict.ts";

let backend: LocalBackend | undefined;

for (const entry of MCROUTER_TO_MEMCACHED) {
  describeWithMcrouter(entry.topologyId, () => {
    let running: RunningTopology | undefined;
    let notRun: string | undefined;

    beforeAll(async () => {
      const location = presentLocation();
      let kit;
      try {
        kit = await loadSuiteKit();
      } catch (error) {
        notRun = error instanceof Error ? error.message : String(error);
        return;
      }

      backend ??= await LocalBackend.create();
      try {
        running = await startTopology(topologyForCase(entry, kit.credentials, await portPlan(location)), { location, kitDir: kit.dir, memcachedBackend: backend });
      } catch (error) {
        if (!(error instanceof TopologyNotRunnableError)) throw error;
        notRun = error.message;
      }
    });

    afterAll(async () => {
      await running?.stop();
    });

    test(entry.id, async (context) => {
      if (notRun !== undefined) context.skip(notRun);
      if (running === undefined) throw new Error(`topology ${entry.topologyId} did not start; see the error of beforeAll`);

      const result = await probeThroughMcrouter(running.entry, "set-get");
      if (entry.tlsVersion !== "none") {
        const memcachedServer = running.memcacheds.get("memcached");
        const target = memcachedServer === undefined ? running.entry : { host: memcachedServer.host, port: memcachedServer.port };
        const record = toProbeRecord(result, { clientVariant: entry.clientVariant, tlsVersion: entry.tlsVersion, target, sourceAddress: "127.0.0.1" });
        await context.annotate(JSON.stringify(record.outcome));
      }

      expect(decideVerdict(entry.expected, result.outcome), describeMismatch(entry, result.outcome)).toBe("as-expected");
    });
  });
}

afterAll(async () => {
  await backend?.close();
});
