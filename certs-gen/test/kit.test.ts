// generateKit as a library: the manifest's shape and contents, the files it lists, variant selection,
// option checks, and runs that can be compared.

import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CertificateAuthority } from "../authority.ts";
import { UsageError } from "../errors.ts";
import { generateKit } from "../kit.ts";
import type { KitManifest } from "../manifest.ts";
import { VARIANTS } from "../variants.ts";
import { validate } from "./json-schema.ts";
import { openssl, pemBlocks, stopOpenssl } from "./openssl.ts";

const NOW = new Date("2026-06-01T12:00:00.500Z");
let parent: string;
let dir: string;
let manifest: KitManifest;

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), "certs-gen-kit-"));
  dir = join(parent, "kit");
  manifest = await generateKit({ outDir: dir, ips: ["127.0.0.5", "0:0:0:0:0:0:0:1"], dns: ["localhost"], now: NOW });
});

afterAll(async () => {
  stopOpenssl();
  if (parent) await rm(parent, { recursive: true, force: true });
});

describe("manifest", () => {
  test("matches its JSON Schema", async () => {
    const schema = JSON.parse(await readFile(join(dir, "manifest.schema.json"), "utf8"));
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(validate(manifest, schema)).toEqual([]);
  });

  test("on disk equals the returned one", async () => {
    const onDisk = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8"));
    expect(onDisk).toEqual(manifest);
    expect(onDisk.$schema).toBe("./manifest.schema.json");
  });

  test("records the options", () => {
    expect(manifest.options).toEqual({ keyType: "ecdsa-p256", ips: ["127.0.0.5", "::1"], dns: ["localhost"], chain: false });
    expect(manifest.generatedAt).toBe("2026-06-01T12:00:00.000Z");
    expect(manifest.generator.name).toBe("certs-gen");
  });

  test("lists every catalog variant once", () => {
    expect(manifest.variants.map((v) => v.id)).toEqual(VARIANTS.map((v) => v.id));
  });

  test("lists files that exist, keys 0600", async () => {
    const paths = [
      manifest.trust.root,
      manifest.trust.bundle!,
      ...manifest.authorities.map((a) => a.files.cert),
      ...manifest.variants.flatMap((v) => [v.files.cert, v.files.chain, v.trustAnchor!.file]),
    ];
    for (const path of paths) expect(existsSync(join(dir, path)), path).toBe(true);
    for (const variant of manifest.variants) {
      const info = await stat(join(dir, variant.files.key));
      expect(info.mode & 0o777, variant.files.key).toBe(0o600);
    }
    expect((await stat(join(dir, "manifest.json"))).mode & 0o777).toBe(0o644);
    expect((await stat(dir)).mode & 0o777).toBe(0o755);
  });

  test("facts agree with openssl x509", async () => {
    for (const id of ["client.valid.ecdsa-p256", "server.md5-signature", "peer.valid.rsa2048", "client.empty-subject"]) {
      const variant = manifest.variants.find((v) => v.id === id)!;
      const result = await openssl(["x509", "-in", variant.files.cert, "-noout", "-serial", "-fingerprint", "-sha256"], dir);
      expect(result.stdout, id).toContain(`serial=${variant.certificate!.serialNumber}`);
      expect(result.stdout, id).toContain(`Fingerprint=${variant.certificate!.sha256Fingerprint}`);
    }
  });

  test("valid leaf facts", () => {
    const facts = manifest.variants.find((v) => v.id === "peer.valid.rsa2048")!.certificate!;
    expect(facts.subject).toBe("CN=peer.valid.rsa2048, O=mcrouter-mtls-conformance");
    expect(facts.issuer).toBe("CN=certs-gen Root CA, O=mcrouter-mtls-conformance");
    expect(facts.keyType).toBe("rsa2048");
    expect(facts.signatureAlgorithm).toBe("ecdsa-with-SHA256");
    expect(facts.isCA).toBe(false);
    expect(facts.san).toEqual({ ip: ["127.0.0.5", "::1"], dns: ["localhost"] });
    expect(facts.extendedKeyUsage).toEqual(["serverAuth", "clientAuth"]);
    expect(facts.keyUsage).toEqual(["digitalSignature", "keyEncipherment"]);
    expect(facts.notBefore).toBe("2026-05-25T12:00:00.000Z");
    expect(facts.notAfter).toBe("2027-06-01T12:00:00.000Z");
  });

  test("corrupted PEM has no facts", () => {
    expect(manifest.variants.find((v) => v.id === "client.corrupted-pem")!.certificate).toBeUndefined();
  });

  test("encrypted key carries its passphrase", () => {
    const withPassphrase = manifest.variants.filter((v) => v.keyPassphrase !== undefined).map((v) => v.id);
    expect(withPassphrase).toEqual(["client.encrypted-key", "server.encrypted-key"]);
  });

  test("expired-root variants name their anchor", () => {
    const anchors = new Set(manifest.variants.map((v) => v.trustAnchor!.authority));
    expect([...anchors].sort()).toEqual(["ca.root", "ca.root.expired"]);
    expect(manifest.variants.find((v) => v.id === "server.expired-root")!.trustAnchor).toEqual({
      authority: "ca.root.expired",
      file: "authorities/ca.root.expired.pem",
    });
  });

  test("bundle contains trusted authorities", async () => {
    const bundle = pemBlocks(await readFile(join(dir, manifest.trust.bundle!), "utf8"));
    const trusted = manifest.authorities.filter((a) => a.trusted);
    expect(trusted.map((a) => a.id)).toEqual(["ca.root", "ca.root.expired"]);
    const expected = await Promise.all(trusted.map((a) => readFile(join(dir, a.files.cert), "utf8")));
    expect(bundle).toEqual(expected);
  });

  test("authorities name their issuers", () => {
    const issuers = Object.fromEntries(manifest.authorities.map((a) => [a.id, a.issuer]));
    expect(issuers["ca.root"]).toBeNull();
    expect(issuers["ca.intermediate"]).toBe("ca.root");
    expect(issuers["ca.intermediate.beyond-pathlen"]).toBe("ca.intermediate");
    expect(issuers["ca.impostor"]).toBeNull();
    const root = manifest.authorities.find((a) => a.id === "ca.root")!.certificate;
    const impostor = manifest.authorities.find((a) => a.id === "ca.impostor")!.certificate;
    expect(impostor.subject).toBe(root.subject);
    expect(impostor.sha256Fingerprint).not.toBe(root.sha256Fingerprint);
  });

  test("authority keys issue more leaves", async () => {
    const root = manifest.authorities.find((a) => a.id === "ca.root")!;
    expect((await stat(join(dir, root.files.key!))).mode & 0o777).toBe(0o600);
    const ca = CertificateAuthority.load(await readFile(join(dir, root.files.cert), "utf8"), await readFile(join(dir, root.files.key!), "utf8"));
    const leaf = await ca.issueLeaf({ role: "client", name: "late.client", ips: ["172.18.0.7"] });
    await writeFile(join(parent, "late.pem"), leaf.pem);
    const result = await openssl(
      ["verify", "-x509_strict", "-purpose", "sslclient", "-verify_ip", "172.18.0.7", "-CAfile", join(dir, manifest.trust.root), join(parent, "late.pem")],
      dir,
    );
    expect(result.stdout.trim()).toBe(`${join(parent, "late.pem")}: OK`);
  });

  test("authority load rejects another key", async () => {
    const root = manifest.authorities.find((a) => a.id === "ca.root")!;
    const other = manifest.authorities.find((a) => a.id === "ca.untrusted")!;
    const load = async () =>
      CertificateAuthority.load(await readFile(join(dir, root.files.cert), "utf8"), await readFile(join(dir, other.files.key!), "utf8"));
    await expect(load()).rejects.toThrow("does not belong");
  });

  test("root profile", () => {
    const root = manifest.authorities.find((a) => a.id === "ca.root")!.certificate;
    expect(root.isCA).toBe(true);
    expect(root.keyUsage).toEqual(["keyCertSign", "cRLSign"]);
    expect(root.keyType).toBe("ecdsa-p256");
  });

  test("MD5 variant signed by the RSA intermediate", () => {
    const md5 = manifest.variants.find((v) => v.id === "client.md5-signature")!;
    expect(md5.issuer).toBe("ca.intermediate.rsa");
    expect(md5.certificate!.signatureAlgorithm).toBe("md5WithRSAEncryption");
    const sha1 = manifest.variants.find((v) => v.id === "client.sha1-signature")!;
    expect(sha1.issuer).toBe("ca.root");
    expect(sha1.certificate!.signatureAlgorithm).toBe("ecdsa-with-SHA1");
  });
});

