// Flag combinations that mcrouter reacts to at start-up, checked before it runs.
// "start-failure" issues are the ones that make mcrouter log an error and exit;
// "warning" issues start fine but do something other than the flags suggest.

import type { McrouterNode } from "./topology.ts";

export interface McrouterIssue {
  severity: "start-failure" | "warning";
  /** What is wrong and how to fix it, in flag names. */
  message: string;
  /** What mcrouter logs or does, from its source. */
  mcrouterBehaviour: string;
}

function missingServerPemFlags(node: McrouterNode): string[] {
  const missing: string[] = [];
  if (!node.serverPem.certPath) missing.push("--server-pem-cert-path");
  if (!node.serverPem.keyPath) missing.push("--server-pem-key-path");
  if (!node.serverPem.caPath) missing.push("--server-pem-ca-path");
  return missing;
}

function routedPoolNames(route: string): string[] {
  return [...route.matchAll(/PoolRoute\|([A-Za-z0-9_.-]+)/g)].map((match) => match[1] ?? "");
}

/** List the issues of one mcrouter's flags and configuration, start-up failures first. */
export function checkMcrouter(node: McrouterNode): McrouterIssue[] {
  const startFailures: McrouterIssue[] = [];
  const warnings: McrouterIssue[] = [];

  if (node.ports.length === 0 && node.sslPorts.length === 0) {
    startFailures.push({
      severity: "start-failure",
      message: `mcrouter ${node.name} has neither -p nor --ssl-port: give at least one listener`,
      mcrouterBehaviour: "logs `invalid ports` and exits (mcrouter/StandaloneUtils.cpp:135-140)",
    });
  }

  const missing = missingServerPemFlags(node);
  if (node.sslPorts.length > 0 && missing.length > 0) {
    startFailures.push({
      severity: "start-failure",
      message: `--ssl-port requires --server-pem-cert-path, --server-pem-key-path and --server-pem-ca-path; mcrouter ${node.name} lacks ${missing.join(", ")}`,
      mcrouterBehaviour:
        "logs `All of pemCertPath, pemKeyPath, pemCaPath required with sslPorts` and exits with a failure status, even without --ssl-require-peer-certs (mcrouter/lib/network/AsyncMcServer.cpp:594-600, mcrouter/Server-inl.h:581-584)",
    });
  }

  const poolNames = new Set(node.pools.map((pool) => pool.name));
  for (const name of routedPoolNames(node.route)) {
    if (!poolNames.has(name)) {
      startFailures.push({
        severity: "start-failure",
        message: `route "${node.route}" of mcrouter ${node.name} names pool ${name}, which is not defined: add the pool or fix the route`,
        mcrouterBehaviour:
          "cannot build its router from the configuration, logs `CRITICAL: Failed to initialize mcrouter!` and exits (mcrouter/Server-inl.h:516-520)",
      });
    }
  }

  if (node.sslPorts.length === 0 && missing.length < 3) {
    warnings.push({
      severity: "warning",
      message: `mcrouter ${node.name} sets --server-pem-* without --ssl-port: the files are never read`,
      mcrouterBehaviour: "serves plaintext only",
    });
  }

  if (node.sslPorts.length === 0 && node.requirePeerCerts) {
    warnings.push({
      severity: "warning",
      message: `mcrouter ${node.name} sets --ssl-require-peer-certs without --ssl-port: it has no effect`,
      mcrouterBehaviour: "serves plaintext only",
    });
  }

  const clientCertHalf = Boolean(node.clientPem.certPath) !== Boolean(node.clientPem.keyPath);
  if (clientCertHalf) {
    warnings.push({
      severity: "warning",
      message: `mcrouter ${node.name} sets only one of --pem-cert-path and --pem-key-path: set both, or neither`,
      mcrouterBehaviour: "presents no client certificate unless both are non-empty (mcrouter/lib/network/ThreadLocalSSLContextProvider.cpp:340-354)",
    });
  }

  if (node.verifyPeers && !node.clientPem.caPath) {
    warnings.push({
      severity: "warning",
      message: `mcrouter ${node.name} sets --ssl-verify-peers without --pem-ca-path: add the CA file`,
      mcrouterBehaviour: "verifies nothing and logs nothing (mcrouter/lib/network/ThreadLocalSSLContextProvider.cpp:355-362)",
    });
  }

  if (!node.verifyPeers && node.clientPem.caPath) {
    warnings.push({
      severity: "warning",
      message: `mcrouter ${node.name} sets --pem-ca-path without --ssl-verify-peers: destination certificates are not verified`,
      mcrouterBehaviour: "passes the CA file on only when --ssl-verify-peers is on, so any server certificate is accepted",
    });
  }

  return [...startFailures, ...warnings];
}

/** An mcrouter configuration that cannot be generated as requested. */
export class McrouterConfigError extends Error {
  readonly issues: readonly McrouterIssue[];

  constructor(message: string, issues: readonly McrouterIssue[]) {
    super(message);
    this.name = "McrouterConfigError";
    this.issues = issues;
  }
}

/**
 * Throw McrouterConfigError when the start-up outcome differs from what the node declares.
 * A node without `expectStartFailure` must have no start-failure issue. A node with it
 * must have at least one, so that the case really tests a rejected start-up.
 */
export function assertStartOutcome(node: McrouterNode): McrouterIssue[] {
  const issues = checkMcrouter(node);
  const startFailures = issues.filter((issue) => issue.severity === "start-failure");

  if (node.expectStartFailure === undefined && startFailures.length > 0) {
    const list = startFailures.map((issue) => `${issue.message} (mcrouter ${issue.mcrouterBehaviour})`).join("; ");
    throw new McrouterConfigError(`mcrouter ${node.name} would exit at start-up: ${list}`, issues);
  }

  if (node.expectStartFailure !== undefined && startFailures.length === 0) {
    throw new McrouterConfigError(
      `mcrouter ${node.name} is marked expectStartFailure ("${node.expectStartFailure.reason}") but nothing in its flags makes mcrouter exit: remove the mark or the flag that should fail`,
      issues,
    );
  }

  return issues;
}
