// A wait strategy that follows memcached's output until it reports a listening socket, and
// that turns an early exit into a ServerStartError carrying that output. testcontainers removes
// a container whose wait fails, so the output has to be kept here, before the error leaves.

import type Dockerode from "dockerode";
import { getContainerRuntimeClient, type BoundPorts } from "testcontainers";
import { AbstractWaitStrategy } from "testcontainers/build/wait-strategies/wait-strategy.js";

import { OutputBuffer } from "../output-buffer.ts";
import { ServerStartError } from "../server-start-error.ts";

/** memcached `-vv` prints this once a listener is open. */
export const LISTENING_LINE = "server listening";

export class ListeningWaitStrategy extends AbstractWaitStrategy {
  readonly #command: string[];
  #started = false;

  constructor(command: string[]) {
    super();
    this.#command = command;
    this.startupTimeoutMs = 30_000;
  }

  /** Whether testcontainers has begun waiting, after which this strategy reports an exit. */
  get started(): boolean {
    return this.#started;
  }

  override async waitUntilReady(container: Dockerode.Container, _boundPorts: BoundPorts): Promise<void> {
    this.#started = true;
    const client = await getContainerRuntimeClient();
    const stream = await client.container.logs(container);
    const output = new OutputBuffer();

    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        stream.destroy();
        reject(new ServerStartError(`memcached did not report "${LISTENING_LINE}" within ${this.startupTimeoutMs} ms.`, {
          stderr: output.toString(),
          command: this.#command,
        }));
      }, this.startupTimeoutMs);

      stream.on("data", (chunk: string | Buffer) => {
        output.append(chunk);
        if (output.includes(LISTENING_LINE)) {
          clearTimeout(timer);
          stream.destroy();
          resolve();
        }
      });

      stream.on("end", () => {
        clearTimeout(timer);
        void exitCodeOf(container).then((exitCode) => {
          reject(new ServerStartError(`memcached exited with exit code ${exitCode ?? "unknown"} before it listened.`, {
            stderr: output.toString(),
            command: this.#command,
            exitCode,
          }));
        });
      });
    });
  }
}

async function exitCodeOf(container: Dockerode.Container): Promise<number | undefined> {
  try {
    const info = await container.inspect();
    return info.State.Running ? undefined : info.State.ExitCode;
  } catch {
    return undefined;
  }
}
