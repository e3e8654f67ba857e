// Proof by the openssl CLI (3.0.x) that each variant is what its id names. Valid leaves verify plain and
// with -x509_strict for their role's purposes. Each broken leaf fails for its own reason only and passes
// every other check. The table below was written from what `openssl verify`, `openssl x509` and
// `openssl pkey` print for these files, not from the generator's code or manifest; the manifest is used
// only to find the files and, for the encrypted key, its passphrase.

import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generateKit } from "../kit.ts";
import type { KitKeyType, KitManifest, VariantEntry } from "../manifest.ts";
import { certificateDates, openssl, pemBlocks, stopOpenssl, verifyOutcome } from "./openssl.ts";

const KIT_IPV4 = "127.0.0.5";
const KIT_IPV6 = "::1";
const KIT_DNS = "localhost";

// ---- what a check can be -------------------------------------------------------------------------------

interface VerifyTweak {
  /** Extra `openssl verify` arguments. */
  args?: string[];
  /** CA file instead of the variant's trust anchor: a kit path, or "cert" for the leaf itself. */
  caFile?: string;
  /** -untrusted file instead of chain.pem (kit path). */
  untrusted?: string;
  /** Purpose instead of the role's; null for none. */
  purpose?: string | null;
  /** Verify chain.pem's first certificate instead of cert.pem. */
  target?: "chain";
  /** Verify at a time inside the validity of every certificate of the path (-attime). */
  insideValidity?: boolean;
}

type Proof =
  | { name: string; verify: VerifyTweak; expect: string }
  | { name: string; x509: string[]; file?: "cert" | string; expectMatch: RegExp }
  | { name: string; pkeyWithPassphrase: true; expect: "ok" };

interface Expected {
  /** `openssl verify` with the trust anchor, chain.pem as -untrusted and the role's purpose(s). */
  verify?: string;
  /** The same with -x509_strict. Default: as `verify`. */
  strict?: string;
  /** The same with -verify_ip of the kit's IPv4 / IPv6 address. Default: as `verify`. */
  ipv4?: string;
  ipv6?: string;
  /** The same with -auth_level 1 / 2. Default: as `verify`. */
  level1?: string;
  level2?: string;
  /** `openssl x509 -text` on cert.pem. */
  parse?: "ok" | "unreadable";
  /** `openssl pkey` on key.pem with an empty passphrase. */
  key?: "ok" | "unreadable";
  /** `openssl x509 -pubkey` of cert.pem against `openssl pkey -pubout` of key.pem. */
  keyMatch?: "match" | "mismatch" | "unreadable";
  /** Whether chain.pem starts with cert.pem. */
  chainHead?: "leaf" | "not-leaf" | "unreadable";
  /** Checks that show the variant is otherwise fine, or show its defect where verify cannot. */
  proofs?: Proof[];
}

// ---- helpers for the table -----------------------------------------------------------------------------

const OK = "OK";
const insideValidity: Proof = { name: "verifies inside its validity window", verify: { insideValidity: true, args: ["-x509_strict"] }, expect: OK };
const verifiesWith = (name: string, verify: VerifyTweak, expectation = OK): Proof => ({ name, verify, expect: expectation });
const x509Shows = (name: string, x509: string[], expectMatch: RegExp, file?: string): Proof => ({ name, x509, expectMatch, ...(file ? { file } : {}) });
const weakKey = "error 66 at 0 depth lookup: EE certificate key too weak";
const weakDigest = "error 68 at 0 depth lookup: CA signature digest algorithm too weak";
const ipMismatch = "error 64 at 0 depth lookup: IP address mismatch";

// ---- the table: what OpenSSL 3.0 prints for each variant --------------------------------------------------

