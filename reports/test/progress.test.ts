import { describe, expect, it } from "vitest";

import { formatDuration, RunProgress } from "../progress.ts";

/** Builds a RunProgress factory with a recording output and a clock the test moves by hand. */
function harness(tty: boolean) {
  const writes: string[] = [];
  let now = 1_000;
  const progress = (total: number) =>
    new RunProgress({ total, output: { write: (text: string) => writes.push(text), isTTY: tty }, now: () => now });
  return {
    writes,
    progress,
    advance(ms: number) {
      now += ms;
    },
  };
}

describe("RunProgress on a pipe", () => {
  it("writes one line per update", () => {
    const { writes, progress, advance } = harness(false);
    const run = progress(4);

    run.topologyStarting("memcached ssl_verify_mode=2");
    advance(10_000);
    run.caseDone("as-expected");
    advance(10_000);
    run.caseDone("unexpected-failure");
    run.topologyStarting("mcrouter ssl-require-peer-certs");
    advance(5_000);
    run.caseDone("not-run");
    advance(5_000);
    run.caseDone("as-expected");
    run.finish();

    expect(writes).toEqual([
      "[starting memcached ssl_verify_mode=2] 0/4 links done, time left unknown\n",
      "[in memcached ssl_verify_mode=2] 1/4 links done, about 30s left\n",
      "[in memcached ssl_verify_mode=2] 2/4 links done (1 unexpected), about 20s left\n",
      "[starting mcrouter ssl-require-peer-certs] 2/4 links done (1 unexpected), about 20s left\n",
      "[in mcrouter ssl-require-peer-certs] 3/4 links done (1 unexpected, 1 not run), about 8s left\n",
      "[in mcrouter ssl-require-peer-certs] 4/4 links done (1 unexpected, 1 not run), no collected links left\n",
      "4/4 links done (1 unexpected, 1 not run), finished in 30s\n",
    ]);
  });

  it("uses a later total", () => {
    const { writes, progress, advance } = harness(false);
    const run = progress(0);

    run.setTotal(10);
    advance(90_000);
    run.caseDone("as-expected");

    expect(writes).toEqual(["1/10 links done, about 13m 30s left\n"]);
  });

  it("ignores updates after finish", () => {
    const { writes, progress } = harness(false);
    const run = progress(2);

    run.finish();
    run.caseDone("as-expected");
    run.finish();

    expect(writes).toEqual(["0/2 links done, finished in 0s\n"]);
  });

  it("rejects an invalid total", () => {
    const { progress } = harness(false);

    expect(() => progress(-1)).toThrow("Invalid total -1");
    expect(() => progress(2.5)).toThrow("Invalid total 2.5");
  });
});

describe("RunProgress on a terminal", () => {
  it("rewrites one line", () => {
    const { writes, progress, advance } = harness(true);
    const run = progress(2);

    run.topologyStarting("memcached");
    advance(3_000);
    run.caseDone("as-expected");
    advance(3_000);
    run.caseDone("as-expected");
    run.finish();

    expect(writes).toEqual([
      "\r\u001b[2K[starting memcached] 0/2 links done, time left unknown",
      "\r\u001b[2K[in memcached] 1/2 links done, about 3s left",
      "\r\u001b[2K[in memcached] 2/2 links done, no collected links left",
      "\r\u001b[2K2/2 links done, finished in 6s\n",
    ]);
  });
});

describe("formatDuration", () => {
  it("formats seconds, minutes and hours", () => {
    expect(formatDuration(400)).toBe("0s");
    expect(formatDuration(42_000)).toBe("42s");
    expect(formatDuration(185_000)).toBe("3m 05s");
    expect(formatDuration(3_720_000)).toBe("1h 02m");
  });
});
