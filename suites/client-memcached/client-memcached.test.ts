// Client to memcached over TLS: every client leaf of the kit against memcached with
// ssl_verify_mode 0 to 3, over TLS 1.2 and TLS 1.3, on the backend the run selected.

import { readFile } from "node:fs/promises";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { ServerStartError, type StartedServer } from "../../harness/backends/index.ts";
import { probe } from "../../harness/probe/probe.ts";
import { caseResult, describeMismatch } from "../support/verdict.ts";
import { openRunBackend, type RunBackend } from "../support/run-backend.ts";
import { clientCredentials, loadSuiteKit } from "../support/suite-kit.ts";
import "../support/case-meta.ts";
import { startFailureRecord } from "../support/start-failure-record.ts";
import { clientCases, defaultServerVariant, VERIFY_MODES, type VerifyMode } from "./cases.ts";

const kit = await loadSuiteKit();
const serverLeaf = kit.variant(defaultServerVariant(kit.manifest));
const trustBundle = kit.path(kit.manifest.trust.bundle ?? kit.manifest.trust.root);
const trustedRoot = await readFile(kit.path(kit.manifest.trust.root));

let run: RunBackend;
const servers = new Map<VerifyMode, StartedServer>();
const startErrors = new Map<VerifyMode, ServerStartError>();

// The four servers start as one group, which the containers backend runs in one container.
beforeAll(async () => {
  run = await openRunBackend();
  const results = await run.backend.startMemcachedGroup(
    VERIFY_MODES.map((verifyMode) => ({
      chainFile: kit.path(serverLeaf.files.chain),
      keyFile: kit.path(serverLeaf.files.key),
      caFile: trustBundle,
      verifyMode,
    })),
  );

  VERIFY_MODES.forEach((verifyMode, index) => {
    const result = results[index];
    if (result instanceof ServerStartError) startErrors.set(verifyMode, result);
    else if (result !== undefined) servers.set(verifyMode, result);
  });
});

afterAll(async () => {
  await Promise.all([...servers.values()].map((server) => server.stop()));
  await run?.close();
});

describe.each(VERIFY_MODES)("memcached ssl_verify_mode=%i", (verifyMode) => {
  test.for(clientCases(kit.manifest, verifyMode))("$tlsVersion $clientVariant", async (planned, { task }) => {
    expect(planned.missingExpectation, planned.missingExpectation).toBeUndefined();

    // A server that did not start (a broken server leaf in a given kit) is each case's observation.
    const server = servers.get(verifyMode);
    const observed =
      server === undefined
        ? startFailureRecord(planned, startErrors.get(verifyMode))
        : await probe({
            host: server.host,
            port: server.port,
            tlsVersion: planned.tlsVersion,
            sourceAddress: "127.0.0.5",
            client: planned.clientVariant === null ? null : clientCredentials(kit, planned.clientVariant),
            trustedCaPem: trustedRoot,
            followUpRequests: 20,
          });

    const result = caseResult(planned, observed);
    task.meta.caseResult = result;
    if (server !== undefined) task.meta.environment = run.environment(server);

    expect(result.verdict, describeMismatch(planned, observed.outcome)).toBe("as-expected");
  });
});
