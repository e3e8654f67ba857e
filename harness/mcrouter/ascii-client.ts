// A minimal memcache ASCII client over plaintext TCP, for mcrouter's `-p` port: the
// readiness check, `stats` requests, and the routed `set`/`get` requests whose replies
// show what happened on mcrouter's TLS link to the destination.

import { connect, type Socket } from "node:net";

export interface AsciiConnectionOptions {
  host: string;
  port: number;
  /** Local address to connect from; the kernel chooses when absent. */
  localAddress?: string;
  /** Applies to the TCP connect and to each reply, in ms. */
  timeoutMs?: number;
}

/** Replies end with one of these lines; a `VALUE` block ends with `END`. */
const TERMINAL_LINE = /^(END|STORED|NOT_STORED|EXISTS|NOT_FOUND|DELETED|TOUCHED|OK|ERROR|VERSION .*|SERVER_ERROR.*|CLIENT_ERROR.*)$/;

export class AsciiConnection {
  readonly #socket: Socket;
  readonly #timeoutMs: number;
  #buffer = "";
  #closedError: Error | undefined;
  #waiter: (() => void) | undefined;

  private constructor(socket: Socket, timeoutMs: number) {
    this.#socket = socket;
    this.#timeoutMs = timeoutMs;
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      this.#buffer += chunk;
      this.#waiter?.();
    });
    socket.on("error", (error) => {
      this.#closedError = error;
      this.#waiter?.();
    });
    socket.on("close", () => {
      this.#closedError ??= new Error("connection closed by the server");
      this.#waiter?.();
    });
  }

  /** Open a connection. Rejects on refusal or when the connect takes longer than the timeout. */
  static async open(options: AsciiConnectionOptions): Promise<AsciiConnection> {
    const timeoutMs = options.timeoutMs ?? 5000;
    const connectOptions = options.localAddress === undefined ? { host: options.host, port: options.port } : { host: options.host, port: options.port, localAddress: options.localAddress };
    const socket = connect(connectOptions);

    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`TCP connect to ${options.host}:${options.port} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once("connect", () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });

    return new AsciiConnection(socket, timeoutMs);
  }

  /**
   * Send one request and return its whole reply, without the final line ending. The
   * reply ends at a terminal line (`END`, `STORED`, `SERVER_ERROR ...` and so on).
   */
  async request(command: string): Promise<string> {
    if (/[\r\n]/.test(command.replace(/\r\n$/, ""))) {
      throw new Error("request contains a line break; use set() for storage commands");
    }
    this.#socket.write(`${command}\r\n`);
    return this.#readReply();
  }

  /** Store `value` under `key` and return the reply line, for example `STORED`. */
  async set(key: string, value: string): Promise<string> {
    this.#socket.write(`set ${key} 0 0 ${Buffer.byteLength(value)}\r\n${value}\r\n`);
    return this.#readReply();
  }

  close(): void {
    this.#socket.destroy();
  }

  async #readReply(): Promise<string> {
    const deadline = Date.now() + this.#timeoutMs;

    for (;;) {
      const end = this.#terminalLineEnd();
      if (end !== -1) {
        const reply = this.#buffer.slice(0, end);
        this.#buffer = this.#buffer.slice(end + 2);
        return reply;
      }
      if (this.#closedError !== undefined) {
        throw new Error(`no complete reply before the connection ended: ${this.#closedError.message}; received: ${JSON.stringify(this.#buffer)}`);
      }

      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(`no complete reply within ${this.#timeoutMs} ms; received: ${JSON.stringify(this.#buffer)}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.#waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#waiter = undefined;
    }
  }

  /** Index of the `\r\n` that ends the reply, or -1 when the reply is incomplete. */
  #terminalLineEnd(): number {
    let start = 0;
    for (;;) {
      const end = this.#buffer.indexOf("\r\n", start);
      if (end === -1) return -1;

      const line = this.#buffer.slice(start, end);
      if (line.startsWith("VALUE ")) {
        const bytes = Number(line.split(" ")[3]);
        start = end + 2 + bytes + 2;
        continue;
      }
      if (TERMINAL_LINE.test(line)) return end;
      start = end + 2;
    }
  }
}
