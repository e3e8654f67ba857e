// Client-side mistakes must surface as client-setup-failed before any traffic, never as a
// verdict of the server. A real memcached listens so a wrong classification would show.

import { readFile } from "node:fs/promises";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { probe } from "../probe.ts";
import { useMutualTlsMemcached } from "./fixtures/mutual-tls-memcached.ts";
import { ENCRYPTED_KEY_PASSPHRASE } from "./fixtures/throwaway-kit.ts";

const { kit, memcached } = useMutualTlsMemcached();

function probeWith(client: Parameters<typeof probe>[0]["client"]) {
  return probe({ host: "127.0.0.1", port: memcached.port, tlsVersion: "TLSv1.3", client, timeoutMs: 3000 });
}

describe("client setup failures", () => {
  test("key of another leaf is a mismatch", async () => {
    const record = await probeWith({ variantId: "client.wrong-key", chainFile: kit.clientValid.cert, keyFile: kit.clientOtherCa.key });

    expect(record.outcome.kind).toBe("client-setup-failed");
    expect(record.outcome.errorCode).toBe("ERR_OSSL_X509_KEY_VALUES_MISMATCH");
    expect(record.outcome.message).toMatch(/client\.wrong-key/);
    expect(record.latency.tcpConnectMs).toBeUndefined();
  });

  test("encrypted key without passphrase fails", async () => {
    const record = await probeWith({ variantId: "client.encrypted-key", chainFile: kit.clientEncryptedKey.cert, keyFile: kit.clientEncryptedKey.key });

    expect(record.outcome.kind).toBe("client-setup-failed");
    expect(record.outcome.errorCode).toBe("ERR_OSSL_BAD_DECRYPT");
    expect(record.outcome.message).toMatch(/passphrase/);
  });

  test("encrypted key with passphrase is ok", async () => {
    const record = await probeWith({
      variantId: "client.encrypted-key",
      chainFile: kit.clientEncryptedKey.cert,
      keyFile: kit.clientEncryptedKey.key,
      passphrase: ENCRYPTED_KEY_PASSPHRASE,
    });

    expect(record.outcome.kind).toBe("ok");
  });

  test("corrupted certificate PEM fails", async () => {
    const lines = (await readFile(kit.clientValid.cert, "latin1")).split("\n");
    lines[2] = `${(lines[2] ?? "").slice(0, 10)}@@@@${(lines[2] ?? "").slice(14)}`;

    const record = await probeWith({ variantId: "client.corrupted", chainPem: lines.join("\n"), keyPem: await readFile(kit.clientValid.key) });

    expect(record.outcome.kind).toBe("client-setup-failed");
    expect(record.outcome.errorCode).toBe("ERR_OSSL_PEM_BAD_BASE64_DECODE");
  });

  test("chain without a certificate fails", async () => {
    const record = await probeWith({ variantId: "client.empty", chainPem: "", keyPem: await readFile(kit.clientValid.key) });

    expect(record.outcome.kind).toBe("client-setup-failed");
    expect(record.outcome.errorCode).toBe("ERR_PROBE_NO_CERTIFICATE_PEM");
  });

  test("missing key file fails", async () => {
    const missing = path.join(kit.dir, "no-such.key");

    const record = await probeWith({ variantId: "client.missing-key", chainFile: kit.clientValid.cert, keyFile: missing });

    expect(record.outcome.kind).toBe("client-setup-failed");
    expect(record.outcome.errorCode).toBe("ENOENT");
    expect(record.outcome.message).toContain(missing);
  });

  test("errors never contain key material", async () => {
    const keyPem = await readFile(kit.clientOtherCa.key, "latin1");
    const keyBody = keyPem.split("\n")[1] ?? "";

    const record = await probeWith({ variantId: "client.wrong-key", chainPem: await readFile(kit.clientValid.cert), keyPem });

    expect(keyBody.length).toBeGreaterThan(20);
    expect(JSON.stringify(record)).not.toContain(keyBody);
    expect(JSON.stringify(record)).not.toContain("PRIVATE KEY");
  });

  test("explicit security level 0 is not reported as lowered", async () => {
    const record = await probe({
      host: "127.0.0.1",
      port: memcached.port,
      tlsVersion: "TLSv1.2",
      client: { variantId: "client.rsa1024", chainFile: kit.clientRsa1024.cert, keyFile: kit.clientRsa1024.key },
      securityLevel: 0,
    });

    expect(record.securityLevelLowered).toBeUndefined();
    expect(record.outcome.kind).toBe("server-alert");
  });
});