describe("catalog", () => {
  test("ids are unique and namespaced", () => {
    const ids = VARIANTS.map((v) => v.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const v of VARIANTS) expect(v.id.startsWith(`${v.role}.`), v.id).toBe(true);
  });

  test("only valid variants lack a defect", () => {
    for (const v of VARIANTS) expect(v.defect === null, v.id).toBe(/\.valid\./.test(v.id));
  });

  test("descriptions are one line", () => {
    for (const v of VARIANTS) {
      expect(v.description, v.id).not.toMatch(/\n/);
      expect(v.description.length, v.id).toBeGreaterThan(10);
      expect((v.defect ?? "").includes("\n"), v.id).toBe(false);
    }
  });

  test("has a valid leaf per key type and role", () => {
    for (const role of ["client", "server", "peer"]) {
      for (const keyType of ["rsa2048", "ecdsa-p256", "ed25519"]) {
        expect(VARIANTS.some((v) => v.id === `${role}.valid.${keyType}`), `${role}.valid.${keyType}`).toBe(true);
      }
    }
  });

  test("README table is current", async () => {
    const { renderCatalog } = await import("../catalog.ts");
    const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
    const section = /<!-- catalog:start -->\n([\s\S]*?)<!-- catalog:end -->/.exec(readme);
    expect(section, "README.md has no catalog markers").not.toBeNull();
    expect(section![1], "run `node certs-gen/readme.ts` to regenerate").toBe(renderCatalog("markdown"));
  });
});

