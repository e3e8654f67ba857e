// Options of generateKit and their checks. Every rejected value raises a UsageError naming the value
// and the fix; the CLI reports those with exit status 2.

import { isIP } from "node:net";
import { UsageError } from "./errors.ts";
import { canonicalIp } from "./facts.ts";
import type { KitKeyType } from "./manifest.ts";
import { KIT_KEY_TYPES } from "./variants.ts";

export interface GenerateKitOptions {
  /** Directory to write; created. An existing non-empty directory needs `force` and must be a kit. */
  outDir: string;
  /** iPAddress SANs of valid leaves, IPv4 and IPv6. Default 127.0.0.1 and ::1. */
  ips?: readonly string[];
  /** dNSName SANs of valid leaves. Default localhost. */
  dns?: readonly string[];
  /** Key type of the authorities and of every leaf but the other valid ones and rsa1024. Default ecdsa-p256. */
  keyType?: KitKeyType;
  /** Valid leaves issued by ca.intermediate (chain.pem = leaf + intermediate). Default false. */
  chain?: boolean;
  /** Variant ids or patterns (`client.*`); default the whole catalog. */
  variants?: readonly string[];
  /** Replace an existing kit at `outDir`. Default false. */
  force?: boolean;
  /** Generation time that every validity window is relative to. Default now. */
  now?: Date;
}

export const DEFAULT_IPS = ["127.0.0.1", "::1"] as const;
export const DEFAULT_DNS = ["localhost"] as const;
/**
 * ECDSA P-256, because every link under test accepts it: fizz, mcrouter's TLS 1.3 stack, signs with
 * ecdsa_secp256r1_sha256 or rsa_pss_sha256 but not with Ed25519. A P-256 key also costs well under a
 * millisecond, where RSA-2048 costs tens to hundreds. RSA-2048, the commonest choice in mcrouter
 * deployments, is one `--key-type rsa2048` away.
 */
export const DEFAULT_KEY_TYPE: KitKeyType = "ecdsa-p256";

// RFC 1035/1123 host name, optionally with a leading wildcard label.
const DNS_NAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

export interface ResolvedOptions {
  outDir: string;
  ips: string[];
  dns: string[];
  keyType: KitKeyType;
  chain: boolean;
  variants: string[] | undefined;
  force: boolean;
  now: Date;
}

export function resolveOptions(options: GenerateKitOptions): ResolvedOptions {
  if (!options.outDir) throw new UsageError("--out", "no output directory given", "pass --out DIR (a new or empty directory)");
  const ips = [...(options.ips ?? DEFAULT_IPS)].map((ip) => ip.trim()).filter(Boolean);
  for (const ip of ips) {
    if (!isIP(ip)) {
      throw new UsageError("--ips", `"${ip}" is not an IPv4 or IPv6 address`, "give addresses such as 127.0.0.5 or ::1, comma-separated, without ports or brackets");
    }
  }
  if (ips.length === 0) throw new UsageError("--ips", "no IP address given", "give at least one address, for example --ips 127.0.0.1,::1");
  const dns = [...(options.dns ?? DEFAULT_DNS)].map((d) => d.trim()).filter(Boolean);
  for (const name of dns) {
    if (name.length > 253 || !DNS_NAME.test(name)) {
      throw new UsageError("--dns", `"${name}" is not a DNS name`, "give host names such as localhost or memcached.test, comma-separated");
    }
  }
  const keyType = options.keyType ?? DEFAULT_KEY_TYPE;
  if (!KIT_KEY_TYPES.includes(keyType)) {
    throw new UsageError("--key-type", `unknown key type "${keyType}"`, `choose one of ${KIT_KEY_TYPES.join(", ")}`);
  }
  const now = options.now ?? new Date();
  if (Number.isNaN(now.getTime())) throw new UsageError("now", "the generation time is not a valid date", "pass a valid Date");
  return {
    outDir: options.outDir,
    ips: [...new Set(ips.map(canonicalIp))],
    dns: [...new Set(dns.map((d) => d.toLowerCase()))],
    keyType,
    chain: options.chain ?? false,
    variants: options.variants ? [...options.variants] : undefined,
    force: options.force ?? false,
    now,
  };
}
