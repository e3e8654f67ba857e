// memcached presenting each server leaf of the kit: what a client that trusts the kit's root
// and checks the server's IP SAN sees, and which leaves keep memcached from starting.

import { readFile } from "node:fs/promises";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { ServerStartError, type MemcachedTlsSettings, type StartedServer } from "../../harness/backends/index.ts";
import { probe } from "../../harness/probe/probe.ts";
import type { ProbeRecord } from "../../harness/probe/record.ts";
import { caseResult, describeMismatch } from "../support/verdict.ts";
import { openRunBackend, type RunBackend } from "../support/run-backend.ts";
import { loadSuiteKit } from "../support/suite-kit.ts";
import "../support/case-meta.ts";
import { startFailureRecord } from "../support/start-failure-record.ts";
import { serverCases, serverVariantIds } from "./cases.ts";

const kit = await loadSuiteKit();

type StartAttempt = { server: StartedServer } | { startError: ServerStartError };

let run: RunBackend;
const attempts = new Map<string, StartAttempt>();

// All servers start as one group, which the containers backend runs in one container.
beforeAll(async () => {
  run = await openRunBackend();

  const serverVariants = serverVariantIds(kit.manifest);
  const results = await run.backend.startMemcachedGroup(serverVariants.map((serverVariant) => presenting(serverVariant)));
  serverVariants.forEach((serverVariant, index) => {
    const result = results[index];
    if (result === undefined) throw new Error(`startMemcachedGroup returned no result for ${serverVariant}`);
    attempts.set(serverVariant, result instanceof ServerStartError ? { startError: result } : { server: result });
  });
});

afterAll(async () => {
  await Promise.all([...attempts.values()].map((attempt) => ("server" in attempt ? attempt.server.stop() : undefined)));
  await run?.close();
});

function presenting(serverVariant: string): MemcachedTlsSettings {
  const leaf = kit.variant(serverVariant);
  return { chainFile: kit.path(leaf.files.chain), keyFile: kit.path(leaf.files.key), verifyMode: 0 };
}

describe.each(serverVariantIds(kit.manifest))("memcached presents %s", (serverVariant) => {
  const leaf = kit.variant(serverVariant);

  test.for(serverCases(kit.manifest, serverVariant))("$tlsVersion", async (planned, { task }) => {
    expect(planned.missingExpectation, planned.missingExpectation).toBeUndefined();

    const attempt = attempts.get(serverVariant);
    const server = attempt !== undefined && "server" in attempt ? attempt.server : undefined;
    const startError = attempt !== undefined && "startError" in attempt ? attempt.startError : undefined;

    const observed: ProbeRecord =
      server === undefined
        ? startFailureRecord(planned, startError)
        : await probe({
            host: server.host,
            port: server.port,
            tlsVersion: planned.tlsVersion,
            client: null,
            trustedCaPem: await readFile(kit.path(leaf.trustAnchor?.file ?? kit.manifest.trust.root)),
            followUpRequests: 20,
          });

    const result = caseResult(planned, observed);
    task.meta.caseResult = result;
    if (server !== undefined) task.meta.environment = run.environment(server);

    expect(result.verdict, describeMismatch(planned, observed.outcome)).toBe("as-expected");
  });
});