describe("generateKit options", () => {
  test("selects variants by pattern", async () => {
    const out = join(parent, "selected");
    const selected = await generateKit({ outDir: out, variants: ["client.expired", "server.valid.*"] });
    expect(selected.variants.map((v) => v.id)).toEqual(["server.valid.rsa2048", "server.valid.ecdsa-p256", "server.valid.ed25519", "client.expired"]);
    expect(selected.authorities.map((a) => a.id)).toEqual(["ca.root"]);
    expect(selected.options.variants).toEqual(["client.expired", "server.valid.*"]);
  });

  test("chain issues valid leaves from the intermediate", async () => {
    const out = join(parent, "chain");
    const chained = await generateKit({ outDir: out, chain: true, keyType: "rsa2048", variants: ["client.valid.*", "client.md5-signature"] });
    const valid = chained.variants.find((v) => v.id === "client.valid.ed25519")!;
    expect(valid.issuer).toBe("ca.intermediate");
    const chain = pemBlocks(await readFile(join(out, valid.files.chain), "utf8"));
    expect(chain).toHaveLength(2);
    expect(chain[0]).toBe(await readFile(join(out, valid.files.cert), "utf8"));
    expect(chain[1]).toBe(await readFile(join(out, "authorities/ca.intermediate.pem"), "utf8"));
    expect(chained.variants.find((v) => v.id === "client.md5-signature")!.issuer).toBe("ca.intermediate");
  });

  test("runs compare except keys", async () => {
    const a = await generateKit({ outDir: join(parent, "run-a"), now: NOW, variants: ["client.*"] });
    const b = await generateKit({ outDir: join(parent, "run-b"), now: NOW, variants: ["client.*"] });
    const shape = (m: KitManifest) =>
      m.variants.map((v) => ({
        id: v.id,
        files: v.files,
        subject: v.certificate?.subject,
        issuer: v.certificate?.issuer,
        san: v.certificate?.san,
        notBefore: v.certificate?.notBefore,
        notAfter: v.certificate?.notAfter,
      }));
    expect(shape(b)).toEqual(shape(a));
    expect(b.variants[0]!.certificate!.sha256Fingerprint).not.toBe(a.variants[0]!.certificate!.sha256Fingerprint);
  });

  test("rejects a bad IP", async () => {
    const error = await generateKit({ outDir: join(parent, "bad-ip"), ips: ["127.0.0.1", "localhost"] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).option).toBe("--ips");
    expect((error as UsageError).message).toContain('"localhost"');
    expect(existsSync(join(parent, "bad-ip"))).toBe(false);
  });

  test("rejects an unknown variant", async () => {
    const error = await generateKit({ outDir: join(parent, "bad-variant"), variants: ["server.expird"] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toContain("server.expired");
  });

  test("rejects a bad DNS name", async () => {
    const error = await generateKit({ outDir: join(parent, "bad-dns"), dns: ["not a host"] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).option).toBe("--dns");
  });
});
