// Progress of a long run for the person or CI log watching it: which topology is starting,
// how many links are done of how many, and an estimate of the time left. On a terminal it
// rewrites one line; elsewhere (CI logs, files) it writes one line per update.

import type { Verdict } from "./result.ts";

export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface RunProgressOptions {
  /** Number of links (cases) the run will probe. `setTotal` can change it later. */
  total: number;
  /** Defaults to process.stderr, so progress never mixes with a command's stdout. */
  output?: ProgressOutput;
  /** Overrides the output's own `isTTY`. */
  tty?: boolean;
  /** Milliseconds clock, injectable for tests. Defaults to performance.now. */
  now?: () => number;
  /**
   * Off a terminal, the least time between two case lines, so that a long run does not write
   * a line per link into a CI log. Topology lines are always written. Default 0: every update.
   */
  minLineIntervalMs?: number;
  /**
   * Links that must be done before the time left is estimated. The first links include server
   * start-up, and the total may still grow while suites are collected. Default 1.
   */
  minLinksForEstimate?: number;
}

const CLEAR_LINE = "\r\u001b[2K";

export class RunProgress {
  readonly #output: ProgressOutput;
  readonly #tty: boolean;
  readonly #now: () => number;
  readonly #startedAt: number;
  readonly #minLineIntervalMs: number;
  readonly #minLinksForEstimate: number;
  #lastCaseLineAt = Number.NEGATIVE_INFINITY;
  #total: number;
  #done = 0;
  #unexpected = 0;
  #notRun = 0;
  #topology: string | undefined;
  #finished = false;

  constructor(options: RunProgressOptions) {
    this.#output = options.output ?? process.stderr;
    this.#tty = options.tty ?? this.#output.isTTY === true;
    this.#now = options.now ?? (() => performance.now());
    this.#startedAt = this.#now();
    this.#minLineIntervalMs = options.minLineIntervalMs ?? 0;
    this.#minLinksForEstimate = options.minLinksForEstimate ?? 1;
    this.#total = checkCount(options.total, "total");
  }

  get done(): number {
    return this.#done;
  }

  get total(): number {
    return this.#total;
  }

  /** Changes the expected number of links, for example once every suite file has been collected. */
  setTotal(total: number): void {
    this.#total = checkCount(total, "total");
  }

  /** Reports that the servers of a topology are starting; the line names it until the next one starts. */
  topologyStarting(name: string): void {
    this.#topology = name;
    this.#print(`starting ${name}`);
  }

  /** Counts one finished link. */
  caseDone(verdict: Verdict): void {
    this.#done += 1;
    if (verdict === "unexpected-success" || verdict === "unexpected-failure") {
      this.#unexpected += 1;
    } else if (verdict === "not-run") {
      this.#notRun += 1;
    }
    if (!this.#tty && this.#done < this.#total) {
      const now = this.#now();
      if (now - this.#lastCaseLineAt < this.#minLineIntervalMs) {
        return;
      }
      this.#lastCaseLineAt = now;
    }
    this.#print(this.#topology === undefined ? undefined : `in ${this.#topology}`);
  }

  /** Prints the final line with the elapsed time. Later calls do nothing. */
  finish(): void {
    if (this.#finished) {
      return;
    }
    this.#finished = true;

    const elapsed = formatDuration(this.#now() - this.#startedAt);
    const line = `${this.#counts()}, finished in ${elapsed}`;
    this.#output.write(this.#tty ? `${CLEAR_LINE}${line}\n` : `${line}\n`);
  }

  /** Returns the current progress line without printing it. */
  formatLine(context?: string): string {
    const parts = [this.#counts()];
    if (context !== undefined) {
      parts.unshift(`[${context}]`);
    }
    return `${parts.join(" ")}, ${this.#estimate()}`;
  }

  #print(context: string | undefined): void {
    if (this.#finished) {
      return;
    }

    const line = this.formatLine(context);
    this.#output.write(this.#tty ? `${CLEAR_LINE}${line}` : `${line}\n`);
  }

  #counts(): string {
    const extras: string[] = [];
    if (this.#unexpected > 0) {
      extras.push(`${this.#unexpected} unexpected`);
    }
    if (this.#notRun > 0) {
      extras.push(`${this.#notRun} not run`);
    }

    const counts = `${this.#done}/${this.#total} links done`;
    return extras.length === 0 ? counts : `${counts} (${extras.join(", ")})`;
  }

  /**
   * Estimates the time left by assuming each remaining link takes the average time of the
   * links done so far, topology start-ups included.
   */
  #estimate(): string {
    if (this.#done === 0 || this.#done < this.#minLinksForEstimate) {
      return "time left unknown";
    }
    if (this.#done >= this.#total) {
      // Suite files are collected while others run, so the total can still grow.
      return "no collected links left";
    }

    const elapsed = this.#now() - this.#startedAt;
    const remaining = (elapsed / this.#done) * (this.#total - this.#done);
    return `about ${formatDuration(remaining)} left`;
  }
}

/** Formats milliseconds as `42s`, `3m 05s` or `1h 02m`. Values below one second show as `0s`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) {
    return `${seconds}s`;
  }

  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes}m ${String(seconds % 60).padStart(2, "0")}s`;
  }

  const hours = Math.floor(minutes / 60);
  return `${hours}h ${String(minutes % 60).padStart(2, "0")}m`;
}

function checkCount(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`Invalid ${name} ${value}: expected a whole number of links, 0 or more.`);
  }
  return value;
}
