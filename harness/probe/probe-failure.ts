// The typed error that carries a finished outcome out of any step of a probe.

import type { ProbeOutcome } from "./record.ts";

/** Thrown inside the prober when a step ends the probe; `outcome` is what the record reports. */
export class ProbeFailure extends Error {
  readonly outcome: ProbeOutcome;

  constructor(outcome: ProbeOutcome) {
    super(outcome.message ?? outcome.kind);
    this.name = "ProbeFailure";
    this.outcome = outcome;
  }
}
