// A small certificate set made with the openssl CLI, independent of certs-gen, so that the
// backend tests check the backends and nothing else. It contains one CA, a server leaf for
// 127.0.0.1, a client leaf, and a key file that is not a key.

import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

import { registerExitCleanup } from "../../cleanup/exit-cleanup.ts";

const execFileAsync = promisify(execFile);

export interface ThrowawayCertificates {
  directory: string;
  caCert: string;
  serverChain: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** A file in place of a server key whose content is no PEM at all. */
  brokenKey: string;
  /** Deletes the directory with every key in it. */
  remove(): Promise<void>;
}

export async function makeThrowawayCertificates(): Promise<ThrowawayCertificates> {
  const directory = await mkdtemp(join(tmpdir(), "backend-test-certs-"));
  const file = (name: string): string => join(directory, name);

  try {
    await openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", file("ca.key"), "-out", file("ca.pem"),
      "-days", "2", "-subj", "/CN=backend test CA",
      "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");

    await issueLeaf(file, "server", "serverAuth", "subjectAltName=IP:127.0.0.1,DNS:localhost");
    await issueLeaf(file, "client", "clientAuth", "subjectAltName=DNS:backend-test-client");

    await writeFile(file("broken.key"), "this is not a PEM private key\n", { mode: 0o600 });
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }

  // Ctrl-C during a test run skips afterAll hooks, so the keys go on signal and exit too.
  const unregister = registerExitCleanup({
    name: `throwaway certificates in ${directory}`,
    run: async () => rm(directory, { recursive: true, force: true }),
    runSync: () => rmSync(directory, { recursive: true, force: true }),
  });

  return {
    directory,
    caCert: file("ca.pem"),
    serverChain: file("server.pem"),
    serverKey: file("server.key"),
    clientCert: file("client.pem"),
    clientKey: file("client.key"),
    brokenKey: file("broken.key"),
    remove: async () => {
      unregister();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

async function issueLeaf(file: (name: string) => string, name: string, extendedKeyUsage: string, subjectAltName: string): Promise<void> {
  await openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", file(`${name}.key`), "-out", file(`${name}.csr`),
    "-subj", `/CN=backend test ${name}`);

  const extensions = file(`${name}.ext`);
  await writeFile(extensions, `basicConstraints=CA:FALSE\nextendedKeyUsage=${extendedKeyUsage}\n${subjectAltName}\n`);

  await openssl("x509", "-req", "-in", file(`${name}.csr`), "-CA", file("ca.pem"), "-CAkey", file("ca.key"),
    "-CAcreateserial", "-days", "2", "-extfile", extensions, "-out", file(`${name}.pem`));
}

async function openssl(...args: string[]): Promise<void> {
  await execFileAsync("openssl", args);
}
