// The prober against a real memcached 1.6 with TLS, requiring client certificates
// (ssl_verify_mode=2), using throwaway certificates made by the openssl CLI.

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { ClientCredentials } from "../client-context.ts";
import { probe, type ProbeOptions } from "../probe.ts";
import { createThrowawayKit, type LeafFiles, type ThrowawayKit } from "./fixtures/throwaway-kit.ts";
import { startTlsMemcached, type TlsMemcached } from "./fixtures/memcached-process.ts";

const VERSIONS = ["TLSv1.2", "TLSv1.3"] as const;

let kit: ThrowawayKit;
let memcached: TlsMemcached;

beforeAll(async () => {
  kit = await createThrowawayKit();
  memcached = await startTlsMemcached({
    chainCert: kit.server.cert,
    key: kit.server.key,
    caCert: kit.clientTrustBundle,
    verifyMode: 2,
    // The server leaf names only 127.0.0.1, so a probe of 127.0.0.2 reaches a SAN mismatch.
    listen: ["127.0.0.1", "127.0.0.2"],
  });
}, 30_000);

afterAll(async () => {
  await memcached?.stop();
  await kit?.remove();
});

function leaf(variantId: string, files: LeafFiles): ClientCredentials {
  return { variantId, chainFile: files.cert, keyFile: files.key };
}

function probeMemcached(options: Omit<ProbeOptions, "host" | "port"> & { host?: string }) {
  return probe({ host: "127.0.0.1", port: memcached.port, timeoutMs: 3000, ...options });
}

describe.each(VERSIONS)("memcached verify mode 2 over %s", (tlsVersion) => {
  test("valid client leaf is ok", async () => {
    const record = await probeMemcached({ tlsVersion, client: leaf("client.valid", kit.clientValid) });

    expect(record.outcome.kind).toBe("ok");
    expect(record.outcome.reply).toMatch(/^VERSION 1\.6\./);
    expect(record.negotiated?.version).toBe(tlsVersion);
    expect(record.negotiated?.cipher).toBeTruthy();
    expect(record.clientVariant).toBe("client.valid");
    expect(record.latency.tcpConnectMs).toBeGreaterThan(0);
    expect(record.latency.handshakeMs).toBeGreaterThan(0);
    expect(record.latency.firstReplyMs).toBeGreaterThan(0);
    expect(record.securityLevelLowered).toBeUndefined();
  });

  test("leaf from another CA gets unknown_ca", async () => {
    const record = await probeMemcached({ tlsVersion, client: leaf("client.other-ca", kit.clientOtherCa) });

    expect(record.outcome.kind).toBe("server-alert");
    expect(record.outcome.alert).toBe("unknown_ca");
    expect(record.outcome.alertCode).toBe(48);
    // TLS 1.3 clients finish their handshake before the server judges their certificate.
    expect(record.outcome.stage).toBe(tlsVersion === "TLSv1.3" ? "first-reply" : "handshake");
  });

  test("expired leaf gets certificate_expired", async () => {
    const record = await probeMemcached({ tlsVersion, client: leaf("client.expired", kit.clientExpired) });

    expect(record.outcome.kind).toBe("server-alert");
    expect(record.outcome.alert).toBe("certificate_expired");
    expect(record.outcome.stage).toBe(tlsVersion === "TLSv1.3" ? "first-reply" : "handshake");
  });

  test("no client certificate is rejected", async () => {
    const record = await probeMemcached({ tlsVersion, client: null });

    expect(record.clientVariant).toBeNull();
    expect(record.outcome.kind).toBe("server-alert");
    expect(record.outcome.alert).toBe(tlsVersion === "TLSv1.3" ? "certificate_required" : "handshake_failure");
    expect(record.outcome.stage).toBe(tlsVersion === "TLSv1.3" ? "first-reply" : "handshake");
  });

  test("TLS 1.3 rejection still records the session", async () => {
    const record = await probeMemcached({ tlsVersion, client: leaf("client.other-ca", kit.clientOtherCa) });

    if (tlsVersion === "TLSv1.3") {
      expect(record.negotiated?.version).toBe("TLSv1.3");
      expect(record.latency.handshakeMs).toBeGreaterThan(0);
    } else {
      expect(record.negotiated).toBeUndefined();
      expect(record.latency.handshakeMs).toBeUndefined();
    }
  });

  test("RSA-1024 leaf lowers the security level", async () => {
    const record = await probeMemcached({ tlsVersion, client: leaf("client.rsa1024", kit.clientRsa1024) });

    expect(record.securityLevelLowered).toEqual({ level: 0, reason: "ERR_SSL_EE_KEY_TOO_SMALL" });
    // Debian 12's OpenSSL runs memcached at security level 2, which rejects a 1024-bit client key.
    expect(record.outcome.kind).toBe("server-alert");
    expect(record.outcome.alert).toBe("bad_certificate");
  });

  test("SHA-1 signed leaf reaches memcached", async () => {
    const record = await probeMemcached({ tlsVersion, client: leaf("client.sha1", kit.clientSha1) });

    // Node 26's OpenSSL loads a SHA-1 signed leaf at its default level. memcached then rejects
    // the signature at its own level, so the record shows the server's alert.
    expect(record.outcome.kind).toBe("server-alert");
    expect(record.outcome.alert).toBe("bad_certificate");
  });
});

