// Framing of memcached ASCII protocol replies, and a reader that takes complete replies off a
// socket one at a time.

import type { Duplex } from "node:stream";

import { classifyError } from "./classify-error.ts";
import { ProbeFailure } from "./probe-failure.ts";
import type { ProbeStage } from "./record.ts";

const CRLF = Buffer.from("\r\n");

/** Reply lines that mean the server rejected the request; they decide an `error-reply` outcome. */
export function isErrorReplyLine(line: string): boolean {
  return line === "ERROR" || line.startsWith("ERROR ") || line.startsWith("CLIENT_ERROR") || line.startsWith("SERVER_ERROR");
}

/**
 * Returns the byte length of the first complete reply in `buffer`, or undefined while it is
 * incomplete. Understood shapes: one line (`VERSION 1.6.18`, `STORED`, `ERROR`), retrievals
 * (`VALUE <key> <flags> <bytes> [<cas>]` blocks ending in `END`), lists (`STAT ...` or `ITEM ...`
 * lines ending in `END`) and the meta value reply `VA <size> ...` followed by its data block.
 * Any other first line counts as a one-line reply.
 */
export function replyLength(buffer: Buffer): number | undefined {
  const firstEnd = buffer.indexOf(CRLF);
  if (firstEnd < 0) {
    return undefined;
  }

  const firstLine = buffer.subarray(0, firstEnd).toString("latin1");

  if (firstLine.startsWith("VALUE ")) {
    return retrievalLength(buffer);
  }

  if (firstLine.startsWith("STAT ") || firstLine.startsWith("ITEM ")) {
    return listLength(buffer);
  }

  const metaValue = /^VA (\d+)/.exec(firstLine);
  if (metaValue?.[1] !== undefined) {
    const total = firstEnd + 2 + Number(metaValue[1]) + 2;
    return buffer.length >= total ? total : undefined;
  }

  return firstEnd + 2;
}

function retrievalLength(buffer: Buffer): number | undefined {
  let offset = 0;

  for (;;) {
    const lineEnd = buffer.indexOf(CRLF, offset);
    if (lineEnd < 0) {
      return undefined;
    }

    const line = buffer.subarray(offset, lineEnd).toString("latin1");
    if (line === "END") {
      return lineEnd + 2;
    }

    const header = /^VALUE \S+ \d+ (\d+)/.exec(line);
    if (header?.[1] === undefined) {
      // A malformed block ends the reply at this line, so the caller sees it instead of waiting.
      return lineEnd + 2;
    }

    offset = lineEnd + 2 + Number(header[1]) + 2;
    if (buffer.length < offset) {
      return undefined;
    }
  }
}

function listLength(buffer: Buffer): number | undefined {
  let offset = 0;

  for (;;) {
    const lineEnd = buffer.indexOf(CRLF, offset);
    if (lineEnd < 0) {
      return undefined;
    }

    if (buffer.subarray(offset, lineEnd).toString("latin1") === "END") {
      return lineEnd + 2;
    }

    offset = lineEnd + 2;
  }
}

/** Largest reply the reader buffers before failing the probe with a `protocol-error`. */
const MAX_REPLY_BYTES = 1024 * 1024;

/**
 * Reads complete replies off a connected socket. It listens from construction, so an alert that
 * arrives before the first request (TLS 1.3 rejections do) is kept and reported by the next read.
 */
export class ReplyReader {
  private buffer: Buffer = Buffer.alloc(0);
  private failure: unknown = undefined;
  private ended = false;
  private wake: (() => void) | undefined = undefined;
  private readonly earlierError: () => unknown;

  /** `earlierError` returns an error the socket raised before this reader listened, if any. */
  constructor(socket: Duplex, earlierError: () => unknown = () => undefined) {
    this.earlierError = earlierError;

    socket.on("data", (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.wake?.();
    });

    socket.on("error", (error) => {
      this.failure ??= error;
      this.wake?.();
    });

    socket.on("end", () => {
      this.ended = true;
      this.wake?.();
    });

    socket.on("close", () => {
      this.ended = true;
      this.wake?.();
    });
  }

  /** Resolves with the next complete reply, or rejects with a `ProbeFailure` for `stage`. */
  next(timeoutMs: number, stage: ProbeStage): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        finish();
        reject(new ProbeFailure({ kind: "timeout", stage, message: `No complete reply within ${timeoutMs} ms.` }));
      }, timeoutMs);

      const finish = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
      };

      const check = (): void => {
        const length = replyLength(this.buffer);

        if (length !== undefined) {
          const reply = this.buffer.subarray(0, length).toString("latin1");
          this.buffer = this.buffer.subarray(length);
          finish();
          resolve(reply);
          return;
        }

        const failure = this.failure ?? this.earlierError();
        if (failure !== undefined) {
          finish();
          reject(new ProbeFailure(classifyError(failure, stage)));
          return;
        }

        if (this.ended) {
          finish();
          reject(new ProbeFailure({ kind: "closed-without-alert", stage, errorCode: "EOF", message: "The server closed the connection before a complete reply." }));
          return;
        }

        if (this.buffer.length > MAX_REPLY_BYTES) {
          finish();
          reject(new ProbeFailure({ kind: "protocol-error", stage, message: `The reply exceeds ${MAX_REPLY_BYTES} bytes without completing.` }));
        }
      };

      this.wake = check;
      check();
    });
  }
}