const EXPECTED: Record<string, Expected> = {
  "client.valid.rsa2048": {},
  "server.valid.rsa2048": {},
  "peer.valid.rsa2048": {},
  "client.valid.ecdsa-p256": {},
  "server.valid.ecdsa-p256": {},
  "peer.valid.ecdsa-p256": {},
  "client.valid.ed25519": {},
  "server.valid.ed25519": {},
  "peer.valid.ed25519": {},

  "client.untrusted-ca": {
    verify: "error 20 at 0 depth lookup: unable to get local issuer certificate",
    proofs: [verifiesWith("verifies when its own root is trusted", { caFile: "authorities/ca.untrusted.pem", args: ["-x509_strict"] })],
  },
  "server.untrusted-ca": {
    verify: "error 20 at 0 depth lookup: unable to get local issuer certificate",
    proofs: [verifiesWith("verifies when its own root is trusted", { caFile: "authorities/ca.untrusted.pem", args: ["-x509_strict"] })],
  },
  "client.impostor-ca": {
    verify: "error 20 at 0 depth lookup: unable to get local issuer certificate",
    proofs: [
      verifiesWith("verifies when the impostor is trusted", { caFile: "authorities/ca.impostor.pem", args: ["-x509_strict"] }),
      x509Shows("impostor has the root's subject", ["-noout", "-subject"], /^subject=CN = certs-gen Root CA, O = mcrouter-mtls-conformance$/m, "authorities/ca.impostor.pem"),
    ],
  },
  "server.impostor-ca": {
    verify: "error 20 at 0 depth lookup: unable to get local issuer certificate",
    proofs: [
      verifiesWith("verifies when the impostor is trusted", { caFile: "authorities/ca.impostor.pem", args: ["-x509_strict"] }),
      x509Shows("impostor has the root's subject", ["-noout", "-subject"], /^subject=CN = certs-gen Root CA, O = mcrouter-mtls-conformance$/m, "authorities/ca.impostor.pem"),
    ],
  },
  "client.self-signed": {
    verify: "error 18 at 0 depth lookup: self-signed certificate",
    proofs: [verifiesWith("verifies when trusted itself", { caFile: "cert", args: ["-x509_strict"] })],
  },
  "server.self-signed": {
    verify: "error 18 at 0 depth lookup: self-signed certificate",
    proofs: [verifiesWith("verifies when trusted itself", { caFile: "cert", args: ["-x509_strict"] })],
  },

  "client.no-ip-san": {
    ipv4: ipMismatch,
    ipv6: ipMismatch,
    proofs: [verifiesWith("matches its DNS name", { args: ["-verify_hostname", KIT_DNS] })],
  },
  "server.no-ip-san": {
    ipv4: ipMismatch,
    ipv6: ipMismatch,
    proofs: [verifiesWith("matches its DNS name", { args: ["-verify_hostname", KIT_DNS] })],
  },
  "client.no-san": {
    ipv4: ipMismatch,
    ipv6: ipMismatch,
    proofs: [x509Shows("has no SAN extension", ["-noout", "-text"], /^(?![\s\S]*Subject Alternative Name)[\s\S]*Subject: CN = client\.no-san/)],
  },
  "server.no-san": {
    ipv4: ipMismatch,
    ipv6: ipMismatch,
    proofs: [x509Shows("has no SAN extension", ["-noout", "-text"], /^(?![\s\S]*Subject Alternative Name)[\s\S]*Subject: CN = server\.no-san/)],
  },
  "client.wrong-ip-san": {
    ipv4: ipMismatch,
    ipv6: ipMismatch,
    proofs: [
      verifiesWith("matches a documentation address", { args: ["-verify_ip", "192.0.2.10"] }),
      verifiesWith("matches its DNS name", { args: ["-verify_hostname", KIT_DNS] }),
    ],
  },
  "server.wrong-ip-san": {
    ipv4: ipMismatch,
    ipv6: ipMismatch,
    proofs: [
      verifiesWith("matches a documentation address", { args: ["-verify_ip", "192.0.2.10"] }),
      verifiesWith("matches its DNS name", { args: ["-verify_hostname", KIT_DNS] }),
    ],
  },
  "client.ipv6-only-san": { ipv4: ipMismatch },
  "server.ipv6-only-san": { ipv4: ipMismatch },
  "client.empty-subject": {
    strict: "error 88 at 0 depth lookup: Subject empty and Subject Alt Name extension not critical",
    proofs: [x509Shows("subject is empty", ["-noout", "-subject"], /^subject=\s*$/m)],
  },
  "server.empty-subject": {
    strict: "error 88 at 0 depth lookup: Subject empty and Subject Alt Name extension not critical",
    proofs: [x509Shows("subject is empty", ["-noout", "-subject"], /^subject=\s*$/m)],
  },
  "client.wildcard-cn": {
    proofs: [
      x509Shows("CN has a middle wildcard", ["-noout", "-subject"], /^subject=CN = client\.\*\.certs-gen\.test, O = mcrouter-mtls-conformance$/m),
      verifiesWith("CN pattern matches no host", { args: ["-verify_hostname", "client.x.certs-gen.test"] }, "error 62 at 0 depth lookup: hostname mismatch"),
    ],
  },
  "server.wildcard-cn": {
    proofs: [
      x509Shows("CN has a middle wildcard", ["-noout", "-subject"], /^subject=CN = server\.\*\.certs-gen\.test, O = mcrouter-mtls-conformance$/m),
      verifiesWith("CN pattern matches no host", { args: ["-verify_hostname", "server.x.certs-gen.test"] }, "error 62 at 0 depth lookup: hostname mismatch"),
    ],
  },

  "client.expired": { verify: "error 10 at 0 depth lookup: certificate has expired", proofs: [insideValidity] },
  "server.expired": { verify: "error 10 at 0 depth lookup: certificate has expired", proofs: [insideValidity] },
  "client.not-yet-valid": { verify: "error 9 at 0 depth lookup: certificate is not yet valid", proofs: [insideValidity] },
  "server.not-yet-valid": { verify: "error 9 at 0 depth lookup: certificate is not yet valid", proofs: [insideValidity] },
  "client.expired-intermediate": { verify: "error 10 at 1 depth lookup: certificate has expired", proofs: [insideValidity] },
  "server.expired-intermediate": { verify: "error 10 at 1 depth lookup: certificate has expired", proofs: [insideValidity] },
  "client.expired-root": { verify: "error 10 at 1 depth lookup: certificate has expired", proofs: [insideValidity] },
  "server.expired-root": { verify: "error 10 at 1 depth lookup: certificate has expired", proofs: [insideValidity] },

  // OpenSSL 3.0 accepts a leaf that claims CA:TRUE for both TLS purposes, even in strict mode.
  "client.leaf-ca-true": { proofs: [x509Shows("claims CA:TRUE", ["-noout", "-ext", "basicConstraints"], /critical\s+CA:TRUE/)] },
  "server.leaf-ca-true": { proofs: [x509Shows("claims CA:TRUE", ["-noout", "-ext", "basicConstraints"], /critical\s+CA:TRUE/)] },
  // Strict mode adds error 82 because the intermediate still has keyUsage keyCertSign without being a CA.
  "client.intermediate-no-basic-constraints": {
    verify: "error 79 at 1 depth lookup: invalid CA certificate",
    strict: "error 79 at 1 depth lookup: invalid CA certificate; error 82 at 1 depth lookup: Key usage keyCertSign invalid for non-CA cert",
  },
  "server.intermediate-no-basic-constraints": {
    verify: "error 79 at 1 depth lookup: invalid CA certificate",
    strict: "error 79 at 1 depth lookup: invalid CA certificate; error 82 at 1 depth lookup: Key usage keyCertSign invalid for non-CA cert",
  },
  "client.intermediate-pathlen-exceeded": { verify: "error 25 at 2 depth lookup: path length constraint exceeded" },
  "server.intermediate-pathlen-exceeded": { verify: "error 25 at 2 depth lookup: path length constraint exceeded" },
  "client.ca-no-key-usage": { strict: "error 92 at 1 depth lookup: CA cert does not include key usage extension" },
  "server.ca-no-key-usage": { strict: "error 92 at 1 depth lookup: CA cert does not include key usage extension" },
  "client.no-authority-key-identifier": { strict: "error 85 at 0 depth lookup: Missing Authority Key Identifier" },
  "server.no-authority-key-identifier": { strict: "error 85 at 0 depth lookup: Missing Authority Key Identifier" },

  "client.eku-server-only": {
    verify: "error 26 at 0 depth lookup: unsuitable certificate purpose",
    proofs: [verifiesWith("verifies as a server certificate", { purpose: "sslserver", args: ["-x509_strict"] })],
  },
  "server.eku-client-only": {
    verify: "error 26 at 0 depth lookup: unsuitable certificate purpose",
    proofs: [verifiesWith("verifies as a client certificate", { purpose: "sslclient", args: ["-x509_strict"] })],
  },
  // Without an EKU extension OpenSSL allows every purpose.
  "client.no-eku": {
    proofs: [
      x509Shows("has no EKU extension", ["-noout", "-text"], /^(?![\s\S]*Extended Key Usage)[\s\S]*Key Usage/),
      verifiesWith("verifies as a server certificate too", { purpose: "sslserver", args: ["-x509_strict"] }),
    ],
  },
  "server.no-eku": {
    proofs: [
      x509Shows("has no EKU extension", ["-noout", "-text"], /^(?![\s\S]*Extended Key Usage)[\s\S]*Key Usage/),
      verifiesWith("verifies as a client certificate too", { purpose: "sslclient", args: ["-x509_strict"] }),
    ],
  },
  "client.key-usage-no-digital-signature": {
    verify: "error 26 at 0 depth lookup: unsuitable certificate purpose",
    proofs: [verifiesWith("verifies without a purpose", { purpose: null, args: ["-x509_strict"] })],
  },
  "server.key-usage-no-digital-signature": {
    verify: "error 26 at 0 depth lookup: unsuitable certificate purpose",
    proofs: [verifiesWith("verifies without a purpose", { purpose: null, args: ["-x509_strict"] })],
  },
  "client.unknown-critical-extension": {
    verify: "error 34 at 0 depth lookup: unhandled critical extension",
    proofs: [verifiesWith("verifies when critical extensions are ignored", { args: ["-ignore_critical"] })],
  },
  "server.unknown-critical-extension": {
    verify: "error 34 at 0 depth lookup: unhandled critical extension",
    proofs: [verifiesWith("verifies when critical extensions are ignored", { args: ["-ignore_critical"] })],
  },

  "client.rsa1024": { level2: weakKey, proofs: [x509Shows("has a 1024-bit key", ["-noout", "-text"], /Public-Key: \(1024 bit\)/)] },
  "server.rsa1024": { level2: weakKey, proofs: [x509Shows("has a 1024-bit key", ["-noout", "-text"], /Public-Key: \(1024 bit\)/)] },
  "client.sha1-signature": {
    level1: weakDigest,
    level2: weakDigest,
    proofs: [x509Shows("signed with SHA-1", ["-noout", "-text"], /Signature Algorithm: (sha1WithRSAEncryption|ecdsa-with-SHA1)/)],
  },
  "server.sha1-signature": {
    level1: weakDigest,
    level2: weakDigest,
    proofs: [x509Shows("signed with SHA-1", ["-noout", "-text"], /Signature Algorithm: (sha1WithRSAEncryption|ecdsa-with-SHA1)/)],
  },
  "client.md5-signature": {
    level1: weakDigest,
    level2: weakDigest,
    proofs: [x509Shows("signed with MD5", ["-noout", "-text"], /Signature Algorithm: md5WithRSAEncryption/)],
  },
  "server.md5-signature": {
    level1: weakDigest,
    level2: weakDigest,
    proofs: [x509Shows("signed with MD5", ["-noout", "-text"], /Signature Algorithm: md5WithRSAEncryption/)],
  },

  "client.key-mismatch": { keyMatch: "mismatch" },
  "server.key-mismatch": { keyMatch: "mismatch" },
  "client.chain-missing-intermediate": {
    verify: "error 20 at 0 depth lookup: unable to get local issuer certificate",
    proofs: [verifiesWith("verifies given the intermediate", { untrusted: "authorities/ca.intermediate.pem", args: ["-x509_strict"] })],
  },
  "server.chain-missing-intermediate": {
    verify: "error 20 at 0 depth lookup: unable to get local issuer certificate",
    proofs: [verifiesWith("verifies given the intermediate", { untrusted: "authorities/ca.intermediate.pem", args: ["-x509_strict"] })],
  },
  // -untrusted ignores order, so verify passes; what a TLS stack presents first is the CA, not the leaf.
  "client.chain-reversed": {
    chainHead: "not-leaf",
    proofs: [verifiesWith("first certificate is no client leaf", { target: "chain" }, "error 26 at 0 depth lookup: unsuitable certificate purpose")],
  },
  "server.chain-reversed": {
    chainHead: "not-leaf",
    proofs: [verifiesWith("first certificate is no server leaf", { target: "chain" }, "error 26 at 0 depth lookup: unsuitable certificate purpose")],
  },
  "client.corrupted-pem": { verify: "unreadable", parse: "unreadable", keyMatch: "unreadable", chainHead: "unreadable" },
  "server.corrupted-pem": { verify: "unreadable", parse: "unreadable", keyMatch: "unreadable", chainHead: "unreadable" },
  "client.encrypted-key": { key: "unreadable", proofs: [{ name: "opens with its passphrase", pkeyWithPassphrase: true, expect: "ok" }] },
  "server.encrypted-key": { key: "unreadable", proofs: [{ name: "opens with its passphrase", pkeyWithPassphrase: true, expect: "ok" }] },
};

