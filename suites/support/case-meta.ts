// What each conformance test attaches to its vitest task, so that the result reporter can
// write the run's reports from the same run: the case with its observation and verdict, and
// what the case ran against.

import type { CaseResult } from "../../reports/result.ts";

/** The server side of a case as the run found it. */
export interface CaseEnvironment {
  backend: "containers" | "local";
  /** One sentence on why this backend was chosen. */
  backendReason?: string;
  memcachedVersion?: string;
  memcachedImage?: string;
  /** Version banner of the libcrypto memcached links, for example `OpenSSL 3.0.22 25 Aug 2026`. */
  memcachedOpenSsl?: string;
  mcrouterVersion?: string;
  /** mcrouter's own reply to `version`, for example `VERSION 0.1.0-dev mcrouter`. */
  mcrouterVersionReply?: string;
  mcrouterImage?: string;
  mcrouterBinary?: string;
}

declare module "vitest" {
  interface TaskMeta {
    caseResult?: CaseResult;
    environment?: CaseEnvironment;
  }
}

export {};
