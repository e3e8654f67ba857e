// Run results used as input data by the report tests. The expectations follow what
// memcached 1.6.18 and mcrouter do with client certificates, and a few observations differ
// on purpose so that every verdict appears in the rendered reports.

import type { ProbeOutcome, ProbeRecord, TlsVersion } from "../../harness/probe/record.ts";
import type { CaseResult, Expectation, LinkKind, RunResult, Verdict } from "../result.ts";

interface CaseInput {
  link: LinkKind;
  settings: Record<string, string>;
  clientVariant: string | null;
  serverVariant?: string;
  tlsVersion: TlsVersion;
  expected: Expectation;
  /** Omit for a case that did not run. */
  outcome?: ProbeOutcome;
  handshakeMs?: number;
  firstReplyMs?: number;
  verdict: Verdict;
  note?: string;
}

/** Builds one case. The id follows the harness pattern `link/settings/TLS version/client variant`. */
export function buildCase(input: CaseInput): CaseResult {
  const settingsPart = Object.entries(input.settings)
    .map(([key, value]) => `${key}-${value}`)
    .join("+");
  const id = `${input.link}/${settingsPart || "defaults"}/${input.tlsVersion}/${input.clientVariant ?? "none"}`;

  const testCase: CaseResult = {
    id,
    link: input.link,
    settings: input.settings,
    clientVariant: input.clientVariant,
    serverVariant: input.serverVariant ?? "server.valid",
    tlsVersion: input.tlsVersion,
    expected: input.expected,
    verdict: input.verdict,
  };

  if (input.outcome !== undefined) {
    testCase.observed = buildRecord(input);
  }
  if (input.note !== undefined) {
    testCase.note = input.note;
  }

  return testCase;
}

function buildRecord(input: CaseInput): ProbeRecord {
  const succeeded = input.outcome!.kind === "ok";
  const handshakeMs = input.handshakeMs ?? (input.tlsVersion === "TLSv1.3" ? 9.4 : 9.1);

  return {
    clientVariant: input.clientVariant,
    tlsVersion: input.tlsVersion,
    sourceAddress: "127.0.0.1",
    target: { host: "127.0.0.1", port: input.link === "client-memcached" ? 41211 : 45011 },
    outcome: input.outcome!,
    negotiated: succeeded ? { version: input.tlsVersion, cipher: "TLS_AES_256_GCM_SHA384" } : undefined,
    latency: {
      tcpConnectMs: 0.21,
      handshakeMs,
      firstReplyMs: succeeded ? (input.firstReplyMs ?? 0.6) : undefined,
      followUp: succeeded ? { count: 20, p50Ms: 0.35, p95Ms: 0.61 } : undefined,
    },
    startedAt: "2026-12-04T22:10:03.120Z",
  };
}

const confirmedOk: Expectation = {
  outcome: "ok",
  reason: "Issued by the configured CA with EKU clientAuth; memcached checks no name or address.",
  confirmed: true,
  source: "memcached 1.6.18",
};

