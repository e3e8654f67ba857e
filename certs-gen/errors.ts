// Errors a caller can act on. A UsageError names the offending value and how to fix it; the CLI prints
// both and exits with status 2.

export class UsageError extends Error {
  /** The option the value came from, for example `--ips`. */
  readonly option: string;
  /** What to do instead, one sentence. */
  readonly fix: string;

  constructor(option: string, message: string, fix: string) {
    super(message);
    this.name = "UsageError";
    this.option = option;
    this.fix = fix;
  }
}
