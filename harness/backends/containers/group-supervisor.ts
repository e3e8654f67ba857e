// The shell script that runs a group of memcached servers in one container, and the parser for
// the lines it writes. The script is the container's main process (`/bin/sh -c SCRIPT`).
//
// Output grammar, one line per write on the container's stdout:
//   <index> <text>                 memcached <index>'s output line (stdout and stderr merged)
//   <index> <token> pid <pid>      memcached <index> started with this pid
//   <index> <token> exit <code>    memcached <index> exited; its output lines all came before
//   <token> version <text>         what `memcached -V` printed
// Anything else (shell diagnostics) is output of the supervisor itself. The token is random per
// group, so no line memcached prints can pass for an event.
//
// Input: each line on the container's stdin is a pid that the script sends SIGKILL. Lines that
// are not a number are ignored.

/** The events and output lines of one container's supervisor, as parsed from its stdout. */
export type SupervisorLine =
  | { kind: "output"; index: number; text: string }
  | { kind: "pid"; index: number; pid: number }
  | { kind: "exit"; index: number; exitCode: number }
  | { kind: "version"; text: string }
  | { kind: "supervisor"; text: string };

/** Quotes one word for a POSIX shell: single quotes, with each `'` closed, escaped and reopened. */
export function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * Builds the supervisor script for these memcached argument vectors (program first). Each
 * server's output goes through its own `while read` loop, which puts the index in front, so the
 * `exit` line follows the last output line of that server. The script then reads pids to kill
 * from stdin until the container is removed.
 */
export function supervisorScript(token: string, commands: string[][]): string {
  const lines = [
    // memcached <index> writes through a pipe to a loop that prefixes each line with <index>.
    "run() {",
    "  index=$1",
    "  shift",
    `  { "$@" 2>&1 & printf '%s pid %s\\n' ${shellQuote(token)} "$!"; wait "$!"; printf '%s exit %s\\n' ${shellQuote(token)} "$?"; } |`,
    `    while IFS= read -r line; do printf '%s %s\\n' "$index" "$line"; done &`,
    "}",
    `printf '%s version %s\\n' ${shellQuote(token)} "$(memcached -V 2>&1)"`,
  ];

  commands.forEach((command, index) => {
    lines.push(`run ${index} ${command.map(shellQuote).join(" ")}`);
  });

  lines.push(
    "while IFS= read -r pid; do",
    "  case $pid in",
    "    ''|*[!0-9]*) ;;",
    '    *) kill -9 "$pid" ;;',
    "  esac",
    "done",
    // Without a client attached stdin never ends, but if it does the servers keep running.
    "wait",
  );
  return `${lines.join("\n")}\n`;
}

/**
 * Parses one line of the supervisor's stdout (without its newline). A line that memcached wrote
 * without a newline can end up in front of the `exit` event, so the token is searched anywhere
 * in the line and the text before it counts as output.
 */
export function parseSupervisorLine(token: string, line: string): SupervisorLine[] {
  const version = `${token} version `;
  if (line.startsWith(version)) {
    return [{ kind: "version", text: line.slice(version.length) }];
  }

  const match = /^(\d+) (.*)$/s.exec(line);
  if (match === null) {
    return [{ kind: "supervisor", text: line }];
  }
  const index = Number(match[1]);
  const text = match[2] ?? "";

  const at = text.indexOf(`${token} `);
  if (at === -1) {
    return [{ kind: "output", index, text }];
  }

  const parsed: SupervisorLine[] = [];
  if (at > 0) {
    parsed.push({ kind: "output", index, text: text.slice(0, at) });
  }
  const event = /^(pid|exit) (\d+)$/.exec(text.slice(at + token.length + 1));
  if (event === null) {
    parsed.push({ kind: "output", index, text: text.slice(at) });
  } else if (event[1] === "pid") {
    parsed.push({ kind: "pid", index, pid: Number(event[2]) });
  } else {
    parsed.push({ kind: "exit", index, exitCode: Number(event[2]) });
  }
  return parsed;
}
