// Builds the topology a case runs on from its topology id, so that the expectations
// file and the topology factories cannot drift apart unnoticed.

import { isSecurityMech } from "../../harness/mcrouter/access-point.ts";
import type { PemCredential } from "../../harness/mcrouter/kit-credentials.ts";
import { clientToMcrouter, guide2014, mcrouterToMcrouter, mcrouterToMemcached, type PortPlan, type TopologyCredentials } from "../../harness/mcrouter/topologies.ts";
import type { MemcachedVerifyMode, Topology } from "../../harness/mcrouter/topology.ts";
import type { McrouterCase } from "./expectations.ts";

/** The kit credentials of a run, plus a look-up for leaves named by a case. */
export interface CaseCredentials extends TopologyCredentials {
  leaf(variant: string): PemCredential;
}

/** Build the topology of `mcrouterCase`. Throws when its topology id matches no factory. */
export function topologyForCase(mcrouterCase: McrouterCase, credentials: CaseCredentials, ports?: PortPlan): Topology {
  const parts = mcrouterCase.topologyId.split("/");
  const [kind, first, second, third] = parts;
  const withPorts = ports === undefined ? {} : { ports };

  if (kind === "client-mcrouter" && (first === "require-peer-certs" || first === "no-require") && parts.length === 2) {
    return clientToMcrouter(credentials, { requirePeerCerts: first === "require-peer-certs", ...withPorts });
  }

  if (kind === "mcrouter-memcached" && first !== undefined && isSecurityMech(first) && parts.length === 4) {
    const verifyMode = Number(second?.replace(/^verify-/, ""));
    if (![0, 1, 2, 3].includes(verifyMode) || (third !== "client-flags" && third !== "no-client-flags")) {
      throw new Error(`topology id ${mcrouterCase.topologyId} is not mcrouter-memcached/<mech>/verify-<0-3>/<client-flags|no-client-flags>`);
    }
    return mcrouterToMemcached(credentials, { mech: first, verifyMode: verifyMode as MemcachedVerifyMode, clientFlags: third === "client-flags", ...withPorts });
  }

  // One broken leaf on the memcached link: memcached's server leaf, checked by mcrouter with
  // --ssl-verify-peers, or mcrouter's client leaf, required by memcached's ssl_verify_mode=2.
  if ((kind === "mcrouter-memcached-server-leaf" || kind === "mcrouter-memcached-client-leaf") && (first === "ssl" || first === "fizz") && second !== undefined && parts.length === 3) {
    const leaf = credentials.leaf(second);
    const swapped = kind === "mcrouter-memcached-server-leaf" ? { ...credentials, memcachedServer: leaf } : { ...credentials, mcrouterClient: leaf };
    const built = mcrouterToMemcached(swapped, { mech: first, verifyMode: 2, clientFlags: true, ...withPorts });
    const side = kind === "mcrouter-memcached-server-leaf" ? `memcached presents ${second}` : `mcrouter presents ${second}`;
    return { ...built, id: mcrouterCase.topologyId, description: `${built.description} Here ${side}.` };
  }

  // The pool's security_mech instead of the server string's mech: `mcrouter-memcached-pool/<mech>`,
  // or `mcrouter-memcached-pool/<pool mech>-with-server-<server mech>` with both set.
  if (kind === "mcrouter-memcached-pool" && first !== undefined && parts.length === 2) {
    const [poolMech, serverMech] = first.split("-with-server-");
    if (poolMech === undefined || !isSecurityMech(poolMech) || (serverMech !== undefined && !isSecurityMech(serverMech))) {
      throw new Error(`topology id ${mcrouterCase.topologyId} is not mcrouter-memcached-pool/<mech> or mcrouter-memcached-pool/<mech>-with-server-<mech>`);
    }
    const mechIn = serverMech === undefined ? "pool" : { pool: poolMech, server: serverMech };
    const built = mcrouterToMemcached(credentials, { mech: poolMech, verifyMode: 2, clientFlags: true, mechIn, ...withPorts });
    return { ...built, id: mcrouterCase.topologyId };
  }

  if (kind === "mcrouter-mcrouter" && first !== undefined && isSecurityMech(first) && second !== undefined && parts.length === 3) {
    const frontClient = second === "none" ? null : credentials.leaf(second);
    return mcrouterToMcrouter(credentials, { mech: first, frontClient, ...withPorts });
  }

  if (kind === "guide-2014" && (first === "as-published" || first === "server-pem") && parts.length === 2) {
    return guide2014(credentials, { variant: first, ...withPorts });
  }

  throw new Error(`topology id ${mcrouterCase.topologyId} of case ${mcrouterCase.id} matches no topology factory in harness/mcrouter/topologies.ts`);
}