// ---- running the checks --------------------------------------------------------------------------------

const PURPOSES = { client: ["sslclient"], server: ["sslserver"], peer: ["sslclient", "sslserver"] } as const;

class VariantProbe {
  readonly dir: string;
  readonly variant: VariantEntry;

  constructor(dir: string, variant: VariantEntry) {
    this.dir = dir;
    this.variant = variant;
  }

  get anchor(): string {
    if (!this.variant.trustAnchor) throw new Error(`${this.variant.id} has no trustAnchor in the manifest`);
    return this.variant.trustAnchor.file;
  }

  async verify(purpose: string | null, tweak: VerifyTweak = {}, caFile?: string): Promise<string> {
    const ca = tweak.caFile === "cert" ? this.variant.files.cert : (tweak.caFile ?? caFile ?? this.anchor);
    const args = ["verify", "-CAfile", ca, "-untrusted", tweak.untrusted ?? this.variant.files.chain];
    if (purpose) args.push("-purpose", purpose);
    if (tweak.insideValidity) args.push("-attime", String(await this.timeInsideValidity()));
    args.push(...(tweak.args ?? []));
    args.push(tweak.target === "chain" ? this.variant.files.chain : this.variant.files.cert);
    return verifyOutcome(await openssl(args, this.dir));
  }

