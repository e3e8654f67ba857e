// mcrouter's timeout, probe and thread options, set so that a failing destination
// is reported within a second or two instead of the defaults' 10-60 s. Reports show the
// values under their flag names, through `describeTiming`.

/** Option values passed to every mcrouter a topology starts. */
export interface McrouterTiming {
  /** `--server-timeout` (`-t`), in ms. It also bounds the TCP connect plus TLS handshake; mcrouter's default is 1000. */
  serverTimeoutMs: number;
  /** `--probe-timeout-initial` (`-r`), in ms: the delay before the first TKO probe, times a random 1.05-1.5. Default 10000. */
  probeTimeoutInitialMs: number;
  /** `--probe-timeout-max`, in ms: the ceiling for the growing probe delay. Default 60000. */
  probeTimeoutMaxMs: number;
  /** `--reset-inactive-connection-interval`, in ms: idle outgoing connections close after one to two intervals. Default 60000. */
  resetInactiveConnectionIntervalMs: number;
  /** `--num-proxies`: proxy threads, each with its own outgoing connection per destination. Default 1. */
  numProxies: number;
  /** `--disable-tko-tracking`: no TKO marking and no probes, so every request tries to connect again. */
  disableTkoTracking: boolean;
}

/**
 * The values the suites use. One proxy thread keeps one connection per destination, so
 * connection counters in `stats` match the requests sent. A 250 ms initial probe lets
 * a destination recover within about half a second after a fix.
 */
export const FAST_TIMING: Readonly<McrouterTiming> = Object.freeze({
  serverTimeoutMs: 1000,
  probeTimeoutInitialMs: 250,
  probeTimeoutMaxMs: 1000,
  resetInactiveConnectionIntervalMs: 60_000,
  numProxies: 1,
  disableTkoTracking: false,
});

function validatePositiveInteger(value: number, flag: string): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(`${flag} is ${String(value)}: use an integer greater than 0`);
  }
}

/** Throw a RangeError naming the flag when a value would make mcrouter reject or misread it. */
export function validateTiming(timing: McrouterTiming): void {
  validatePositiveInteger(timing.serverTimeoutMs, "--server-timeout");
  validatePositiveInteger(timing.probeTimeoutInitialMs, "--probe-timeout-initial");
  validatePositiveInteger(timing.probeTimeoutMaxMs, "--probe-timeout-max");
  validatePositiveInteger(timing.numProxies, "--num-proxies");

  const resetValid = Number.isInteger(timing.resetInactiveConnectionIntervalMs) && timing.resetInactiveConnectionIntervalMs >= 0;
  if (!resetValid) {
    throw new RangeError(
      `--reset-inactive-connection-interval is ${String(timing.resetInactiveConnectionIntervalMs)}: use 0 (never close) or a positive integer of ms`,
    );
  }

  if (timing.probeTimeoutMaxMs < timing.probeTimeoutInitialMs) {
    throw new RangeError(
      `--probe-timeout-max ${timing.probeTimeoutMaxMs} is below --probe-timeout-initial ${timing.probeTimeoutInitialMs}: raise the maximum`,
    );
  }
}

/** The timing flags as mcrouter's argv, in a fixed order. */
export function timingArguments(timing: McrouterTiming): string[] {
  validateTiming(timing);

  const argv = [
    `--server-timeout=${timing.serverTimeoutMs}`,
    `--probe-timeout-initial=${timing.probeTimeoutInitialMs}`,
    `--probe-timeout-max=${timing.probeTimeoutMaxMs}`,
    `--reset-inactive-connection-interval=${timing.resetInactiveConnectionIntervalMs}`,
    `--num-proxies=${timing.numProxies}`,
  ];
  if (timing.disableTkoTracking) {
    argv.push("--disable-tko-tracking");
  }
  return argv;
}

/** The timing values keyed by flag name, for `RunResult.tested.options` and report tables. */
export function describeTiming(timing: McrouterTiming): Record<string, number | boolean> {
  return {
    "mcrouter --server-timeout (ms)": timing.serverTimeoutMs,
    "mcrouter --probe-timeout-initial (ms)": timing.probeTimeoutInitialMs,
    "mcrouter --probe-timeout-max (ms)": timing.probeTimeoutMaxMs,
    "mcrouter --reset-inactive-connection-interval (ms)": timing.resetInactiveConnectionIntervalMs,
    "mcrouter --num-proxies": timing.numProxies,
    "mcrouter --disable-tko-tracking": timing.disableTkoTracking,
  };
}
