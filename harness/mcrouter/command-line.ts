// mcrouter's argv for one node of a topology. Every flag uses the `--long-name=value`
// form, which mcrouter's getopt_long parser reads like the short forms (`--port` is
// `-p`, `--server-timeout` is `-t`). Paths are only ever file names: no key material
// appears in the argv, so it may be logged and reported as it is.

import { isAbsolute, join } from "node:path/posix";

import { assertStartOutcome, type McrouterIssue } from "./check-mcrouter.ts";
import { toRouteConfig, type AddressResolver, type RouteConfig } from "./route-config.ts";
import { timingArguments } from "./timing.ts";
import type { McrouterNode } from "./topology.ts";

/** Directories and files as the mcrouter process sees them (host paths, or paths inside its container). */
export interface McrouterPaths {
  /** The certs-gen kit directory; kit-relative PEM paths are joined to it. */
  kitDir: string;
  /** A writable directory for mcrouter's stats files, debug fifos and async spool. */
  workDir: string;
  /** Where the route configuration is written. When absent, the JSON goes inline in `--config`. */
  configFile?: string;
  /** `--log-path`. When absent, mcrouter logs to stderr, which the harness captures. */
  logFile?: string;
}

export interface McrouterCommandLine {
  /** Arguments after the program name. */
  argv: string[];
  /** The configuration that `--config` names or contains. */
  routeConfig: RouteConfig;
  /** Warnings, plus the start-up failures a node marked `expectStartFailure` is meant to hit. */
  issues: McrouterIssue[];
}

function kitPath(paths: McrouterPaths, relative: string): string {
  return isAbsolute(relative) ? relative : join(paths.kitDir, relative);
}

function pemArguments(node: McrouterNode, paths: McrouterPaths): string[] {
  const argv: string[] = [];
  const add = (flag: string, relative: string | undefined): void => {
    if (relative) argv.push(`${flag}=${kitPath(paths, relative)}`);
  };

  add("--server-pem-cert-path", node.serverPem.certPath);
  add("--server-pem-key-path", node.serverPem.keyPath);
  add("--server-pem-ca-path", node.serverPem.caPath);
  if (node.requirePeerCerts) argv.push("--ssl-require-peer-certs");

  add("--pem-cert-path", node.clientPem.certPath);
  add("--pem-key-path", node.clientPem.keyPath);
  add("--pem-ca-path", node.clientPem.caPath);
  if (node.verifyPeers) argv.push("--ssl-verify-peers");

  return argv;
}

/**
 * Generate mcrouter's argv for `node`. Node destinations in its pools are resolved with
 * `resolve`. Throws McrouterConfigError when mcrouter would exit at start-up and the
 * node does not declare `expectStartFailure`, or declares it without cause. Throws
 * RangeError for a value mcrouter cannot parse at all (a port out of range, an unknown
 * security mech).
 */
export function toCommandLine(node: McrouterNode, paths: McrouterPaths, resolve: AddressResolver): McrouterCommandLine {
  const issues = assertStartOutcome(node);
  const routeConfig = toRouteConfig(node, resolve);
  const argv: string[] = [];

  const configJson = JSON.stringify(routeConfig);
  argv.push(paths.configFile === undefined ? `--config=${configJson}` : `--config=file:${paths.configFile}`);

  if (node.ports.length > 0) argv.push(`--port=${node.ports.join(",")}`);
  if (node.listenAddresses.length > 0) argv.push(`--listen-addresses=${node.listenAddresses.join(",")}`);
  if (node.sslPorts.length > 0) argv.push(`--ssl-port=${node.sslPorts.join(",")}`);

  argv.push(...pemArguments(node, paths));
  argv.push(...timingArguments(node.timing));

  // mcrouter's defaults for these directories are under /var, which a test must not touch.
  argv.push(
    `--stats-root=${join(paths.workDir, "stats")}`,
    `--debug-fifo-root=${join(paths.workDir, "fifos")}`,
    `--async-dir=${join(paths.workDir, "spool")}`,
    "--asynclog-disable",
  );
  if (paths.logFile !== undefined) argv.push(`--log-path=${paths.logFile}`);

  return { argv, routeConfig, issues };
}

/** Render an argv as one shell-quoted line, for logs and reports. */
export function formatCommandLine(program: string, argv: readonly string[]): string {
  const quote = (word: string): string => (/^[A-Za-z0-9_./:=,@%+-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`);
  return [program, ...argv].map(quote).join(" ");
}
