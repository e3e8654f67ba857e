// Runs the openssl CLI for the kit proofs and reduces its output to short outcome strings that a table
// of expectations can state: "OK", "unreadable", or OpenSSL's own error lines
// ("error 10 at 0 depth lookup: certificate has expired"). Nothing here reads the generator's code.

import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";

export interface OpensslResult {
  code: number;
  stdout: string;
  stderr: string;
}

// Spawning from a test worker costs more than openssl's own work (the worker is a large process to fork),
// so a few long-lived `sh` processes run the openssl commands. Each reads one quoted command line at a
// time, sends the command's output to files in its own directory and prints the exit status.

interface Shell {
  process: ChildProcessWithoutNullStreams;
  dir: string;
  pending: Array<(status: number) => void>;
}

const SHELL_COUNT = Math.max(2, availableParallelism() * 2);
const LOOP = 'while IFS= read -r line; do eval "$line"; echo "$?"; done';
let shellRoot: string | undefined;
let shells: Shell[] = [];
const idle: Shell[] = [];
const waiting: Array<(shell: Shell) => void> = [];

function quote(arg: string): string {
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

function startShell(dir: string): Shell {
  const child = spawn("sh", ["-c", LOOP], { stdio: ["pipe", "pipe", "pipe"] });
  const shell: Shell = { process: child, dir, pending: [] };
  let buffered = "";
  child.stdout.setEncoding("utf8").on("data", (data: string) => {
    buffered += data;
    for (let newline = buffered.indexOf("\n"); newline >= 0; newline = buffered.indexOf("\n")) {
      const status = Number(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
      shell.pending.shift()?.(status);
    }
  });
  return shell;
}

function acquire(): Promise<Shell> {
  if (!shellRoot) {
    shellRoot = mkdtempSync(join(tmpdir(), "certs-gen-openssl-"));
    shells = Array.from({ length: SHELL_COUNT }, (_, i) => {
      const dir = join(shellRoot!, String(i));
      mkdirSync(dir);
      return startShell(dir);
    });
    idle.push(...shells);
  }
  const shell = idle.pop();
  return shell ? Promise.resolve(shell) : new Promise((resolve) => waiting.push(resolve));
}

function release(shell: Shell): void {
  const next = waiting.shift();
  if (next) next(shell);
  else idle.push(shell);
}

/** Ends the shells and removes their files. Call from afterAll. */
export function stopOpenssl(): void {
  for (const shell of shells) shell.process.stdin.end();
  if (shellRoot) rmSync(shellRoot, { recursive: true, force: true });
  shells = [];
  idle.length = 0;
  shellRoot = undefined;
}

/** Runs `openssl ...args` in `cwd`, with `input` (default empty) on stdin. */
export async function openssl(args: readonly string[], cwd: string, input = ""): Promise<OpensslResult> {
  const shell = await acquire();
  try {
    const stdin = join(shell.dir, "stdin");
    const stdout = join(shell.dir, "stdout");
    const stderr = join(shell.dir, "stderr");
    writeFileSync(stdin, input);
    const command = `(cd ${quote(cwd)} && exec openssl ${args.map(quote).join(" ")}) <${quote(stdin)} >${quote(stdout)} 2>${quote(stderr)}\n`;
    const code = await new Promise<number>((resolve) => {
      shell.pending.push(resolve);
      shell.process.stdin.write(command);
    });
    return { code, stdout: readFileSync(stdout, "utf8"), stderr: readFileSync(stderr, "utf8") };
  } finally {
    release(shell);
  }
}

/**
 * Reduces `openssl verify` output to its outcome: "OK"; "unreadable" when a certificate file could not be loaded; else
 * every `error N at D depth lookup: message` line, joined by "; ".
 */
export function verifyOutcome(result: OpensslResult): string {
  const output = result.stdout + result.stderr;
  const errors = output.split("\n").filter((line) => /^error \d+ at \d+ depth lookup: /.test(line));
  if (errors.length > 0) return errors.join("; ") + (result.code === 0 ? " (exit status 0)" : "");
  if (result.code === 0 && /: OK\s*$/.test(result.stdout)) return "OK";
  if (/Could not read|Unable to load|unable to load/i.test(output)) return "unreadable";
  return `unexpected output (exit status ${result.code}): ${output.trim().split("\n")[0]}`;
}

/** Splits a file's text into its PEM blocks, each with its BEGIN and END lines. */
export function pemBlocks(text: string): string[] {
  return text.match(/-----BEGIN [^-]+-----[\s\S]*?-----END [^-]+-----\n?/g) ?? [];
}

/** notBefore and notAfter of the first certificate in `pem`, as `openssl x509 -dates` prints them. */
export async function certificateDates(pem: string, cwd: string): Promise<{ notBefore: Date; notAfter: Date }> {
  const result = await openssl(["x509", "-noout", "-startdate", "-enddate"], cwd, pem);
  const field = (name: string): Date => {
    const match = new RegExp(`^${name}=(.+)$`, "m").exec(result.stdout);
    if (!match) throw new Error(`openssl x509 -dates printed no ${name}: ${result.stdout}${result.stderr}`);
    return new Date(match[1]!);
  };
  return { notBefore: field("notBefore"), notAfter: field("notAfter") };
}
