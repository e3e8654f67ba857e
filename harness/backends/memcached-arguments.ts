// memcached's command line for a TLS server, shared by both backends.

import { access, constants } from "node:fs/promises";

import type { MemcachedTlsSettings } from "./backend.ts";

/** Where memcached finds the certificate files: host paths locally, container paths in a container. */
export interface MemcachedFilePaths {
  chain: string;
  key: string;
  ca?: string | undefined;
}

export interface MemcachedListener {
  /** Address for `-l`; memcached listens on every interface when absent. */
  address?: string;
  port: number;
  /** Adds `-u root`, which memcached requires when started as root. */
  runAsRoot?: boolean;
}

/**
 * memcached 1.6.18 takes `ssl_min_version` as a number (0 = TLS 1.0 ... 3 = TLS 1.3) and exits
 * with "could not parse argument to ssl_min_version" when given `tlsv1.3`.
 */
const MIN_VERSION_NUMBER = { "tlsv1.2": "2", "tlsv1.3": "3" } as const;

/**
 * Builds memcached's arguments (without the program name): TLS on the one TCP listener, UDP
 * off, and `-vv` so that the output shows `server listening` once the port is open.
 */
export function memcachedArguments(settings: MemcachedTlsSettings, files: MemcachedFilePaths, listener: MemcachedListener): string[] {
  const args: string[] = [];

  if (listener.runAsRoot === true) {
    args.push("-u", "root");
  }
  if (listener.address !== undefined) {
    args.push("-l", listener.address);
  }
  args.push("-p", String(listener.port), "-U", "0", "-vv");

  args.push("-Z", "-o", `ssl_chain_cert=${files.chain}`, "-o", `ssl_key=${files.key}`);
  if (files.ca !== undefined) {
    args.push("-o", `ssl_ca_cert=${files.ca}`);
  }
  args.push("-o", `ssl_verify_mode=${settings.verifyMode}`);
  if (settings.minVersion !== undefined) {
    args.push("-o", `ssl_min_version=${MIN_VERSION_NUMBER[settings.minVersion]}`);
  }

  args.push(...(settings.extraOptions ?? []));
  return args;
}

/**
 * Checks the settings before anything starts: option values in range and every named file
 * readable. The contents of the files are memcached's to judge.
 */
export async function validateTlsSettings(settings: MemcachedTlsSettings): Promise<void> {
  if (![0, 1, 2, 3].includes(settings.verifyMode)) {
    throw new Error(`verifyMode ${String(settings.verifyMode)} is invalid: memcached's ssl_verify_mode takes 0, 1, 2 or 3.`);
  }
  if (settings.minVersion !== undefined && !(settings.minVersion in MIN_VERSION_NUMBER)) {
    throw new Error(`minVersion "${String(settings.minVersion)}" is invalid: use "tlsv1.2" or "tlsv1.3".`);
  }

  await requireReadable("chainFile", settings.chainFile);
  await requireReadable("keyFile", settings.keyFile);
  if (settings.caFile !== undefined) {
    await requireReadable("caFile", settings.caFile);
  }
}

async function requireReadable(field: string, path: string): Promise<void> {
  try {
    await access(path, constants.R_OK);
  } catch {
    throw new Error(`${field} "${path}" is missing or not readable: pass the path of an existing PEM file.`);
  }
}
