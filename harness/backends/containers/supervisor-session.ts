// The harness side of a memcached group container: one attach connection to the container
// that carries the supervisor's output (parsed into per-server output and events) and its
// stdin (pids to kill). See group-supervisor.ts for the line format.

import { createInterface } from "node:readline";
import type { Socket } from "node:net";
import { PassThrough, type Duplex } from "node:stream";

import type Dockerode from "dockerode";

import { OutputBuffer } from "../output-buffer.ts";
import { parseSupervisorLine } from "./group-supervisor.ts";
import { LISTENING_LINE } from "./listening-wait-strategy.ts";

/** State of one server of the group, from its output and the supervisor's events. */
export interface MemberState {
  readonly output: OutputBuffer;
  pid: number | undefined;
  listening: boolean;
  /** Set once memcached exited; undefined while it runs or when the container went away first. */
  exitCode: number | undefined;
  /** True once memcached exited or the container's output ended. */
  exited: boolean;
}

export class SupervisorSession {
  readonly members: MemberState[];
  /** Output of the supervisor shell itself, for errors about the container as a whole. */
  readonly supervisorOutput = new OutputBuffer(16 * 1024);
  /** Output of `memcached -V` in the container, once the supervisor sent it. */
  versionText: string | undefined;
  readonly #token: string;
  readonly #changeListeners = new Set<() => void>();
  #stream: Duplex | undefined;
  #ended = false;

  constructor(token: string, memberCount: number) {
    this.#token = token;
    this.members = Array.from({ length: memberCount }, () => ({
      output: new OutputBuffer(),
      pid: undefined,
      listening: false,
      exitCode: undefined,
      exited: false,
    }));
  }

  /** Whether the container's output ended: its main process exited or the connection broke. */
  get ended(): boolean {
    return this.#ended;
  }

  /**
   * Attaches to the container's stdin, stdout and stderr. Call it before the container starts,
   * because an attach receives only the output written after it.
   */
  async attach(container: Dockerode.Container): Promise<void> {
    const stream = (await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })) as Duplex;
    this.#stream = stream;
    // The connection must not keep the process alive when a caller forgets close().
    (stream as Partial<Socket>).unref?.();

    const stdout = new PassThrough();
    const stderr = new PassThrough();
    container.modem.demuxStream(stream, stdout, stderr);

    createInterface({ input: stdout, crlfDelay: Infinity }).on("line", (line) => this.#onStdoutLine(line));
    createInterface({ input: stderr, crlfDelay: Infinity }).on("line", (line) => this.supervisorOutput.append(`${line}\n`));

    const onEnd = (): void => {
      stdout.end();
      stderr.end();
      this.#onEnd();
    };
    stream.once("end", onEnd);
    stream.once("close", onEnd);
    stream.once("error", (error: Error) => {
      this.supervisorOutput.append(`attach connection failed: ${error.message}\n`);
      onEnd();
    });
  }

  /** Sends memcached `index` SIGKILL through the supervisor. Does nothing once it exited. */
  kill(index: number): void {
    const member = this.members[index];
    if (member === undefined || member.exited || member.pid === undefined || this.#stream === undefined || this.#ended) {
      return;
    }
    this.#stream.write(`${member.pid}\n`);
  }

  /** Resolves once `settled(member)` holds for every member, or the output ended, or the timeout passed. */
  waitForAll(settled: (member: MemberState) => boolean, timeoutMs: number): Promise<void> {
    return this.#waitFor(() => this.#ended || this.members.every(settled), timeoutMs);
  }

  /** Resolves once memcached `index` exited, or the output ended, or the timeout passed. */
  waitForExit(index: number, timeoutMs: number): Promise<void> {
    return this.#waitFor(() => this.#ended || this.members[index]?.exited === true, timeoutMs);
  }

  /** Closes the attach connection; the container keeps running. */
  detach(): void {
    this.#stream?.destroy();
  }

  /**
   * Waits for the condition. The timer is deliberately not unref()ed: the attach connection is,
   * so without the timer a script awaiting the group would end with an unsettled promise.
   */
  #waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.#changeListeners.delete(check);
        resolve();
      };
      const check = (): void => {
        if (condition()) {
          finish();
        }
      };
      const timer = setTimeout(finish, timeoutMs);
      this.#changeListeners.add(check);
      check();
    });
  }

  #onStdoutLine(line: string): void {
    for (const parsed of parseSupervisorLine(this.#token, line)) {
      if (parsed.kind === "version") {
        this.versionText = parsed.text;
        continue;
      }
      if (parsed.kind === "supervisor") {
        this.supervisorOutput.append(`${parsed.text}\n`);
        continue;
      }

      const member = this.members[parsed.index];
      if (member === undefined) {
        this.supervisorOutput.append(`${line}\n`);
        continue;
      }
      if (parsed.kind === "output") {
        member.output.append(`${parsed.text}\n`);
        member.listening ||= parsed.text.includes(LISTENING_LINE);
      } else if (parsed.kind === "pid") {
        member.pid = parsed.pid;
      } else {
        member.exitCode = parsed.exitCode;
        member.exited = true;
      }
    }
    this.#notify();
  }

  #onEnd(): void {
    if (this.#ended) {
      return;
    }
    this.#ended = true;
    for (const member of this.members) {
      member.exited = true;
    }
    this.#notify();
  }

  #notify(): void {
    for (const listener of [...this.#changeListeners]) {
      listener();
    }
  }
}
