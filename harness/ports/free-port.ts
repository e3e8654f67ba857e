// Free TCP ports on loopback, for servers that must be told their port up front.

import { createServer } from "node:net";

/**
 * Returns a TCP port that was free on `host` a moment ago, by binding port 0 and closing.
 * Another process may take the port before the caller binds it, so callers retry on
 * EADDRINUSE.
 */
export function findFreePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === "string") {
        server.close();
        reject(new Error(`listening on ${host}:0 returned no TCP address`));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}
