// A plaintext memcached on a free loopback port, for tests of the ASCII client and the
// parsers: mcrouter's `-p` port speaks the same ASCII protocol.

import { spawn } from "node:child_process";
import { connect } from "node:net";

import { findFreePort } from "../../ports/free-port.ts";

export interface PlainMemcached {
  port: number;
  stop(): Promise<void>;
}

async function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect({ host: "127.0.0.1", port }, () => {
      probe.destroy();
      resolve(true);
    });
    probe.once("error", () => resolve(false));
  });
}

/** Start memcached without TLS and wait until it listens. Tries up to five free ports. */
export async function startPlainMemcached(): Promise<PlainMemcached> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const port = await findFreePort();
    // memcached refuses to run as root unless -u names a user.
    const runAs = process.getuid?.() === 0 ? ["-u", "root"] : [];
    const child = spawn("memcached", [...runAs, "-l", "127.0.0.1", "-p", String(port), "-U", "0", "-m", "8"], { stdio: "ignore" });

    let exited = false;
    const exit = new Promise<void>((resolve) => {
      child.once("exit", () => {
        exited = true;
        resolve();
      });
      child.once("error", () => {
        exited = true;
        resolve();
      });
    });
    const stop = async (): Promise<void> => {
      child.kill();
      await exit;
    };

    for (let poll = 0; poll < 100 && !exited; poll += 1) {
      if (await isListening(port)) return { port, stop };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await stop();
  }
  throw new Error("memcached did not start on any of 5 free ports; is memcached installed (scripts/setup.sh)?");
}
