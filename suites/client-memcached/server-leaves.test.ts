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

/** Servers that start at the same time; container start-up is mostly waiting on the engine. */
const CONCURRENT_STARTS = 6;

type StartAttempt = { server: StartedServer } | { startError: ServerStartError };

let run: RunBackend;
const attempts = new Map<string, StartAttempt>();

beforeAll(async () => {
  run = await openRunBackend();

  const pending = [...serverVariantIds(kit.manifest)];
  const startNext = async (): Promise<void> => {
    for (let serverVariant = pending.shift(); serverVariant !== undefined; serverVariant = pending.shift()) {
      attempts.set(serverVariant, await startPresenting(serverVariant));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_STARTS }, startNext));
});

afterAll(async () => {
  await Promise.all([...attempts.values()].map((attempt) => ("server" in attempt ? attempt.server.stop() : undefined)));
  await run?.close();
});

async function startPresenting(serverVariant: string): Promise<StartAttempt> {
  const leaf = kit.variant(serverVariant);
  try {
    return { server: await run.backend.startMemcached({ chainFile: kit.path(leaf.files.chain), keyFile: kit.path(leaf.files.key), verifyMode: 0 }) };
  } catch (error) {
    if (!(error instanceof ServerStartError)) throw error;
    return { startError: error };
  }
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