  /** Seconds since the epoch halfway through the overlap of every validity window on the path. */
  async timeInsideValidity(): Promise<number> {
    const files = [this.variant.files.chain, this.anchor];
    const blocks = (await Promise.all(files.map((f) => readFile(join(this.dir, f), "utf8")))).flatMap(pemBlocks);
    const windows = await Promise.all(blocks.map((pem) => certificateDates(pem, this.dir)));
    const from = Math.max(...windows.map((w) => w.notBefore.getTime()));
    const to = Math.min(...windows.map((w) => w.notAfter.getTime()));
    if (from >= to) throw new Error(`the validity windows of ${this.variant.id}'s path do not overlap`);
    return Math.floor((from + to) / 2000);
  }

  async parse(): Promise<"ok" | "unreadable"> {
    const result = await openssl(["x509", "-in", this.variant.files.cert, "-noout", "-text"], this.dir);
    return result.code === 0 ? "ok" : "unreadable";
  }

  // An empty passphrase usually ends in "bad decrypt", but about one time in 256 the wrong key still
  // yields valid padding and the failure is a DER error instead, so only success or failure is compared.
  async key(): Promise<"ok" | "unreadable"> {
    const result = await openssl(["pkey", "-in", this.variant.files.key, "-noout", "-passin", "pass:"], this.dir);
    return result.code === 0 ? "ok" : "unreadable";
  }

