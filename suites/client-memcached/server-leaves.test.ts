// memcached presenting each server leaf of the kit: what a client that trusts the kit's root
// and checks the server's IP SAN sees, and which leaves keep memcached from starting.

import { readFile } from "node:fs/promises";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { ServerStartError, type StartedServer } from "../../harness/backends/index.ts";
import { probe } from "../../harness/probe/probe.ts";
import type { ProbeRecord } from "../../harness/probe/record.ts";
import { caseResult, describeMismatch } from "../support/verdict.ts";
import { openRunBackend, type RunBackend } from "../support/run-backend.ts";
import { loadSuiteKit } from "../support/suite-kit.ts";
import "../support/case-meta.ts";
import { startFailureRecord } from "../support/start-failure-record.ts";
import { serverCases, serverVariantIds } from "./cases.ts";

const kit = await loadSuiteKit();

let run: RunBackend;

beforeAll(async () => {
  run = await openRunBackend();
});

afterAll(async () => {
  await run?.close();
});

describe.each(serverVariantIds(kit.manifest))("memcached presents %s", (serverVariant) => {
  const leaf = kit.variant(serverVariant);
  let server: StartedServer | undefined;
  let startError: ServerStartError | undefined;

  beforeAll(async () => {
    try {
      server = await run.backend.startMemcached({ chainFile: kit.path(leaf.files.chain), keyFile: kit.path(leaf.files.key), verifyMode: 0 });
    } catch (error) {
      if (!(error instanceof ServerStartError)) throw error;
      startError = error;
    }
  });

  afterAll(async () => {
    await server?.stop();
  });

  test.for(serverCases(kit.manifest, serverVariant))("$tlsVersion", async (planned, { task }) => {
    expect(planned.missingExpectation, planned.missingExpectation).toBeUndefined();

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
