// The group supervisor's shell quoting and output parser, with the quoting checked by a real sh.

import { execFile } from "node:child_process";
import { promisify } from "node:util";

import { describe, expect, test } from "vitest";

import { parseSupervisorLine, shellQuote } from "../containers/group-supervisor.ts";

const execFileAsync = promisify(execFile);

const TOKEN = "0123456789abcdef01234567";

describe("shellQuote", () => {
  test.for(["plain", "it's", "$HOME `id` \\ \"x\"", "", "-o ssl_key=/a b/key.pem", "new\nline"])("passes %j through sh unchanged", async (word) => {
    const { stdout } = await execFileAsync("/bin/sh", ["-c", `printf '%s' ${shellQuote(word)}`]);
    expect(stdout).toBe(word);
  });
});

describe("parseSupervisorLine", () => {
  test("output line of a server", () => {
    expect(parseSupervisorLine(TOKEN, "3 <26 server listening (auto-negotiate)")).toEqual([
      { kind: "output", index: 3, text: "<26 server listening (auto-negotiate)" },
    ]);
  });

  test("pid and exit events", () => {
    expect(parseSupervisorLine(TOKEN, `0 ${TOKEN} pid 42`)).toEqual([{ kind: "pid", index: 0, pid: 42 }]);
    expect(parseSupervisorLine(TOKEN, `12 ${TOKEN} exit 64`)).toEqual([{ kind: "exit", index: 12, exitCode: 64 }]);
  });

  test("exit event after unterminated output", () => {
    expect(parseSupervisorLine(TOKEN, `1 Error loading the key${TOKEN} exit 64`)).toEqual([
      { kind: "output", index: 1, text: "Error loading the key" },
      { kind: "exit", index: 1, exitCode: 64 },
    ]);
  });

  test("event words without the token are output", () => {
    expect(parseSupervisorLine(TOKEN, "2 pid 7")).toEqual([{ kind: "output", index: 2, text: "pid 7" }]);
    expect(parseSupervisorLine(TOKEN, `2 ${TOKEN} exit soon`)).toEqual([{ kind: "output", index: 2, text: `${TOKEN} exit soon` }]);
  });

  test("version and supervisor lines", () => {
    expect(parseSupervisorLine(TOKEN, `${TOKEN} version memcached 1.6.18`)).toEqual([{ kind: "version", text: "memcached 1.6.18" }]);
    expect(parseSupervisorLine(TOKEN, "sh: 1: memcached: not found")).toEqual([{ kind: "supervisor", text: "sh: 1: memcached: not found" }]);
  });
});
