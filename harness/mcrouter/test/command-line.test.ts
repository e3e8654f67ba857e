import { describe, expect, test } from "vitest";

import { mcrouter } from "../builders.ts";
import { checkMcrouter, McrouterConfigError } from "../check-mcrouter.ts";
import { formatCommandLine, toCommandLine, type McrouterPaths } from "../command-line.ts";
import type { PemCredential } from "../kit-credentials.ts";
import type { AddressResolver } from "../route-config.ts";
import { FAST_TIMING } from "../timing.ts";

const paths: McrouterPaths = { kitDir: "/kit", workDir: "/run/mcrouter-1" };
const serverLeaf: PemCredential = { variant: "server.valid", certPath: "server/valid/chain.pem", keyPath: "server/valid/key.pem" };
const peerLeaf: PemCredential = { variant: "peer.valid", certPath: "peer/valid/chain.pem", keyPath: "peer/valid/key.pem" };
const root = "trust/root.pem";

const addresses: Record<string, { host: string; port: number }> = {
  memcached: { host: "127.0.0.1", port: 21211 },
  back: { host: "::1", port: 11434 },
};
const resolve: AddressResolver = (node) => {
  const address = addresses[node];
  if (address === undefined) throw new Error(`no address for ${node}`);
  return address;
};

function flagValue(argv: string[], flag: string): string | undefined {
  const prefix = `${flag}=`;
  return argv.find((word) => word.startsWith(prefix))?.slice(prefix.length);
}

