// startMemcachedGroup() on both backends against the real memcached: one result per entry,
// a failed server that does not stop the others, stopping single servers, and nothing left
// behind after close().

import { getContainerRuntimeClient } from "testcontainers";
import { describe, expect, test } from "vitest";

import { LABEL_SCOPE, getRunIdentity } from "../../cleanup/run-identity.ts";
import type { Backend, MemcachedTlsSettings, StartedServer } from "../backend.ts";
import { ContainersBackend } from "../containers/containers-backend.ts";
import { MemcachedGroupMember } from "../containers/memcached-group-container.ts";
import { ServerStartError } from "../server-start-error.ts";
import { backendCases } from "./backend-cases.ts";
import { useThrowawayCertificates } from "./certificates-fixture.ts";
import { checkEngine } from "./engine-availability.ts";
import { processesOfRun } from "./local-processes.ts";
import { requestVersion } from "./tls-version-request.ts";

const engine = await checkEngine();

const certificates = useThrowawayCertificates();

function goodSettings(verifyMode: MemcachedTlsSettings["verifyMode"] = 2): MemcachedTlsSettings {
  return { chainFile: certificates.serverChain, keyFile: certificates.serverKey, caFile: certificates.caCert, verifyMode };
}

function brokenKeySettings(): MemcachedTlsSettings {
  return { chainFile: certificates.serverChain, keyFile: certificates.brokenKey, verifyMode: 0 };
}

function startedServer(result: StartedServer | ServerStartError | undefined): StartedServer {
  if (result === undefined || result instanceof ServerStartError) {
    throw new Error(`expected a started server, got ${result === undefined ? "no result" : result.message}`);
  }
  return result;
}

/** Lists what the backend left behind: its containers, or this run's memcached processes. */
async function leftovers(backend: Backend): Promise<Array<string | number>> {
  if (backend instanceof ContainersBackend) {
    const client = await getContainerRuntimeClient();
    const containers = await client.container.dockerode.listContainers({ all: true, filters: { label: [`${LABEL_SCOPE}=${backend.scope}`] } });
    return containers.map((container) => container.Id);
  }
  return processesOfRun(getRunIdentity().runId);
}

const cases = backendCases(engine);

