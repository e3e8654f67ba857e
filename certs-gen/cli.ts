#!/usr/bin/env node
// certs-gen: writes a kit of valid and deliberately broken certificates for mTLS tests.
// Exit status: 0 done, 1 unexpected failure, 2 usage error (bad option value or output directory).

import { parseArgs } from "node:util";
import { UsageError } from "./errors.ts";
import { generateKit } from "./kit.ts";
import type { KitKeyType } from "./manifest.ts";
import { DEFAULT_DNS, DEFAULT_IPS, DEFAULT_KEY_TYPE } from "./options.ts";
import { renderCatalog } from "./catalog.ts";
import { KIT_KEY_TYPES } from "./variants.ts";
import { abandonPendingWrites } from "./write.ts";

export const HELP = `Usage: certs-gen --out DIR [options]

Writes a kit of valid and deliberately broken certificates for mTLS tests between
clients, mcrouter and memcached: DIR/manifest.json lists every file and certificate.

Options:
  --out DIR            Kit directory to create (required). Must be new or empty, or an
                       earlier kit with --force. Parent directories are created.
  --ips LIST           Comma-separated IPv4/IPv6 addresses for the iPAddress SANs of the
                       valid leaves (default ${DEFAULT_IPS.join(",")}). The kit's first IPv4
                       address is the one wrong-IP variants are wrong about.
  --dns LIST           Comma-separated DNS names for the dNSName SANs (default ${DEFAULT_DNS.join(",")}).
  --key-type TYPE      Key type of the authorities and of the leaves: ${KIT_KEY_TYPES.join(", ")}
                       (default ${DEFAULT_KEY_TYPE}). The valid variants of the other two key
                       types are in every kit regardless.
  --chain              Issue the valid leaves from an intermediate: chain.pem is then the
                       leaf followed by the intermediate (default: issued by the root).
  --variants LIST      Only these variants: comma-separated ids or patterns such as
                       client.* or *.expired (default: the whole catalog).
  --force              Replace DIR if it contains an earlier kit.
  --list               Print the catalog (id, role, defect, description) and exit.
  --markdown           With --list: print it as a Markdown table.
  -h, --help           Print this help and exit.

Exit status: 0 on success, 2 for a usage error (the message names the value and the
fix), 1 for any other failure. Nothing is left half-written. Key material is never
printed.
`;

function splitList(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(",").map((s) => s.trim()).filter(Boolean);
}

function usage(error: UsageError): never {
  process.stderr.write(`certs-gen: ${error.option}: ${error.message}\n  fix: ${error.fix}\n  (npm run certs-gen -- --help lists every option)\n`);
  process.exit(2);
}

export async function main(argv: string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        out: { type: "string" },
        ips: { type: "string" },
        dns: { type: "string" },
        "key-type": { type: "string" },
        chain: { type: "boolean" },
        variants: { type: "string" },
        force: { type: "boolean" },
        list: { type: "boolean" },
        markdown: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    usage(new UsageError("arguments", (error as Error).message, "check the spelling of the option and its value"));
  }

  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  if (values.list) {
    process.stdout.write(renderCatalog(values.markdown ? "markdown" : "text"));
    return;
  }
  if (values.out === undefined) usage(new UsageError("--out", "no output directory given", "pass --out DIR, a new or empty directory"));
  const keyType = values["key-type"];
  if (keyType !== undefined && !KIT_KEY_TYPES.includes(keyType as KitKeyType)) {
    usage(new UsageError("--key-type", `unknown key type "${keyType}"`, `choose one of ${KIT_KEY_TYPES.join(", ")}`));
  }

  const onSignal = (signal: NodeJS.Signals) => {
    abandonPendingWrites();
    process.stderr.write(`certs-gen: stopped by ${signal}; nothing was written\n`);
    process.exit(128 + (signal === "SIGINT" ? 2 : 15));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  const started = performance.now();
  try {
    const manifest = await generateKit({
      outDir: values.out,
      ips: splitList(values.ips),
      dns: splitList(values.dns),
      keyType: keyType as KitKeyType | undefined,
      chain: values.chain ?? false,
      variants: splitList(values.variants),
      force: values.force ?? false,
    });
    const ms = Math.round(performance.now() - started);
    process.stdout.write(
      `certs-gen: wrote ${manifest.variants.length} variants and ${manifest.authorities.length} authorities to ${values.out} in ${ms} ms\n` +
        `  key type ${manifest.options.keyType}, chain ${manifest.options.chain ? "root > intermediate > leaf" : "root > leaf"}, ` +
        `IPs ${manifest.options.ips.join(",")}, DNS ${manifest.options.dns.join(",") || "(none)"}\n` +
        `  manifest: ${values.out}/manifest.json; trust anchor: ${values.out}/${manifest.trust.root}\n`,
    );
  } catch (error) {
    if (error instanceof UsageError) usage(error);
    process.stderr.write(`certs-gen: failed: ${(error as Error).stack ?? error}\n  nothing was written to ${values.out}\n`);
    process.exit(1);
  }
}

if (import.meta.main) await main(process.argv.slice(2));
