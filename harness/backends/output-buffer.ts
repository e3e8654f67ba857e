// A bounded record of a server's output. memcached `-vv` writes lines for every client
// request, so a long benchmark would otherwise grow the record without limit.

import { redactPrivateKeys } from "./redact.ts";

/** Characters kept; older output is dropped first. */
const DEFAULT_CAPACITY = 512 * 1024;

export class OutputBuffer {
  readonly #capacity: number;
  #text = "";
  #dropped = 0;

  constructor(capacity = DEFAULT_CAPACITY) {
    this.#capacity = capacity;
  }

  append(chunk: string | Buffer): void {
    this.#text += typeof chunk === "string" ? chunk : chunk.toString("utf8");
    if (this.#text.length > this.#capacity) {
      const excess = this.#text.length - this.#capacity;
      this.#text = this.#text.slice(excess);
      this.#dropped += excess;
    }
  }

  includes(fragment: string): boolean {
    return this.#text.includes(fragment);
  }

  /** The output kept so far, private key blocks removed, with a note when older output was dropped. */
  toString(): string {
    const note = this.#dropped > 0 ? `[${this.#dropped} earlier characters dropped]\n` : "";
    return note + redactPrivateKeys(this.#text);
  }
}
