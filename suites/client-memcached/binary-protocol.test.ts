// Client to memcached over TLS with memcached's binary protocol: memjs runs set, get and delete
// through a TLS socket that the prober opens with the chosen client certificate. memcached
// requires a client certificate here (ssl_verify_mode=2), and the outcome of each leaf must be
// the same as with the ASCII protocol, because the TLS handshake decides before any request.

import { readFile } from "node:fs/promises";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { ServerStartError, type StartedServer } from "../../harness/backends/index.ts";
import { memjsRoundTrip } from "../../harness/probe/memjs-over-tls.ts";
import { caseResult, describeMismatch } from "../support/verdict.ts";
import { openRunBackend, type RunBackend } from "../support/run-backend.ts";
import { clientCredentials, loadSuiteKit } from "../support/suite-kit.ts";
import "../support/case-meta.ts";
import { startFailureRecord } from "../support/start-failure-record.ts";
import { clientCases, defaultServerVariant, type ClientMemcachedCase } from "./cases.ts";

const VERIFY_MODE = 2;

const kit = await loadSuiteKit();
const serverLeaf = kit.variant(defaultServerVariant(kit.manifest));
const trustedRoot = await readFile(kit.path(kit.manifest.trust.root));

/** A valid leaf, one from another CA, an expired one and none: enough to see that the handshake decides. */
const CLIENT_VARIANTS = new Set([null, `client.valid.${kit.manifest.options.keyType}`, "client.untrusted-ca", "client.expired"]);

const cases: ClientMemcachedCase[] = clientCases(kit.manifest, VERIFY_MODE)
  .filter((planned) => CLIENT_VARIANTS.has(planned.clientVariant))
  .map((planned) => ({
    ...planned,
    id: planned.id.replace("client-memcached/", "client-memcached/binary-protocol/"),
    settings: { ...planned.settings, protocol: "binary (memjs)" },
  }));

let run: RunBackend;
let server: StartedServer | undefined;
let startError: ServerStartError | undefined;

beforeAll(async () => {
  run = await openRunBackend();
  try {
    server = await run.backend.startMemcached({
      chainFile: kit.path(serverLeaf.files.chain),
      keyFile: kit.path(serverLeaf.files.key),
      caFile: kit.path(kit.manifest.trust.bundle ?? kit.manifest.trust.root),
      verifyMode: VERIFY_MODE,
    });
  } catch (error) {
    if (!(error instanceof ServerStartError)) throw error;
    startError = error;
  }
});

afterAll(async () => {
  await server?.stop();
  await run?.close();
});

describe(`memcached ssl_verify_mode=${VERIFY_MODE}, binary protocol`, () => {
  test.for(cases)("$tlsVersion $clientVariant", async (planned, { task }) => {
    const observed =
      server === undefined
        ? startFailureRecord(planned, startError)
        : await memjsRoundTrip({
            host: server.host,
            port: server.port,
            tlsVersion: planned.tlsVersion,
            client: planned.clientVariant === null ? null : clientCredentials(kit, planned.clientVariant),
            trustedCaPem: trustedRoot,
          });

    const result = caseResult(planned, observed);
    task.meta.caseResult = result;
    if (server !== undefined) task.meta.environment = run.environment(server);

    expect(result.verdict, describeMismatch(planned, observed.outcome)).toBe("as-expected");
  });
});
