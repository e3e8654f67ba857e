// Cleanup that must run when the process ends early: on SIGINT or SIGTERM, and on the
// `exit` event (process.exit(), an uncaught exception, the end of the event loop).
// The handlers are installed while at least one task is registered, and removed after.
// On a signal the process ends once every task has finished (or after 15 s).

import { constants } from "node:os";

export interface ExitCleanupTask {
  /** Shown in the warning printed when the task fails. */
  name: string;
  /** Runs on SIGINT or SIGTERM, before the process ends. */
  run(): Promise<void>;
  /** Runs in the `exit` event, where only synchronous work completes. */
  runSync(): void;
}

/** How long a signal handler waits for the async tasks before it lets the process end. */
const SIGNAL_CLEANUP_TIMEOUT_MS = 15_000;

const SIGNALS = ["SIGINT", "SIGTERM"] as const;

const tasks = new Set<ExitCleanupTask>();
let installed = false;

/**
 * Registers a task to run if the process ends before the owner cleans up itself.
 * Returns a function that unregisters the task, to call after a normal cleanup.
 */
export function registerExitCleanup(task: ExitCleanupTask): () => void {
  tasks.add(task);
  install();

  return () => {
    tasks.delete(task);
    if (tasks.size === 0) {
      uninstall();
    }
  };
}

function install(): void {
  if (installed) {
    return;
  }
  for (const signal of SIGNALS) {
    process.on(signal, onSignal);
  }
  process.on("exit", onExit);
  installed = true;
}

function uninstall(): void {
  for (const signal of SIGNALS) {
    process.off(signal, onSignal);
  }
  process.off("exit", onExit);
  installed = false;
}

async function onSignal(signal: NodeJS.Signals): Promise<void> {
  // Removing the handlers first means a second Ctrl-C ends the process at once.
  for (const name of SIGNALS) {
    process.off(name, onSignal);
  }

  const pending = [...tasks];
  tasks.clear();

  const all = Promise.allSettled(pending.map((task) => runWithWarning(task)));
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, SIGNAL_CLEANUP_TIMEOUT_MS).unref());
  await Promise.race([all, timeout]);

  process.off("exit", onExit);
  installed = false;

  // End with the status a shell reports for death by this signal. Re-raising the signal would
  // not end the process: signal-exit (loaded by testcontainers through proper-lockfile) keeps a
  // listener, and that listener leaves the process running while another listener existed.
  // Code that needs async work before the end registers its own task here.
  process.exit(128 + constants.signals[signal]);
}

async function runWithWarning(task: ExitCleanupTask): Promise<void> {
  try {
    await task.run();
  } catch (error) {
    process.stderr.write(`cleanup "${task.name}" failed on signal: ${describe(error)}\n`);
  }
}

function onExit(): void {
  for (const task of tasks) {
    try {
      task.runSync();
    } catch (error) {
      process.stderr.write(`cleanup "${task.name}" failed at exit: ${describe(error)}\n`);
    }
  }
  tasks.clear();
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