describe("source address", () => {
  test("127.0.0.5 is bound and seen by memcached", async () => {
    const record = await probeMemcached({
      tlsVersion: "TLSv1.3",
      client: leaf("client.valid", kit.clientValid),
      sourceAddress: "127.0.0.5",
      request: "stats conns\r\n",
      captureFirstReply: true,
    });

    expect(record.outcome.kind).toBe("ok");
    expect(record.sourceAddress).toBe("127.0.0.5");
    expect(record.sourcePort).toBeGreaterThan(0);
    expect(record.firstReply).toContain(`127.0.0.5:${record.sourcePort}`);
    expect(record.firstReply?.endsWith("END\r\n")).toBe(true);
  });

  test("without a request the kernel picks one", async () => {
    const record = await probeMemcached({ tlsVersion: "TLSv1.2", client: leaf("client.valid", kit.clientValid) });

    expect(record.sourceAddress).toBe("127.0.0.1");
  });
});

describe("follow-up requests", () => {
  test("p50 and p95 are recorded", async () => {
    const record = await probeMemcached({ tlsVersion: "TLSv1.3", client: leaf("client.valid", kit.clientValid), followUpRequests: 20 });

    expect(record.outcome.kind).toBe("ok");
    expect(record.latency.followUp?.count).toBe(20);
    expect(record.latency.followUp?.p50Ms).toBeGreaterThan(0);
    expect(record.latency.followUp?.p95Ms).toBeGreaterThanOrEqual(record.latency.followUp?.p50Ms ?? Infinity);
  });

  test("none requested leaves followUp absent", async () => {
    const record = await probeMemcached({ tlsVersion: "TLSv1.3", client: leaf("client.valid", kit.clientValid) });

    expect(record.latency.followUp).toBeUndefined();
  });
});

describe("error replies", () => {
  test("unknown command is error-reply", async () => {
    const record = await probeMemcached({ tlsVersion: "TLSv1.2", client: leaf("client.valid", kit.clientValid), request: "no_such_command\r\n" });

    expect(record.outcome.kind).toBe("error-reply");
    expect(record.outcome.stage).toBe("first-reply");
    expect(record.outcome.reply).toBe("ERROR");
  });

  test("retrieval reply is read to END", async () => {
    const set = await probeMemcached({ tlsVersion: "TLSv1.2", client: leaf("client.valid", kit.clientValid), request: "set probe:test 0 60 5\r\nhello\r\n" });
    expect(set.outcome.reply).toBe("STORED");

    const get = await probeMemcached({
      tlsVersion: "TLSv1.2",
      client: leaf("client.valid", kit.clientValid),
      request: "get probe:test\r\n",
      followUpRequests: 2,
      captureFirstReply: true,
    });
    expect(get.outcome.kind).toBe("ok");
    expect(get.firstReply).toBe("VALUE probe:test 0 5\r\nhello\r\nEND\r\n");
    expect(get.latency.followUp?.count).toBe(2);

    const deleted = await probeMemcached({ tlsVersion: "TLSv1.2", client: leaf("client.valid", kit.clientValid), request: "delete probe:test\r\n" });
    expect(deleted.outcome.reply).toBe("DELETED");
  });
});