/** A run with every verdict, two link kinds, both TLS versions and awkward text for escaping. */
export function buildMixedRun(): RunResult {
  const memcachedSettings = { ssl_verify_mode: "2" };
  const mcrouterSettings = { "ssl-require-peer-certs": "on" };

  const cases: CaseResult[] = [];
  for (const tlsVersion of ["TLSv1.2", "TLSv1.3"] as const) {
    cases.push(
      buildCase({
        link: "client-memcached",
        settings: memcachedSettings,
        clientVariant: "client.valid",
        tlsVersion,
        expected: confirmedOk,
        outcome: { kind: "ok", stage: "follow-up" },
        handshakeMs: tlsVersion === "TLSv1.3" ? 9.6 : 8.9,
        verdict: "as-expected",
      }),
      buildCase({
        link: "client-memcached",
        settings: memcachedSettings,
        clientVariant: "client.untrusted-ca",
        tlsVersion,
        expected: {
          outcome: "server-alert",
          detail: "unknown_ca",
          reason: "The client leaf chains to a CA that ssl_ca_cert does not contain.",
          confirmed: true,
        },
        outcome: {
          kind: "server-alert",
          stage: tlsVersion === "TLSv1.3" ? "first-reply" : "handshake",
          alert: "unknown_ca",
          errorCode: "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA",
        },
        verdict: "as-expected",
      }),
      buildCase({
        link: "client-memcached",
        settings: memcachedSettings,
        clientVariant: "client.expired",
        tlsVersion,
        expected: {
          outcome: "server-alert",
          detail: "certificate_expired",
          reason: "OpenSSL rejects a client leaf outside its validity window.",
          confirmed: true,
        },
        outcome: { kind: "server-alert", stage: "handshake", alert: "certificate_expired" },
        verdict: "as-expected",
      }),
      buildCase({
        link: "client-memcached",
        settings: memcachedSettings,
        clientVariant: null,
        tlsVersion,
        expected: {
          outcome: "server-alert",
          detail: tlsVersion === "TLSv1.3" ? "certificate_required" : "handshake_failure",
          reason: "ssl_verify_mode=2 requires a client certificate.",
          confirmed: true,
        },
        outcome: {
          kind: "server-alert",
          stage: tlsVersion === "TLSv1.3" ? "first-reply" : "handshake",
          alert: tlsVersion === "TLSv1.3" ? "certificate_required" : "handshake_failure",
        },
        verdict: "as-expected",
      }),
    );
  }

  cases.push(
    buildCase({
      link: "client-mcrouter",
      settings: mcrouterSettings,
      clientVariant: "client.valid",
      tlsVersion: "TLSv1.2",
      expected: {
        outcome: "ok",
        reason: "The leaf's iPAddress SAN equals the client's source address.",
        confirmed: true,
      },
      outcome: { kind: "ok", stage: "follow-up" },
      handshakeMs: 11.2,
      verdict: "as-expected",
    }),
    buildCase({
      link: "client-mcrouter",
      settings: mcrouterSettings,
      clientVariant: "client.wrong-ip-san",
      tlsVersion: "TLSv1.2",
      expected: {
        outcome: "server-alert",
        detail: "internal_error",
        reason: "On TLS 1.2 mcrouter compares the leaf's iPAddress SAN with the peer address <getpeername()> & rejects a mismatch.",
        confirmed: false,
      },
      outcome: { kind: "ok", stage: "follow-up" },
      handshakeMs: 12.9,
      verdict: "unexpected-success",
      note: 'Expected alert internal_error, got a reply "VERSION 2026.08.17.00 | mcrouter".',
    }),
    buildCase({
      link: "client-mcrouter",
      settings: mcrouterSettings,
      clientVariant: "client.no-akid",
      tlsVersion: "TLSv1.3",
      expected: {
        outcome: "ok",
        reason: "TLS 1.3 goes through fizz, which checks no SAN.",
        confirmed: false,
      },
      outcome: {
        kind: "server-alert",
        stage: "first-reply",
        alert: "bad_certificate",
        message: "fizz rejected the leaf: X509_V_ERR_MISSING_AUTHORITY_KEY_IDENTIFIER",
      },
      verdict: "unexpected-failure",
      note: "Expected ok, got alert bad_certificate.",
    }),
    buildCase({
      link: "mcrouter-memcached",
      settings: { mech: "fizz", ssl_verify_mode: "2" },
      clientVariant: null,
      tlsVersion: "TLSv1.3",
      expected: {
        outcome: "error-reply",
        detail: "certificate_required",
        reason: "mcrouter presents no certificate without --pem-cert-path, so memcached rejects it.",
        confirmed: true,
      },
      outcome: {
        kind: "error-reply",
        stage: "first-reply",
        alert: "certificate_required",
        reply:
          'SERVER_ERROR Failed to read from socket with remote endpoint "127.0.0.1:41211:ascii:fizz:notcompressed". Exception: AsyncSocketException: fizz::FizzException: received alert: certificate_required, in state Established, type = SSL error',
      },
      verdict: "as-expected",
    }),
    buildCase({
      link: "mcrouter-mcrouter",
      settings: { mech: "ssl" },
      clientVariant: "peer.valid",
      tlsVersion: "TLSv1.2",
      expected: { outcome: "ok", reason: "Both peers trust the kit root.", confirmed: false },
      verdict: "not-run",
      note: "Skipped: the mcrouter image under test has no --ssl-port support built in.",
    }),
  );

  return {
    resultVersion: 1,
    runId: "2026-12-04T22-10-00Z-a1b2c3",
    startedAt: "2026-12-04T22:10:00.000Z",
    finishedAt: "2026-12-04T22:14:41.500Z",
    tested: {
      projectVersion: "0.1.0",
      backend: "containers",
      memcached: { version: "1.6.18", image: "mcrouter-mtls/memcached:1.6.18" },
      mcrouter: { version: "v2026.08.17.00", versionReply: "VERSION 0.1.0-dev mcrouter", image: "mcrouter-mtls/mcrouter:v2026.08.17.00", label: "v2026.08.17.00" },
      openssl: { node: "3.5.4", cli: "OpenSSL 3.0.22 18 Aug 2026" },
      node: "v26.10.0",
      kitManifestSha256: "4f0c1e9d2b7a6c5e3f8a1b0d9c7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e",
      options: { keyType: "ecdsa-p256", followUpRequests: 20, tls13: true },
    },
    cases,
  };
}

/** Returns a deep copy of a run, so tests can change one without touching another. */
export function cloneRun(result: RunResult): RunResult {
  return structuredClone(result);
}

/**
 * Builds the mixed run plus four client → memcached cases that vary the server certificate,
 * as the suite's server-leaf cases do: memcached presents `server.expired` or `server.valid`
 * to a client that presents none. The `server.expired` cases carry `varies`. The
 * `server.valid` cases lack it, as in a result written before the field existed.
 */
export function buildRunWithServerLeaves(): RunResult {
  const run = buildMixedRun();
  const settings = { ssl_verify_mode: "0", client_trusts: "the leaf's trust anchor", client_checks_ip_san: "127.0.0.1" };

  for (const tlsVersion of ["TLSv1.2", "TLSv1.3"] as const) {
    const expired = buildCase({
      link: "client-memcached",
      settings,
      clientVariant: null,
      serverVariant: "server.expired",
      tlsVersion,
      expected: { outcome: "client-verify-error", detail: "CERT_HAS_EXPIRED", confirmed: true },
      outcome: {
        kind: "client-verify-error",
        stage: "handshake",
        verifyError: "CERT_HAS_EXPIRED",
        message: "The server certificate failed verification against trustedCaPem: CERT_HAS_EXPIRED.",
      },
      verdict: "as-expected",
    });
    expired.id = `client-memcached/server-leaf/${tlsVersion}/server.expired`;
    expired.varies = "server-certificate";

    const valid = buildCase({
      link: "client-memcached",
      settings,
      clientVariant: null,
      serverVariant: "server.valid",
      tlsVersion,
      expected: { outcome: "ok", confirmed: true },
      outcome: { kind: "ok", stage: "follow-up" },
      verdict: "as-expected",
    });
    valid.id = `client-memcached/server-leaf/${tlsVersion}/server.valid`;

    run.cases.push(expired, valid);
  }

  return run;
}