describe("toCommandLine", () => {
  test("TLS listener with required client certificates", () => {
    const node = mcrouter("front")
      .withPort(5000)
      .withSslPort(11433)
      .withServerCertificate(serverLeaf, root)
      .withRequirePeerCerts()
      .withPool("A", [{ node: "memcached", mech: "ssl" }])
      .build();

    const { argv } = toCommandLine(node, paths, resolve);

    expect(flagValue(argv, "--port")).toBe("5000");
    expect(flagValue(argv, "--ssl-port")).toBe("11433");
    expect(flagValue(argv, "--server-pem-cert-path")).toBe("/kit/server/valid/chain.pem");
    expect(flagValue(argv, "--server-pem-key-path")).toBe("/kit/server/valid/key.pem");
    expect(flagValue(argv, "--server-pem-ca-path")).toBe("/kit/trust/root.pem");
    expect(argv).toContain("--ssl-require-peer-certs");
    expect(argv).not.toContain("--ssl-verify-peers");
    expect(flagValue(argv, "--pem-cert-path")).toBeUndefined();
  });

  test("inline config carries pools and route", () => {
    const node = mcrouter("front").withPort(5000).withPool("A", [{ node: "memcached", mech: "fizz" }]).build();

    const { argv } = toCommandLine(node, paths, resolve);
    const config: unknown = JSON.parse(flagValue(argv, "--config") ?? "null");

    expect(config).toEqual({ pools: { A: { servers: ["127.0.0.1:21211:ascii:fizz"] } }, route: "PoolRoute|A" });
  });

  test("config file is named with file: prefix", () => {
    const node = mcrouter("front").withPort(5000).withPool("A", [{ node: "memcached" }]).build();

    const { argv } = toCommandLine(node, { ...paths, configFile: "/run/mcrouter-1/config.json" }, resolve);

    expect(flagValue(argv, "--config")).toBe("file:/run/mcrouter-1/config.json");
  });

  test("pool security_mech and IPv6 destination", () => {
    const node = mcrouter("front")
      .withPort(5000)
      .withPool("B", [{ node: "back" }, { accessPoint: { host: "10.1.2.3", port: 11211, protocol: "ascii", mech: "plain" } }], {
        securityMech: "tls_to_plain",
        connectTimeoutMs: 500,
      })
      .build();

    const { routeConfig } = toCommandLine(node, paths, resolve);

    expect(routeConfig.pools.B).toEqual({
      servers: ["[::1]:11434", "10.1.2.3:11211:ascii:plain"],
      security_mech: "tls_to_plain",
      connect_timeout: 500,
    });
  });

  test("client credentials and peer verification", () => {
    const node = mcrouter("front").withPort(5000).withClientCertificate(peerLeaf).withVerifyPeers(root).withPool("A", [{ node: "memcached", mech: "ssl" }]).build();

    const { argv, issues } = toCommandLine(node, paths, resolve);

    expect(flagValue(argv, "--pem-cert-path")).toBe("/kit/peer/valid/chain.pem");
    expect(flagValue(argv, "--pem-key-path")).toBe("/kit/peer/valid/key.pem");
    expect(flagValue(argv, "--pem-ca-path")).toBe("/kit/trust/root.pem");
    expect(argv).toContain("--ssl-verify-peers");
    expect(issues).toEqual([]);
  });

  test("timing flags and work directories", () => {
    const node = mcrouter("front").withPort(5000).withTiming({ disableTkoTracking: true }).withPool("A", [{ node: "memcached" }]).build();

    const { argv } = toCommandLine(node, paths, resolve);

    expect(flagValue(argv, "--server-timeout")).toBe(String(FAST_TIMING.serverTimeoutMs));
    expect(flagValue(argv, "--probe-timeout-initial")).toBe(String(FAST_TIMING.probeTimeoutInitialMs));
    expect(flagValue(argv, "--probe-timeout-max")).toBe(String(FAST_TIMING.probeTimeoutMaxMs));
    expect(flagValue(argv, "--reset-inactive-connection-interval")).toBe(String(FAST_TIMING.resetInactiveConnectionIntervalMs));
    expect(flagValue(argv, "--num-proxies")).toBe("1");
    expect(argv).toContain("--disable-tko-tracking");
    expect(flagValue(argv, "--stats-root")).toBe("/run/mcrouter-1/stats");
    expect(flagValue(argv, "--debug-fifo-root")).toBe("/run/mcrouter-1/fifos");
    expect(flagValue(argv, "--async-dir")).toBe("/run/mcrouter-1/spool");
    expect(flagValue(argv, "--log-path")).toBeUndefined();
  });

  test("no key material in the argv", () => {
    const node = mcrouter("front").withPort(5000).withSslPort(11433).withServerCertificate(serverLeaf, root).withPool("A", [{ node: "memcached" }]).build();

    const line = formatCommandLine("mcrouter", toCommandLine(node, paths, resolve).argv);

    expect(line).not.toMatch(/PRIVATE KEY/);
    expect(line).toMatch(/^mcrouter '--config=\{/);
  });
});

describe("start-up failures", () => {
  test("--ssl-port without --server-pem-* is rejected", () => {
    const node = mcrouter("front").withSslPort(11433).withPool("A", [{ node: "memcached" }]).build();

    expect(() => toCommandLine(node, paths, resolve)).toThrow(McrouterConfigError);
    expect(() => toCommandLine(node, paths, resolve)).toThrow(
      "--ssl-port requires --server-pem-cert-path, --server-pem-key-path and --server-pem-ca-path",
    );
  });

  test("missing CA alone is rejected, even without --ssl-require-peer-certs", () => {
    const node = mcrouter("front")
      .withSslPort(11433)
      .withServerPem({ certPath: serverLeaf.certPath, keyPath: serverLeaf.keyPath })
      .withPool("A", [{ node: "memcached" }])
      .build();

    expect(() => toCommandLine(node, paths, resolve)).toThrow(/lacks --server-pem-ca-path \(mcrouter logs/);
  });

  test("2014 guide flags pass when the failure is expected", () => {
    const node = mcrouter("guide")
      .withSslPort(11433)
      .withClientPem({ certPath: peerLeaf.certPath, keyPath: peerLeaf.keyPath, caPath: root })
      .withPool("A", [{ node: "memcached", mech: "ssl" }])
      .expectingStartFailure("the guide's --pem-* flags configure only mcrouter's client side")
      .build();

    const { argv, issues } = toCommandLine(node, paths, resolve);

    expect(flagValue(argv, "--ssl-port")).toBe("11433");
    expect(flagValue(argv, "--pem-cert-path")).toBe("/kit/peer/valid/chain.pem");
    expect(flagValue(argv, "--server-pem-cert-path")).toBeUndefined();
    const failure = issues.find((issue) => issue.severity === "start-failure");
    expect(failure?.mcrouterBehaviour).toContain("All of pemCertPath, pemKeyPath, pemCaPath required with sslPorts");
  });

  test("expected failure without cause is rejected", () => {
    const node = mcrouter("front").withPort(5000).withPool("A", [{ node: "memcached" }]).expectingStartFailure("none").build();

    expect(() => toCommandLine(node, paths, resolve)).toThrow(/nothing in its flags makes mcrouter exit/);
  });

  test("no listener at all is rejected", () => {
    const node = mcrouter("front").withPool("A", [{ node: "memcached" }]).build();

    expect(() => toCommandLine(node, paths, resolve)).toThrow(/neither -p nor --ssl-port/);
  });

  test("route naming an undefined pool is rejected", () => {
    const node = mcrouter("front").withPort(5000).withPool("A", [{ node: "memcached" }]).withRoute("PoolRoute|B").build();

    expect(() => toCommandLine(node, paths, resolve)).toThrow(/names pool B, which is not defined/);
  });
});

describe("checkMcrouter warnings", () => {
  test("--ssl-verify-peers without --pem-ca-path", () => {
    const node = mcrouter("front").withPort(5000).withPool("A", [{ node: "memcached", mech: "ssl" }]).build();
    node.verifyPeers = true;

    const messages = checkMcrouter(node).map((issue) => issue.message);

    expect(messages).toContain("mcrouter front sets --ssl-verify-peers without --pem-ca-path: add the CA file");
  });

  test("--pem-ca-path without --ssl-verify-peers", () => {
    const node = mcrouter("front").withPort(5000).withClientPem({ caPath: root }).withPool("A", [{ node: "memcached" }]).build();

    const issues = checkMcrouter(node);

    expect(issues.map((issue) => issue.severity)).toEqual(["warning"]);
    expect(issues[0]?.message).toMatch(/destination certificates are not verified/);
  });

  test("half a client credential", () => {
    const node = mcrouter("front").withPort(5000).withClientPem({ certPath: peerLeaf.certPath }).withPool("A", [{ node: "memcached" }]).build();

    expect(checkMcrouter(node)[0]?.message).toMatch(/only one of --pem-cert-path and --pem-key-path/);
  });

  test("--ssl-require-peer-certs without a TLS port", () => {
    const node = mcrouter("front").withPort(5000).withRequirePeerCerts().withPool("A", [{ node: "memcached" }]).build();

    expect(checkMcrouter(node)[0]?.message).toMatch(/without --ssl-port: it has no effect/);
  });
});

describe("timing validation", () => {
  test.each([
    [{ serverTimeoutMs: 0 }, "--server-timeout is 0"],
    [{ numProxies: 0 }, "--num-proxies is 0"],
    [{ probeTimeoutInitialMs: 2000, probeTimeoutMaxMs: 1000 }, "--probe-timeout-max 1000 is below --probe-timeout-initial 2000"],
    [{ resetInactiveConnectionIntervalMs: -5 }, "--reset-inactive-connection-interval is -5"],
  ])("%o is rejected", (timing, message) => {
    expect(() => mcrouter("front").withTiming(timing)).toThrow(message);
  });
});