describe("server certificate checks", () => {
  test("untrusted server CA is client-verify-error", async () => {
    const record = await probeMemcached({
      tlsVersion: "TLSv1.3",
      client: leaf("client.valid", kit.clientValid),
      trustedCaPem: await kit.read(kit.otherCaCert),
    });

    expect(record.outcome.kind).toBe("client-verify-error");
    expect(record.outcome.stage).toBe("handshake");
    // ssl_chain_cert holds only the leaf, but OpenSSL's automatic chain building also sends the
    // issuing CA, which memcached's ssl_ca_cert store contains, so the chain ends self-signed.
    expect(record.outcome.verifyError).toBe("SELF_SIGNED_CERT_IN_CHAIN");
  });

  describe("server that sends its leaf alone", () => {
    let leafOnly: TlsMemcached;

    beforeAll(async () => {
      // Without the server's CA in ssl_ca_cert, OpenSSL has no issuer to append to the chain.
      leafOnly = await startTlsMemcached({ chainCert: kit.server.cert, key: kit.server.key, caCert: kit.otherCaCert, verifyMode: 0 });
    });

    afterAll(async () => {
      await leafOnly?.stop();
    });

    test("untrusted leaf is UNABLE_TO_VERIFY_LEAF_SIGNATURE", async () => {
      const record = await probe({ host: "127.0.0.1", port: leafOnly.port, tlsVersion: "TLSv1.2", trustedCaPem: await kit.read(kit.otherCaCert) });

      expect(record.outcome.kind).toBe("client-verify-error");
      expect(record.outcome.verifyError).toBe("UNABLE_TO_VERIFY_LEAF_SIGNATURE");
    });

    test("verify mode 0 admits a client without a certificate", async () => {
      const record = await probe({ host: "127.0.0.1", port: leafOnly.port, tlsVersion: "TLSv1.3", trustedCaPem: await kit.read(kit.caCert) });

      expect(record.outcome.kind).toBe("ok");
    });
  });

  test("trusted server CA is ok", async () => {
    const record = await probeMemcached({
      tlsVersion: "TLSv1.2",
      client: leaf("client.valid", kit.clientValid),
      trustedCaPem: await kit.read(kit.caCert),
    });

    expect(record.outcome.kind).toBe("ok");
    expect(record.serverIdentity).toEqual({ checkedAgainst: "127.0.0.1", matched: true, enforced: true });
    expect(record.serverCertificate?.subject).toBe("CN=probe server");
    expect(record.serverCertificate?.subjectAltName).toBe("IP Address:127.0.0.1");
  });

  test("IP SAN mismatch fails when verifying", async () => {
    const record = await probeMemcached({
      host: "127.0.0.2",
      tlsVersion: "TLSv1.3",
      client: leaf("client.valid", kit.clientValid),
      trustedCaPem: await kit.read(kit.caCert),
    });

    expect(record.outcome.kind).toBe("client-verify-error");
    expect(record.outcome.verifyError).toBe("ERR_TLS_CERT_ALTNAME_INVALID");
    expect(record.serverIdentity?.matched).toBe(false);
    expect(record.serverIdentity?.enforced).toBe(true);
  });

  test("IP SAN mismatch is recorded when not verifying", async () => {
    const record = await probeMemcached({ host: "127.0.0.2", tlsVersion: "TLSv1.3", client: leaf("client.valid", kit.clientValid) });

    expect(record.outcome.kind).toBe("ok");
    expect(record.serverIdentity).toMatchObject({ checkedAgainst: "127.0.0.2", matched: false, enforced: false });
  });

  test("identity check can be forced on", async () => {
    const record = await probeMemcached({ host: "127.0.0.2", tlsVersion: "TLSv1.2", client: leaf("client.valid", kit.clientValid), verifyServerIdentity: true });

    expect(record.outcome.kind).toBe("client-verify-error");
    expect(record.outcome.verifyError).toBe("ERR_TLS_CERT_ALTNAME_INVALID");
    expect(record.serverIdentity?.enforced).toBe(true);
  });

  test("identity check can be switched off", async () => {
    const record = await probeMemcached({
      host: "127.0.0.2",
      tlsVersion: "TLSv1.2",
      client: leaf("client.valid", kit.clientValid),
      trustedCaPem: await kit.read(kit.caCert),
      verifyServerIdentity: false,
    });

    expect(record.outcome.kind).toBe("ok");
    expect(record.serverIdentity?.matched).toBe(false);
  });
});

describe("server verify errors", () => {
  // Each case starts its own memcached with the server certificate under test.
  const cases = [
    { name: "expired server leaf", server: () => kit.serverExpired, trusted: () => kit.caCert, verifyError: "CERT_HAS_EXPIRED" },
    { name: "self-signed server leaf", server: () => kit.serverSelfSigned, trusted: () => kit.otherCaCert, verifyError: "DEPTH_ZERO_SELF_SIGNED_CERT" },
  ];

  test.each(cases)("$name is $verifyError", async ({ server, trusted, verifyError }) => {
    const other = await startTlsMemcached({ chainCert: server().cert, key: server().key, caCert: kit.otherCaCert, verifyMode: 0 });

    try {
      for (const tlsVersion of VERSIONS) {
        const record = await probe({ host: "127.0.0.1", port: other.port, tlsVersion, trustedCaPem: await kit.read(trusted()) });

        expect(record.outcome.kind, tlsVersion).toBe("client-verify-error");
        expect(record.outcome.stage, tlsVersion).toBe("handshake");
        expect(record.outcome.verifyError, tlsVersion).toBe(verifyError);
      }
    } finally {
      await other.stop();
    }
  });
});
