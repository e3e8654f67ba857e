// Finds the OpenSSL version a binary links, for the reports: memcached verifies client
// certificates with that library, so its version decides alerts and security levels.

import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/** The version banner that libcrypto embeds, for example `OpenSSL 3.0.22 25 Aug 2026`. */
const BANNER = /OpenSSL \d+\.\d+\.\d+[a-z]?(?:-[\w.]+)? +\d{1,2} \w{3} \d{4}/;

/**
 * Returns the version banner of the libcrypto that `binaryPath` links, as `ldd` resolves it on
 * this machine, or undefined when ldd or the library cannot be read.
 */
export async function linkedOpenSslVersion(binaryPath: string): Promise<string | undefined> {
  let listing: string;
  try {
    listing = (await execFileAsync("ldd", [binaryPath])).stdout;
  } catch {
    return undefined;
  }

  const libcrypto = /libcrypto\.so[^\s]* => (\S+)/.exec(listing)?.[1];
  if (libcrypto === undefined) {
    return undefined;
  }

  try {
    return BANNER.exec((await readFile(libcrypto)).toString("latin1"))?.[0];
  } catch {
    return undefined;
  }
}
