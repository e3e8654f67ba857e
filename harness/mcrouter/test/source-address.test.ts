import { describe, expect, test } from "vitest";

import { DEFAULT_LOOPBACK_ALIAS, decideSourceAddress } from "../source-address.ts";

describe("decideSourceAddress", () => {
  test("local process binds the loopback alias", () => {
    const decision = decideSourceAddress({ kind: "local-process" });
    expect(DEFAULT_LOOPBACK_ALIAS).toBe("127.0.0.5");
    expect(decision.bindAddress).toBe("127.0.0.5");
    expect(decision.seenByMcrouter).toBe("127.0.0.5");
  });

  test("local process with another alias", () => {
    expect(decideSourceAddress({ kind: "local-process", loopbackAlias: "127.0.0.9" }).seenByMcrouter).toBe("127.0.0.9");
  });

  test("alias outside loopback is rejected", () => {
    expect(() => decideSourceAddress({ kind: "local-process", loopbackAlias: "10.0.0.5" })).toThrow(/not an IPv4 address in 127.0.0.0\/8/);
  });

  test("local IPv6 is ::1", () => {
    const decision = decideSourceAddress({ kind: "local-process", family: 6 });
    expect(decision.bindAddress).toBe("::1");
    expect(decision.seenByMcrouter).toBe("::1");
  });

  test("container reached from the host is seen from the gateway", () => {
    const decision = decideSourceAddress({ kind: "container-from-host", networkGateway: "172.30.0.1" });
    expect(decision.seenByMcrouter).toBe("172.30.0.1");
    expect(decision.bindAddress).toBeUndefined();
  });

  test("gateway must be an address", () => {
    expect(() => decideSourceAddress({ kind: "container-from-host", networkGateway: "bridge" })).toThrow(/not an IP address/);
  });

  test("container reached from a container is seen as that container", () => {
    expect(decideSourceAddress({ kind: "container-from-container", clientContainerAddress: "172.30.0.3" }).seenByMcrouter).toBe("172.30.0.3");
  });

  test("local mcrouter calling a local mcrouter comes from 127.0.0.1", () => {
    expect(decideSourceAddress({ kind: "local-mcrouter-to-local-mcrouter" }).seenByMcrouter).toBe("127.0.0.1");
  });
});
