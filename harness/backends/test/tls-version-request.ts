// A minimal TLS client for the backend tests: connect with a client certificate, send
// `version`, return memcached's reply line. A finished handshake alone proves little, because
// under TLS 1.3 a server rejects the client certificate only after the client's handshake ends.

import { readFile } from "node:fs/promises";
import { connect, type SecureVersion } from "node:tls";

import type { ThrowawayCertificates } from "./throwaway-certificates.ts";

export async function requestVersion(
  host: string,
  port: number,
  certificates: ThrowawayCertificates,
  options: { maxVersion?: SecureVersion } = {},
): Promise<string> {
  const [ca, cert, key] = await Promise.all([
    readFile(certificates.caCert),
    readFile(certificates.clientCert),
    readFile(certificates.clientKey),
  ]);

  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, ca, cert, key, ...options });
    let reply = "";

    const timer = setTimeout(() => socket.destroy(new Error(`no reply from ${host}:${port} within 5000 ms`)), 5_000);
    socket.on("secureConnect", () => socket.write("version\r\n"));
    socket.on("data", (chunk: Buffer) => {
      reply += chunk.toString("utf8");
      const end = reply.indexOf("\r\n");
      if (end !== -1) {
        clearTimeout(timer);
        socket.end();
        resolve(reply.slice(0, end));
      }
    });
    socket.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
