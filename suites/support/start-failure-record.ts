// The probe record of a case whose server never started: its outcome is the server's own output.

import type { ServerStartError } from "../../harness/backends/index.ts";
import type { ProbeRecord } from "../../harness/probe/record.ts";

export function startFailureRecord(planned: { clientVariant: string | null; tlsVersion: ProbeRecord["tlsVersion"] }, error: ServerStartError | undefined): ProbeRecord {
  return {
    clientVariant: planned.clientVariant,
    tlsVersion: planned.tlsVersion,
    sourceAddress: "",
    target: { host: "", port: 0 },
    outcome: { kind: "server-start-failed", stage: "server-start", stderr: error?.stderr.trim() ?? "", message: error?.message.split("\n")[0] ?? "" },
    latency: {},
    startedAt: new Date().toISOString(),
  };
}
