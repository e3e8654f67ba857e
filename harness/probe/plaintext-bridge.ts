// A loopback plaintext TCP endpoint that relays one client connection to an already open TLS
// socket, for clients that cannot speak TLS themselves (memjs).

import net from "node:net";

import { destroyAndWait, type TlsLink } from "./tls-link.ts";

export interface PlaintextBridge {
  /** Port on 127.0.0.1 that accepts the one connection to relay. */
  port: number;
  /** Closes the listener and the accepted connection and resolves once both have closed; the TLS socket stays with its owner. */
  close(): Promise<void>;
}

/**
 * Listens on 127.0.0.1 at an ephemeral port and relays bytes both ways between the first
 * accepted connection and the link's TLS socket. Later connections are closed at once, because the one
 * TLS socket cannot serve two clients. A TLS error or close resets the accepted connection, so
 * the client sees its request fail.
 */
export async function openPlaintextBridge(link: TlsLink): Promise<PlaintextBridge> {
  const tlsSocket = link.socket;
  let accepted: net.Socket | undefined;

  const server = net.createServer((connection) => {
    if (accepted !== undefined) {
      connection.destroy();
      return;
    }

    accepted = connection;
    server.close();

    connection.on("error", () => connection.destroy());

    // The server may have rejected the link (a TLS 1.3 alert) before the client connected.
    if (tlsSocket.destroyed) {
      connection.resetAndDestroy();
      return;
    }

    connection.on("data", (chunk: Buffer) => tlsSocket.write(chunk));
    connection.on("close", () => tlsSocket.destroy());

    tlsSocket.on("data", (chunk: Buffer) => connection.write(chunk));
    // A reset (not a FIN) makes the client fail its pending request at once. memjs ignores a
    // plain close and would wait for its own timeout.
    tlsSocket.on("error", () => connection.resetAndDestroy());
    tlsSocket.on("close", () => connection.resetAndDestroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });

  const address = server.address();
  if (address === null || typeof address !== "object") {
    server.close();
    throw new Error("The plaintext bridge could not read its own listening port.");
  }

  return {
    port: address.port,
    close: async () => {
      await destroyAndWait(accepted);
      if (server.listening) {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}
