// Labels that mark every container and network this harness creates, so that cleanup can find
// them by owner: this process (`run-id`), one backend (`scope`), and a dead owner's leftovers
// (`owner-pid` plus `owner-host`).

import { randomUUID } from "node:crypto";
import { hostname } from "node:os";

const LABEL_PREFIX = "mcrouter-mtls-conformance";

export const LABEL_PROJECT = `${LABEL_PREFIX}.project`;
export const LABEL_RUN_ID = `${LABEL_PREFIX}.run-id`;
export const LABEL_SCOPE = `${LABEL_PREFIX}.scope`;
export const LABEL_OWNER_PID = `${LABEL_PREFIX}.owner-pid`;
export const LABEL_OWNER_HOST = `${LABEL_PREFIX}.owner-host`;

/** Value of {@link LABEL_PROJECT} on everything this project creates. */
export const PROJECT_NAME = "mcrouter-mtls-conformance";

/** Identity of this process as an owner of engine resources. */
export interface RunIdentity {
  /** Random id, one per process. */
  runId: string;
  pid: number;
  host: string;
}

const currentRun: RunIdentity = {
  runId: randomUUID(),
  pid: process.pid,
  host: hostname(),
};

export function getRunIdentity(): RunIdentity {
  return currentRun;
}

/**
 * Builds the labels for one resource. `scope` is an id of the component that owns the
 * resource inside this process (a backend, for example), so that it can remove its own
 * resources without touching those of other components in the same run.
 */
export function runLabels(scope: string): Record<string, string> {
  return {
    [LABEL_PROJECT]: PROJECT_NAME,
    [LABEL_RUN_ID]: currentRun.runId,
    [LABEL_SCOPE]: scope,
    [LABEL_OWNER_PID]: String(currentRun.pid),
    [LABEL_OWNER_HOST]: currentRun.host,
  };
}

/** Creates a new scope id: a readable prefix plus random characters. */
export function newScopeId(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}