  async keyWithPassphrase(): Promise<"ok" | string> {
    const passphrase = this.variant.keyPassphrase ?? "";
    const result = await openssl(["pkey", "-in", this.variant.files.key, "-noout", "-passin", `pass:${passphrase}`], this.dir);
    return result.code === 0 ? "ok" : `failed: ${result.stderr.split("\n")[0]}`;
  }

  async keyMatch(): Promise<"match" | "mismatch" | "unreadable"> {
    const passin = `pass:${this.variant.keyPassphrase ?? ""}`;
    const [cert, key] = await Promise.all([
      openssl(["x509", "-in", this.variant.files.cert, "-noout", "-pubkey"], this.dir),
      openssl(["pkey", "-in", this.variant.files.key, "-pubout", "-passin", passin], this.dir),
    ]);
    if (cert.code !== 0 || key.code !== 0) return "unreadable";
    return cert.stdout === key.stdout ? "match" : "mismatch";
  }

  async chainHead(): Promise<"leaf" | "not-leaf" | "unreadable"> {
    const fingerprint = (file: string) => openssl(["x509", "-in", file, "-noout", "-fingerprint", "-sha256"], this.dir);
    const [cert, chain] = await Promise.all([fingerprint(this.variant.files.cert), fingerprint(this.variant.files.chain)]);
    if (cert.code !== 0 || chain.code !== 0) return "unreadable";
    return cert.stdout === chain.stdout ? "leaf" : "not-leaf";
  }

  async x509(args: string[], file?: string): Promise<string> {
    const result = await openssl(["x509", "-in", file ?? this.variant.files.cert, ...args], this.dir);
    return result.stdout + result.stderr;
  }
}

async function runProof(probe: VariantProbe, proof: Proof): Promise<{ proof: Proof; outcome: string }> {
  if ("verify" in proof) {
    const purpose = proof.verify.purpose === undefined ? PURPOSES[probe.variant.role][0] : proof.verify.purpose;
    return { proof, outcome: await probe.verify(purpose, proof.verify) };
  }
  if ("x509" in proof) return { proof, outcome: await probe.x509(proof.x509, proof.file === "cert" ? undefined : proof.file) };
  return { proof, outcome: await probe.keyWithPassphrase() };
}

