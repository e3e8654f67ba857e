import { describe, expect, test } from "vitest";

import { describeTestedMcrouter, imageTag, parseVersionReply } from "../version.ts";

describe("parseVersionReply", () => {
  test("source build has no release", () => {
    // A source build of v2026.08.17.00 replied exactly this.
    expect(parseVersionReply("VERSION .0 mcrouter\r\n")).toEqual({ release: null, product: "mcrouter" });
    expect(parseVersionReply("VERSION 0.1.0-dev mcrouter")).toEqual({ release: null, product: "mcrouter" });
  });

  test("packaged build carries its release", () => {
    expect(parseVersionReply("VERSION 41.0.0 mcrouter")).toEqual({ release: "41.0.0", product: "mcrouter" });
  });

  test("other lines are rejected", () => {
    expect(() => parseVersionReply("SERVER_ERROR nope")).toThrow(/is not a version reply/);
  });
});

describe("describeTestedMcrouter", () => {
  const sourceBuild = { release: null, product: "mcrouter" };

  test("image tag names a source build", () => {
    expect(describeTestedMcrouter(sourceBuild, { kind: "image", image: "registry.local:5000/mcrouter:v2026.08.17.00" })).toEqual({
      version: "v2026.08.17.00",
      image: "registry.local:5000/mcrouter:v2026.08.17.00",
    });
  });

  test("label wins over the image tag", () => {
    const tested = describeTestedMcrouter(sourceBuild, { kind: "image", image: "mcrouter:local" }, "v2026.08.17.00");
    expect(tested.version).toBe("v2026.08.17.00");
    expect(tested.label).toBe("v2026.08.17.00");
  });

  test("binary without label reads as unknown", () => {
    const tested = describeTestedMcrouter(sourceBuild, { kind: "binary", path: "/opt/mcrouter/bin/mcrouter" });
    expect(tested.version).toMatch(/^unknown/);
    expect(tested.binary).toBe("/opt/mcrouter/bin/mcrouter");
  });

  test("latest tag is not a version", () => {
    expect(describeTestedMcrouter(sourceBuild, { kind: "image", image: "mcrouter:latest" }).version).toMatch(/^unknown/);
  });

  test("release in the reply wins", () => {
    expect(describeTestedMcrouter({ release: "41.0.0", product: "mcrouter" }, { kind: "image", image: "mcrouter:x" }).version).toBe("41.0.0");
  });
});

describe("imageTag", () => {
  test.each([
    ["mcrouter:v1", "v1"],
    ["localhost:5000/mcrouter", undefined],
    ["localhost:5000/team/mcrouter:2026", "2026"],
    ["mcrouter:v1@sha256:abc", "v1"],
  ])("%s", (image, tag) => {
    expect(imageTag(image)).toBe(tag);
  });
});
