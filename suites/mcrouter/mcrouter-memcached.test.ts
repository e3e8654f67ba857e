// mcrouter → memcached 1.6.18 with TLS: every security mech against every
// ssl_verify_mode, with and without mcrouter's client flags (--pem-cert-path,
// --pem-key-path, --pem-ca-path, --ssl-verify-peers). The client sends plaintext set/get
// to mcrouter's -p port; mcrouter's replies show what happened on its TLS link.

import { afterAll, expect, test } from "vitest";

import type { Backend } from "../../harness/backends/index.ts";
import { openRunBackend } from "../support/run-backend.ts";
import { probeThroughMcrouter, toProbeRecord } from "../../harness/mcrouter/relayed-probe.ts";
import { startTopology } from "../../harness/mcrouter/run-topology.ts";
import { nonZeroCounters, readDestinationEvidence } from "../../harness/mcrouter/destination-evidence.ts";
import { topologyForCase } from "./case-topology.ts";
import { MCROUTER_MEMCACHED_LEAVES, MCROUTER_POOL_MECH, MCROUTER_TO_MEMCACHED } from "./expectations.ts";
import { describeWithMcrouter, networkOptions, portPlan, recordCase, runningTopologyOf, useCaseTopology } from "./suite-context.ts";
import { describeMismatch } from "../support/verdict.ts";

let backend: Backend | undefined;

for (const entry of [...MCROUTER_TO_MEMCACHED, ...MCROUTER_MEMCACHED_LEAVES, ...MCROUTER_POOL_MECH]) {
  describeWithMcrouter(entry.topologyId, [entry], () => {
    const state = useCaseTopology(async (kit, location) => {
      backend ??= (await openRunBackend()).backend;
      return startTopology(topologyForCase(entry, kit.credentials, await portPlan(location)), { location, kitDir: kit.dir, memcachedBackend: backend, ...networkOptions(location) });
    });

    test(entry.id, async (context) => {
      const topology = runningTopologyOf(context, entry, state);
      if (topology === undefined) return;
      const { running } = topology;

      const result = await probeThroughMcrouter(running.entry, "set-get");
      if (entry.tlsVersion !== "none") {
        const memcachedServer = running.memcacheds.get("memcached");
        const target = memcachedServer === undefined ? running.entry : { host: memcachedServer.host, port: memcachedServer.port };
        const record = toProbeRecord(result, { clientVariant: entry.clientVariant, tlsVersion: entry.tlsVersion, target, sourceAddress: "127.0.0.1" });
        await context.annotate(JSON.stringify(record.outcome));
      }

      const evidence = await readDestinationEvidence(running.entry);
      await context.annotate(JSON.stringify(evidence));

      // The prober reaches the front mcrouter on its plain port; the TLS hop under test is behind it.
      const record = toProbeRecord(result, { clientVariant: null, tlsVersion: "none", target: running.entry, sourceAddress: "" });
      record.mcrouterStats = nonZeroCounters(evidence);
      expect(recordCase(context, entry, record, running).verdict, describeMismatch(entry, result.outcome)).toBe("as-expected");

      // What the counters showed on v2026.08.17.00: memcached offers no ALPN and the open-source
      // build has no kernel-TLS hook, so both mechs fall back once per connection, and a failed
      // TLS connection leaves its destination down. A request that fizz cannot route because
      // mcrouter's own leaf is unreadable (`Error routing request ...`) opens no connection and
      // leaves the destination up.
      const counters = evidence.counters;
      if (result.outcome.kind === "ok" && entry.settings.security_mech === "tls_to_plain") {
        expect(counters.num_tls_to_plain_fallback_failures, "num_tls_to_plain_fallback_failures").toBe(1);
      }
      if (result.outcome.kind === "ok" && entry.settings.security_mech === "ktls12") {
        expect(counters.num_ktls_fallback_failures, "num_ktls_fallback_failures").toBe(1);
      }
      const connectionFailed = /^SERVER_ERROR (AsyncSocketException|Failed to read from socket)/.test(result.outcome.reply ?? "");
      if (connectionFailed && entry.settings.security_mech !== "plain") {
        expect(counters.num_ssl_servers_down, "num_ssl_servers_down").toBe(1);
      }
    });
  });
}

afterAll(async () => {
  await backend?.close();
});
