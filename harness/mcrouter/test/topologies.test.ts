import { describe, expect, test } from "vitest";

import { mcrouter, memcached, topology } from "../builders.ts";
import { toCommandLine } from "../command-line.ts";
import type { PemCredential } from "../kit-credentials.ts";
import { clientToMcrouter, guide2014, mcrouterToMcrouter, mcrouterToMemcached, type TopologyCredentials } from "../topologies.ts";
import { startOrder, type McrouterNode } from "../topology.ts";

const leaf = (variant: string): PemCredential => ({ variant, certPath: `${variant}/chain.pem`, keyPath: `${variant}/key.pem` });
const credentials: TopologyCredentials = {
  mcrouterServer: leaf("server.valid"),
  memcachedServer: leaf("server.valid"),
  mcrouterClient: leaf("peer.valid"),
  root: "root.pem",
};
const paths = { kitDir: "/kit", workDir: "/work" };
const resolve = (node: string, listener: "ssl" | "plain") => ({ host: "127.0.0.1", port: node === "back" && listener === "ssl" ? 11434 : 11211 });

function routerNamed(t: ReturnType<typeof clientToMcrouter>, name: string): McrouterNode {
  const node = t.nodes.find((candidate) => candidate.name === name);
  if (node?.role !== "mcrouter") throw new Error(`no mcrouter ${name}`);
  return node;
}

describe("canned topologies", () => {
  test("client to mcrouter requires peer certs", () => {
    const t = clientToMcrouter(credentials, { requirePeerCerts: true });
    const { argv } = toCommandLine(routerNamed(t, "front"), paths, resolve);
    expect(t.id).toBe("client-mcrouter/require-peer-certs");
    expect(argv).toContain("--ssl-require-peer-certs");
    expect(argv).toContain("--ssl-port=11433");
    expect(t.entry).toEqual({ node: "front", listener: "ssl" });
  });

  test("mcrouter to memcached without client flags", () => {
    const t = mcrouterToMemcached(credentials, { mech: "fizz", verifyMode: 2, clientFlags: false });
    const front = routerNamed(t, "front");
    const { argv, routeConfig } = toCommandLine(front, paths, resolve);
    expect(t.id).toBe("mcrouter-memcached/fizz/verify-2/no-client-flags");
    expect(routeConfig.pools.A?.servers).toEqual(["127.0.0.1:11211:ascii:fizz"]);
    expect(argv.some((word) => word.startsWith("--pem-"))).toBe(false);
    expect(argv).not.toContain("--ssl-verify-peers");
  });

  test("mcrouter to memcached with the pool's mech", () => {
    const t = mcrouterToMemcached(credentials, { mech: "ktls12", verifyMode: 2, clientFlags: true, mechIn: "pool" });
    const { routeConfig } = toCommandLine(routerNamed(t, "front"), paths, resolve);
    expect(routeConfig.pools.A?.servers).toEqual(["127.0.0.1:11211:ascii"]);
    expect(routeConfig.pools.A?.security_mech).toBe("ktls12");
  });

  test("mcrouter to memcached with both mechs", () => {
    const t = mcrouterToMemcached(credentials, { mech: "ssl", verifyMode: 2, clientFlags: true, mechIn: { pool: "ssl", server: "plain" } });
    const { routeConfig } = toCommandLine(routerNamed(t, "front"), paths, resolve);
    expect(routeConfig.pools.A?.servers).toEqual(["127.0.0.1:11211:ascii:plain"]);
    expect(routeConfig.pools.A?.security_mech).toBe("ssl");
  });

  test("mcrouter to memcached with client flags", () => {
    const t = mcrouterToMemcached(credentials, { mech: "ssl", verifyMode: 2, clientFlags: true });
    const { argv } = toCommandLine(routerNamed(t, "front"), paths, resolve);
    expect(argv).toContain("--pem-cert-path=/kit/peer.valid/chain.pem");
    expect(argv).toContain("--pem-ca-path=/kit/root.pem");
    expect(argv).toContain("--ssl-verify-peers");
  });

  test("mcrouter to mcrouter starts the back mcrouter first", () => {
    const t = mcrouterToMcrouter(credentials, { mech: "ktls12", frontClient: leaf("peer.valid") });
    expect(startOrder(t).map((node) => node.name)).toEqual(["back", "front"]);
    const { routeConfig } = toCommandLine(routerNamed(t, "front"), paths, resolve);
    expect(routeConfig.pools.B?.servers).toEqual(["127.0.0.1:11434:ascii:ktls12"]);
  });

  test("2014 guide as published is an expected start failure", () => {
    const t = guide2014(credentials, { variant: "as-published" });
    const front = routerNamed(t, "front");
    const { argv, issues } = toCommandLine(front, paths, resolve);
    expect(front.expectStartFailure).toBeDefined();
    expect(argv.filter((word) => word.startsWith("--server-pem-"))).toEqual([]);
    expect(issues.some((issue) => issue.severity === "start-failure")).toBe(true);
  });

  test("2014 guide with --server-pem-* starts", () => {
    const t = guide2014(credentials, { variant: "server-pem" });
    const { argv, issues } = toCommandLine(routerNamed(t, "front"), paths, resolve);
    expect(argv).toContain("--server-pem-cert-path=/kit/peer.valid/chain.pem");
    expect(argv).toContain("--pem-cert-path=/kit/peer.valid/chain.pem");
    expect(issues.filter((issue) => issue.severity === "start-failure")).toEqual([]);
  });
});

describe("topology validation", () => {
  test("unknown destination node", () => {
    const builder = topology("t", "mcrouter-memcached")
      .withDescription("d")
      .withNode(mcrouter("front").withPort(5000).withPool("A", [{ node: "memcached" }]))
      .withEntry("front", "plain");
    expect(() => builder.build()).toThrow('topology t has no node "memcached"; its nodes are front');
  });

  test("entry on a missing listener", () => {
    const builder = topology("t", "client-mcrouter").withDescription("d").withNode(mcrouter("front").withPort(5000).withRoute("NullRoute")).withEntry("front", "ssl");
    expect(() => builder.build()).toThrow(/has no --ssl-port/);
  });

  test("routing cycle", () => {
    const builder = topology("t", "mcrouter-mcrouter")
      .withDescription("d")
      .withNode(mcrouter("a").withPort(1).withPool("A", [{ node: "b", listener: "plain" }]))
      .withNode(mcrouter("b").withPort(2).withPool("B", [{ node: "a", listener: "plain" }]))
      .withEntry("a", "plain");
    expect(() => builder.build()).toThrow(/routes in a cycle/);
  });

  test("duplicate node names", () => {
    const builder = topology("t", "client-mcrouter").withNode(mcrouter("front").withPort(1).withRoute("NullRoute"));
    expect(() => builder.withNode(mcrouter("front").withPort(2).withRoute("NullRoute"))).toThrow(/added twice/);
  });

  test("pool without servers", () => {
    expect(() => mcrouter("front").withPool("A", [])).toThrow(/has no servers/);
  });

  test("memcached without certificate", () => {
    expect(() => memcached("m").build()).toThrow(/no server certificate/);
  });

  test("memcached verify mode out of range", () => {
    expect(() => memcached("m").withVerifyMode(4 as 0)).toThrow("ssl_verify_mode 4 is invalid: use 0, 1, 2 or 3");
  });

  test("node name with capitals", () => {
    expect(() => mcrouter("Front")).toThrow(/node name "Front" is invalid/);
  });
});
