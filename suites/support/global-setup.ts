// Vitest global setup: provides the certificate kit that every suite reads through
// MTLS_KIT_DIR. A kit named by the caller is checked and used as it is. Otherwise a fresh kit
// is generated into a temporary directory. Because it contains private keys, that directory is
// removed at the end of the run, also after Ctrl-C.
//
// When MCROUTER_IMAGE names an image and the kit is generated here, the setup also creates
// the run's Docker network first, so that the valid leaves carry its gateway and the fixed
// container addresses (harness/mcrouter/run-network.ts). A kit given through MTLS_KIT_DIR
// cannot know those addresses, so such runs keep a network per topology.

import { rmSync } from "node:fs";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { generateKit } from "../../certs-gen/index.ts";
import { registerExitCleanup } from "../../harness/cleanup/exit-cleanup.ts";
import { loadKit } from "../../harness/kit/load-kit.ts";
import { resolveMcrouter } from "../../harness/mcrouter/locate.ts";
import { openRunNetwork } from "../../harness/mcrouter/run-network-setup.ts";
import { KIT_DIR_VARIABLE, KIT_MANIFEST_DIGEST_VARIABLE, KIT_SOURCE_VARIABLE, SUITE_KIT_DNS, suiteKitIps } from "./suite-kit.ts";

export default async function setup(): Promise<() => Promise<void>> {
  // A set but wrong MCROUTER_BIN or MCROUTER_IMAGE stops the run here with one message,
  // rather than once per mcrouter suite file.
  await resolveMcrouter();

  const given = process.env[KIT_DIR_VARIABLE];
  if (given !== undefined && given !== "") {
    const kit = await loadKit(given);
    process.env[KIT_SOURCE_VARIABLE] = "given";
    process.env[KIT_MANIFEST_DIGEST_VARIABLE] = await manifestDigest(kit.dir);
    return async () => {};
  }

  const runNetwork = await openRunNetwork();
  if (runNetwork !== undefined) {
    Object.assign(process.env, runNetwork.environment);
  }

  const parent = await mkdtemp(join(tmpdir(), "mtls-kit-"));
  const removeSync = (): void => rmSync(parent, { recursive: true, force: true });
  const unregister = registerExitCleanup({
    name: `remove the temporary kit ${parent}`,
    run: () => rm(parent, { recursive: true, force: true }),
    runSync: removeSync,
  });
  // Vitest may end the process from its own SIGINT handler before the asynchronous removal
  // above completes; the exit event still runs synchronous listeners.
  process.once("exit", removeSync);

  const kitDir = join(parent, "kit");
  try {
    await generateKit({ outDir: kitDir, ips: suiteKitIps(runNetwork?.network), dns: SUITE_KIT_DNS });
  } catch (error) {
    await runNetwork?.close();
    throw error;
  }
  process.env[KIT_DIR_VARIABLE] = kitDir;
  process.env[KIT_SOURCE_VARIABLE] = "generated";
  process.env[KIT_MANIFEST_DIGEST_VARIABLE] = await manifestDigest(kitDir);

  return async () => {
    await rm(parent, { recursive: true, force: true });
    unregister();
    process.off("exit", removeSync);
    await runNetwork?.close();
  };
}

async function manifestDigest(kitDir: string): Promise<string> {
  return createHash("sha256").update(await readFile(join(kitDir, "manifest.json"))).digest("hex");
}
