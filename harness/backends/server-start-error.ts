// The error for a server that exited or failed to listen during start-up.

import { redactPrivateKeys } from "./redact.ts";

/** How much of the server's output the message repeats; `stderr` keeps all of it. */
const MESSAGE_OUTPUT_CHARS = 2_000;

export class ServerStartError extends Error {
  override readonly name = "ServerStartError";
  /** The server's output up to its exit (stderr and, in containers, stdout), private keys removed. */
  readonly stderr: string;
  /** The server's argument vector, program first. */
  readonly command: string[];
  /** The server's exit code, when it exited. */
  readonly exitCode: number | undefined;

  constructor(reason: string, details: { stderr: string; command: string[]; exitCode?: number | undefined }) {
    const stderr = redactPrivateKeys(details.stderr);
    const tail = stderr.length > MESSAGE_OUTPUT_CHARS ? `...${stderr.slice(-MESSAGE_OUTPUT_CHARS)}` : stderr;
    super(`${reason}\ncommand: ${details.command.join(" ")}\noutput:\n${tail.trimEnd() || "(none)"}`);
    this.stderr = stderr;
    this.command = details.command;
    this.exitCode = details.exitCode;
  }
}