describe.each(cases)("$kind backend group $note", ({ kind, create, skip }) => {
  test.skipIf(skip)("good and broken key together", { timeout: 60_000 }, async () => {
    const backend = await create();
    try {
      const results = await backend.startMemcachedGroup([goodSettings(), brokenKeySettings(), goodSettings(0)]);
      expect(results).toHaveLength(3);

      const first = startedServer(results[0]);
      expect(first.backend).toBe(kind);
      expect(first.host).toBe("127.0.0.1");
      expect(first.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(await requestVersion(first.host, first.port, certificates)).toBe(`VERSION ${first.version}`);
      expect(await first.logs()).toContain("server listening");

      const broken = results[1];
      expect(broken).toBeInstanceOf(ServerStartError);
      const startError = broken as ServerStartError;
      expect(startError.stderr).toContain("Error loading the key");
      expect(startError.stderr).not.toContain("server listening");
      expect(startError.exitCode).toBe(64);
      expect(startError.command[0]).toMatch(/memcached$/);
      expect(startError.command).toContain(`ssl_key=${kind === "local" ? certificates.brokenKey : "/etc/memcached-tls/1/key.pem"}`);

      const third = startedServer(results[2]);
      expect(third.port).not.toBe(first.port);
      expect(await requestVersion(third.host, third.port, certificates)).toBe(`VERSION ${third.version}`);
      expect(await third.logs()).not.toContain("Error loading the key");
    } finally {
      await backend.close();
    }
  });

  test.skipIf(skip)("stop() ends one server only", { timeout: 60_000 }, async () => {
    const backend = await create();
    try {
      const results = await backend.startMemcachedGroup([goodSettings(0), goodSettings(0), goodSettings(0)]);
      const [first, second, third] = results.map(startedServer);
      if (first === undefined || second === undefined || third === undefined) throw new Error("expected three results");

      await second.stop();
      await second.stop();
      expect(await acceptsTls(second.host, second.port)).toBe(false);
      expect(await requestVersion(first.host, first.port, certificates)).toBe(`VERSION ${first.version}`);
      expect(await requestVersion(third.host, third.port, certificates)).toBe(`VERSION ${third.version}`);

      await Promise.all([first.stop(), third.stop()]);
      expect(await acceptsTls(first.host, first.port)).toBe(false);
      expect(await leftovers(backend)).toEqual([]);
    } finally {
      await backend.close();
    }
  });

  test.skipIf(skip)("all failed leaves nothing running", { timeout: 60_000 }, async () => {
    const backend = await create();
    try {
      const results = await backend.startMemcachedGroup([brokenKeySettings(), brokenKeySettings()]);
      expect(results.map((result) => result instanceof ServerStartError)).toEqual([true, true]);
      expect(await leftovers(backend)).toEqual([]);
    } finally {
      await backend.close();
    }
  });

  test.skipIf(skip)("rejects a missing file before starting", { timeout: 60_000 }, async () => {
    const backend = await create();
    try {
      const start = backend.startMemcachedGroup([goodSettings(), { ...goodSettings(), keyFile: `${certificates.directory}/absent.key` }]);
      await expect(start).rejects.toThrow(/keyFile ".*absent\.key" is missing/);
      expect(await leftovers(backend)).toEqual([]);
    } finally {
      await backend.close();
    }
  });

  test.skipIf(skip)("empty group starts nothing", { timeout: 60_000 }, async () => {
    const backend = await create();
    try {
      expect(await backend.startMemcachedGroup([])).toEqual([]);
    } finally {
      await backend.close();
    }
  });

  test.skipIf(skip)("close() leaves nothing behind", { timeout: 60_000 }, async () => {
    const backend = await create();
    const results = await backend.startMemcachedGroup([goodSettings(0), brokenKeySettings(), goodSettings(1)]);
    const servers = results.filter((result): result is StartedServer => !(result instanceof ServerStartError));
    expect(servers).toHaveLength(2);
    await backend.close();

    for (const server of servers) {
      expect(await acceptsTls(server.host, server.port)).toBe(false);
    }
    expect(await leftovers(backend)).toEqual([]);
  });
});

describe(`containers backend group container ${engine.skipReason}`, () => {
  test.skipIf(!engine.available)("one container, ports on loopback", { timeout: 60_000 }, async () => {
    const backend = await ContainersBackend.create();
    try {
      const results = await backend.startMemcachedGroup([goodSettings(0), goodSettings(1), goodSettings(3)]);
      const members = results.map(startedServer);
      for (const member of members) {
        expect(member).toBeInstanceOf(MemcachedGroupMember);
      }
      const groups = new Set(members.map((member) => (member as MemcachedGroupMember).group));
      expect(groups.size).toBe(1);
      expect(await leftovers(backend)).toHaveLength(1);

      const client = await getContainerRuntimeClient();
      const container = (members[0] as MemcachedGroupMember).group.container;
      const inspect = await client.container.dockerode.getContainer(container.getId()).inspect();
      for (const [index, member] of members.entries()) {
        expect(inspect.NetworkSettings.Ports[`${11211 + index}/tcp`]).toEqual([{ HostIp: "127.0.0.1", HostPort: String(member.port) }]);
      }
      expect(inspect.Config.Labels?.[LABEL_SCOPE]).toBe(backend.scope);
    } finally {
      await backend.close();
    }
  });
});

/**
 * Checks whether a `version` request over mutual TLS succeeds. A plain TCP connect proves nothing here,
 * because the engine's proxy for a published port accepts connections also when nothing
 * listens in the container.
 */
async function acceptsTls(host: string, port: number): Promise<boolean> {
  try {
    await requestVersion(host, port, certificates);
    return true;
  } catch {
    return false;
  }
}
