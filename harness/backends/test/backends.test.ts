// Both backends against the real memcached: TLS with a client certificate, start failures,
// and nothing left behind after close().

import { createConnection } from "node:net";

import { getContainerRuntimeClient } from "testcontainers";
import { describe, expect, test } from "vitest";

import { LABEL_SCOPE, getRunIdentity } from "../../cleanup/run-identity.ts";
import { ContainersBackend } from "../containers/containers-backend.ts";
import { StartedMemcachedContainer } from "../containers/memcached-container.ts";
import { ServerStartError } from "../server-start-error.ts";
import { backendCases } from "./backend-cases.ts";
import { useThrowawayCertificates } from "./certificates-fixture.ts";
import { checkEngine } from "./engine-availability.ts";
import { processesOfRun } from "./local-processes.ts";
import { requestVersion } from "./tls-version-request.ts";

const engine = await checkEngine();

const certificates = useThrowawayCertificates();

const cases = backendCases(engine);

describe.each(cases)("$kind backend $note", ({ kind, create, skip }) => {
  test.skipIf(skip)("serves version over mutual TLS", { timeout: 60_000 }, async () => {
    const backend = await create();
    try {
      const server = await backend.startMemcached({
        chainFile: certificates.serverChain,
        keyFile: certificates.serverKey,
        caFile: certificates.caCert,
        verifyMode: 2,
      });

      expect(server.backend).toBe(kind);
      expect(server.host).toBe("127.0.0.1");
      expect(server.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(await requestVersion(server.host, server.port, certificates)).toBe(`VERSION ${server.version}`);
      expect(await server.logs()).toContain("server listening");
    } finally {
      await backend.close();
    }
  });

  test.skipIf(skip)("applies ssl_min_version tlsv1.3", { timeout: 60_000 }, async () => {
    const backend = await create();
    try {
      const server = await backend.startMemcached({
        chainFile: certificates.serverChain,
        keyFile: certificates.serverKey,
        caFile: certificates.caCert,
        verifyMode: 2,
        minVersion: "tlsv1.3",
      });

      expect(await requestVersion(server.host, server.port, certificates)).toBe(`VERSION ${server.version}`);
      await expect(requestVersion(server.host, server.port, certificates, { maxVersion: "TLSv1.2" })).rejects.toThrow(/protocol version|alert/i);
    } finally {
      await backend.close();
    }
  });

  test.skipIf(skip)("raises ServerStartError on a broken key", { timeout: 60_000 }, async () => {
    const backend = await create();
    try {
      const start = backend.startMemcached({ chainFile: certificates.serverChain, keyFile: certificates.brokenKey, verifyMode: 0 });
      const error = await start.then(() => undefined, (caught: unknown) => caught);

      expect(error).toBeInstanceOf(ServerStartError);
      const startError = error as ServerStartError;
      expect(startError.stderr).toContain("Error loading the key");
      expect(startError.exitCode).toBe(64);
      expect(startError.command[0]).toMatch(/memcached$/);
      expect(startError.command).toContain("-Z");
    } finally {
      await backend.close();
    }
  });

  test.skipIf(skip)("rejects a missing certificate file", { timeout: 60_000 }, async () => {
    const backend = await create();
    try {
      const start = backend.startMemcached({ chainFile: `${certificates.directory}/absent.pem`, keyFile: certificates.serverKey, verifyMode: 0 });
      await expect(start).rejects.toThrow(/chainFile ".*absent\.pem" is missing/);
    } finally {
      await backend.close();
    }
  });

  test.skipIf(skip)("close() leaves nothing behind", { timeout: 60_000 }, async () => {
    const backend = await create();
    const servers = [];
    for (let i = 0; i < 2; i++) {
      servers.push(await backend.startMemcached({ chainFile: certificates.serverChain, keyFile: certificates.serverKey, verifyMode: 0 }));
    }
    await servers[0]?.stop();
    await backend.close();

    for (const server of servers) {
      expect(await acceptsConnections(server.host, server.port)).toBe(false);
    }
    if (backend instanceof ContainersBackend) {
      const client = await getContainerRuntimeClient();
      const left = await client.container.dockerode.listContainers({ all: true, filters: { label: [`${LABEL_SCOPE}=${backend.scope}`] } });
      expect(left).toEqual([]);
    } else {
      expect(await processesOfRun(getRunIdentity().runId)).toEqual([]);
    }
  });
});

describe(`containers backend ports ${engine.skipReason}`, () => {
  test.skipIf(!engine.available)("publishes memcached on loopback only", { timeout: 60_000 }, async () => {
    const backend = await ContainersBackend.create();
    try {
      const server = await backend.startMemcached({ chainFile: certificates.serverChain, keyFile: certificates.serverKey, verifyMode: 0 });
      expect(server).toBeInstanceOf(StartedMemcachedContainer);

      const client = await getContainerRuntimeClient();
      const inspect = await client.container.dockerode.getContainer((server as StartedMemcachedContainer).container.getId()).inspect();
      const bindings = inspect.NetworkSettings.Ports["11211/tcp"] ?? [];

      expect(bindings).toEqual([{ HostIp: "127.0.0.1", HostPort: String(server.port) }]);
      expect(inspect.Config.Labels?.[LABEL_SCOPE]).toBe(backend.scope);
    } finally {
      await backend.close();
    }
  });
});

function acceptsConnections(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    socket.on("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}
