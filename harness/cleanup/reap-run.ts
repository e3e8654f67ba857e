// Removes the containers and networks labelled with one run id, in a process of its own.
// The `exit` handler of a dying harness process starts this script detached, because an
// `exit` handler cannot wait for the engine's replies.
//
// Usage: node harness/cleanup/reap-run.ts <run-id>

import { getContainerRuntimeClient } from "testcontainers";

import { removeLabelled } from "./labelled-resources.ts";
import { LABEL_RUN_ID } from "./run-identity.ts";

const runId = process.argv[2];
if (runId === undefined || runId === "") {
  process.stderr.write("usage: reap-run.ts <run-id>\n");
  process.exit(2);
}

const client = await getContainerRuntimeClient();
const removed = await removeLabelled(client.container.dockerode, LABEL_RUN_ID, runId);
process.stderr.write(`reap-run: removed ${removed.containers} containers and ${removed.networks} networks of run ${runId}\n`);
