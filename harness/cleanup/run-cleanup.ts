// Removal of this run's engine resources when the process ends before its owners clean up.
// Components that create labelled containers or networks hold a lease while they have some.

import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

import type Dockerode from "dockerode";

import { registerExitCleanup } from "./exit-cleanup.ts";
import { removeLabelled } from "./labelled-resources.ts";
import { LABEL_RUN_ID, getRunIdentity } from "./run-identity.ts";

const REAP_SCRIPT = fileURLToPath(new URL("./reap-run.ts", import.meta.url));

let leases = 0;
let unregister: (() => void) | undefined;

/**
 * Makes sure that everything labelled with this run's id is removed if the process ends by
 * SIGINT, SIGTERM or `exit` while a lease is held. On a signal the removal completes before the
 * process ends. On `exit` a detached `reap-run.ts` process does it, because an `exit` handler
 * cannot wait for the engine. Returns the function that releases the lease.
 */
export function leaseRunCleanup(dockerode: Dockerode): () => void {
  leases += 1;
  unregister ??= registerExitCleanup({
    name: "containers and networks of this run",
    run: async () => {
      await removeLabelled(dockerode, LABEL_RUN_ID, getRunIdentity().runId);
    },
    runSync: () => {
      const reaper = spawn(process.execPath, [REAP_SCRIPT, getRunIdentity().runId], { detached: true, stdio: "ignore" });
      reaper.unref();
    },
  });

  let released = false;
  return () => {
    if (released) {
      return;
    }
    released = true;
    leases -= 1;
    if (leases === 0) {
      unregister?.();
      unregister = undefined;
    }
  };
}