// ---- the tests -----------------------------------------------------------------------------------------

const KITS: ReadonlyArray<{ keyType: KitKeyType; chain: boolean }> = [
  { keyType: "ecdsa-p256", chain: false },
  { keyType: "rsa2048", chain: true },
  { keyType: "ed25519", chain: false },
];

afterAll(() => stopOpenssl());

// The table records OpenSSL 3.0's messages and choices (for example that a CA:TRUE leaf passes); another
// major or minor version may word or decide some of them differently, and the table then needs a review.
test("openssl CLI is 3.0", async () => {
  const version = await openssl(["version"], tmpdir());
  expect(version.stdout, "the expectations were written from OpenSSL 3.0.x output").toMatch(/^OpenSSL 3\.0\./);
});

describe.each(KITS)("kit $keyType, chain $chain", ({ keyType, chain }) => {
  let parent: string;
  let dir: string;
  let manifest: KitManifest;

  beforeAll(async () => {
    parent = await mkdtemp(join(tmpdir(), "certs-gen-proof-"));
    dir = join(parent, "kit");
    manifest = await generateKit({ outDir: dir, ips: [KIT_IPV4, KIT_IPV6], dns: [KIT_DNS], keyType, chain });
  });

  afterAll(async () => {
    if (parent) await rm(parent, { recursive: true, force: true });
  });


  test("table covers the catalog", () => {
    expect(manifest.variants.map((v) => v.id).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  test.concurrent.each(Object.entries(EXPECTED))("%s", async (id, expected) => {
    const variant = manifest.variants.find((v) => v.id === id);
    expect(variant, `${id} is missing from the manifest`).toBeDefined();
    const probe = new VariantProbe(dir, variant!);
    const plain = expected.verify ?? OK;

    const [parse, key, keyMatch, chainHead, verifications, proofs] = await Promise.all([
      probe.parse(),
      probe.key(),
      probe.keyMatch(),
      probe.chainHead(),
      Promise.all(
        PURPOSES[variant!.role].map(async (purpose) => ({
          purpose,
          outcomes: await Promise.all([
            probe.verify(purpose),
            probe.verify(purpose, {}, manifest.trust.bundle),
            probe.verify(purpose, { args: ["-x509_strict"] }),
            probe.verify(purpose, { args: ["-verify_ip", KIT_IPV4] }),
            probe.verify(purpose, { args: ["-verify_ip", KIT_IPV6] }),
            probe.verify(purpose, { args: ["-auth_level", "1"] }),
            probe.verify(purpose, { args: ["-auth_level", "2"] }),
          ]),
        })),
      ),
      Promise.all((expected.proofs ?? []).map((proof) => runProof(probe, proof))),
    ]);

    expect(parse, "openssl x509 -text").toBe(expected.parse ?? "ok");
    expect(key, "openssl pkey").toBe(expected.key ?? "ok");
    expect(keyMatch, "x509 -pubkey vs pkey -pubout").toBe(expected.keyMatch ?? "match");
    expect(chainHead, "chain.pem starts with the leaf").toBe(expected.chainHead ?? "leaf");

    for (const { purpose, outcomes } of verifications) {
      const [verify, bundle, strict, ipv4, ipv6, level1, level2] = outcomes;
      expect(verify, `verify -purpose ${purpose}`).toBe(plain);
      expect(bundle, `verify -purpose ${purpose} against trust/bundle.pem`).toBe(plain);
      expect(strict, `verify -x509_strict -purpose ${purpose}`).toBe(expected.strict ?? plain);
      expect(ipv4, `verify -verify_ip ${KIT_IPV4} -purpose ${purpose}`).toBe(expected.ipv4 ?? plain);
      expect(ipv6, `verify -verify_ip ${KIT_IPV6} -purpose ${purpose}`).toBe(expected.ipv6 ?? plain);
      expect(level1, `verify -auth_level 1 -purpose ${purpose}`).toBe(expected.level1 ?? plain);
      expect(level2, `verify -auth_level 2 -purpose ${purpose}`).toBe(expected.level2 ?? plain);
    }

    for (const { proof, outcome } of proofs) {
      if ("expectMatch" in proof) expect(outcome, proof.name).toMatch(proof.expectMatch);
      else expect(outcome, proof.name).toBe(proof.expect);
    }
  });
});
