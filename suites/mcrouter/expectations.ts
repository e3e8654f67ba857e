// Expected outcome of each mcrouter case, one entry per case id, in one file per link under
// expectations/. Each entry names its source: the mcrouter release it was observed on, or
// the upstream file and lines it was read from. A run against a real mcrouter confirms or refutes it. A refuted entry is a
// finding about mcrouter or about these files, so fix the entry and keep the evidence, and do
// not loosen the suite.
//
// Every entry is confirmed: all 311 cases came out as written when these suites ran on
// 2026-12-05 against mcrouter v2026.08.17.00. That mcrouter was built from source with its
// dependencies at the same tag and linked against Debian 12's OpenSSL 3.0.22; memcached was
// 1.6.18, and the kit's server leaves ECDSA P-256. They ran twice, with mcrouter as a local process (MCROUTER_BIN)
// and from an image of that binary (MCROUTER_IMAGE, Docker 20.10 bridge network). The client
// leaves beyond the first nine, and the broken leaves on the mcrouter → memcached link, were
// added from that run's observations, each with the reason where the two TLS paths differ.
// A new entry starts unconfirmed.
//
// Source paths starting `mcrouter/` are in facebook/mcrouter at commit 9d7f434 (2026-08-20).
// "observed on v2026.08.17.00" means mcrouter built from source at that tag, linked against
// OpenSSL 3.0, every certificate ECDSA P-256, on loopback.

import type { McrouterCase } from "./expectations/shared.ts";
import { MCROUTER_MEMCACHED_LEAVES } from "./expectations/broken-leaves.ts";
import { CLIENT_TO_MCROUTER } from "./expectations/client-mcrouter.ts";
import { GUIDE_2014 } from "./expectations/guide-2014.ts";
import { MCROUTER_TO_MCROUTER } from "./expectations/mcrouter-mcrouter.ts";
import { MCROUTER_TO_MEMCACHED } from "./expectations/mcrouter-memcached.ts";
import { MCROUTER_POOL_MECH } from "./expectations/pool-mech.ts";

export type { McrouterCase };
export { CLIENT_TO_MCROUTER, GUIDE_2014, MCROUTER_MEMCACHED_LEAVES, MCROUTER_POOL_MECH, MCROUTER_TO_MCROUTER, MCROUTER_TO_MEMCACHED };

export const MCROUTER_CASES: readonly McrouterCase[] = [...CLIENT_TO_MCROUTER, ...MCROUTER_TO_MEMCACHED, ...MCROUTER_MEMCACHED_LEAVES, ...MCROUTER_POOL_MECH, ...MCROUTER_TO_MCROUTER, ...GUIDE_2014];

/** Look up a case by id, or throw naming the id. */
export function mcrouterCase(id: string): McrouterCase {
  const found = MCROUTER_CASES.find((candidate) => candidate.id === id);
  if (found === undefined) {
    throw new Error(`no mcrouter case "${id}" in suites/mcrouter/expectations/`);
  }
  return found;
}
