// Shape of `result.json`, the machine-readable record of one run. The Markdown, HTML and
// JUnit reports and the `compare` command are all rendered from this one file, and
// `schema/result.schema.json` describes it for readers in other languages.

import type { OutcomeKind, ProbeRecord } from "../harness/probe/record.ts";

/** The kinds of link the suites probe. */
export type LinkKind = "client-memcached" | "client-mcrouter" | "mcrouter-memcached" | "mcrouter-mcrouter";

/**
 * Comparison of an observation with its expectation.
 * `unexpected-failure` also covers a failure of another kind or alert than expected.
 */
export type Verdict = "as-expected" | "unexpected-success" | "unexpected-failure" | "not-run";

/**
 * The certificate a case is about: the client's leaf, presented to a server with a fixed leaf,
 * or the server's leaf, presented to a client with fixed trust settings.
 */
export type VariedCertificate = "client-certificate" | "server-certificate";

export interface Expectation {
  outcome: OutcomeKind;
  /** The alert, verify error or reply text that must appear, where the outcome has one. */
  detail?: string;
  /** Reason the program behaves this way, required where the behaviour surprises. */
  reason?: string;
  /** False until a run against the real program has shown it. */
  confirmed: boolean;
  /** Origin of the expectation: the program version observed, or the upstream source read. */
  source?: string;
}

export interface CaseResult {
  /** Stable id, for example `client-memcached/verify-2/TLSv1.3/client.expired`. */
  id: string;
  link: LinkKind;
  /** The server-side settings of this case, for example `{ ssl_verify_mode: "2" }`. */
  settings: Record<string, string>;
  clientVariant: string | null;
  /** The kit leaf the server presented. */
  serverVariant: string;
  tlsVersion: string;
  expected: Expectation;
  /** Absent when the case did not run. */
  observed?: ProbeRecord;
  verdict: Verdict;
  /** Reason the case did not run, or the difference between the observation and the expectation. */
  note?: string;
  /**
   * The certificate this case varies, which decides the grid that reports show it in. Results
   * written before this field existed lack it, and reports then infer it (see `varies.ts`).
   */
  varies?: VariedCertificate;
}

export interface RunResult {
  resultVersion: 1;
  runId: string;
  startedAt: string;
  finishedAt: string;
  tested: {
    projectVersion: string;
    backend: "containers" | "local";
    memcached?: { version: string; image?: string };
    /** `version` is the release under test; `versionReply` is mcrouter's own reply to `version`. */
    mcrouter?: { version: string; versionReply?: string; image?: string; binary?: string; label?: string };
    openssl: { node: string; cli?: string; memcached?: string };
    node: string;
    kitManifestSha256: string;
    options: Record<string, string | number | boolean>;
  };
  cases: CaseResult[];
}

/** The `resultVersion` this code writes and reads. Readers reject any other value. */
export const RESULT_VERSION = 1;

/** Every verdict, in the order reports list them. */
export const VERDICTS: readonly Verdict[] = ["as-expected", "unexpected-success", "unexpected-failure", "not-run"];

/** Every varied certificate, in the order reports list them. */
export const VARIED_CERTIFICATES: readonly VariedCertificate[] = ["client-certificate", "server-certificate"];

/** Every link kind, in the order reports list them. */
export const LINK_KINDS: readonly LinkKind[] = ["client-memcached", "client-mcrouter", "mcrouter-memcached", "mcrouter-mcrouter"];
