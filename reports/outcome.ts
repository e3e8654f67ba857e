// Words for observed outcomes and expectations. Reports group cases by `outcomeKey`, and
// `compare` treats two observations as the same behaviour when their keys are equal.

import { extractAlertName } from "../harness/mcrouter/reply.ts";
import type { OutcomeKind, ProbeOutcome } from "../harness/probe/record.ts";
import type { Expectation, VariedCertificate } from "./result.ts";

type OutcomeFields = Pick<ProbeOutcome, "alert" | "verifyError" | "reply"> & { kind: OutcomeKind };

/**
 * Returns the TLS alert of an outcome: `alert` when the probe recorded one, else for an
 * error reply the alert that mcrouter's reply text names (`SERVER_ERROR ... received
 * alert: certificate_required`), in RFC 8446 spelling.
 */
export function outcomeAlert(outcome: OutcomeFields): string | undefined {
  if (outcome.alert !== undefined) {
    return outcome.alert;
  }
  if (outcome.kind === "error-reply" && outcome.reply !== undefined) {
    return extractAlertName(outcome.reply);
  }
  return undefined;
}

/**
 * Returns the kind plus the alert or verify error, for example `server-alert:unknown_ca`.
 * Stage, messages and the rest of the reply text are left out because they carry ports and
 * library versions that differ between runs of the same behaviour.
 */
export function outcomeKey(outcome: OutcomeFields): string {
  const detail = outcomeAlert(outcome) ?? outcome.verifyError;
  return detail === undefined ? outcome.kind : `${outcome.kind}:${detail}`;
}

/**
 * Returns a heading for a group of cases with this outcome, for example "Rejected with alert
 * `unknown_ca`". `varies` picks the words for success and server alerts: in a case that varies
 * the server certificate, the client presents none, so nothing "gets in" and an alert is the
 * server aborting the handshake rather than rejecting a client certificate.
 */
export function describeOutcome(outcome: ProbeOutcome, varies: VariedCertificate = "client-certificate"): string {
  const variesServer = varies === "server-certificate";
  switch (outcome.kind) {
    case "ok":
      return variesServer ? "Client accepts the server certificate" : "Gets in";
    case "server-alert":
      if (variesServer) {
        return outcome.alert === undefined ? "Server aborts the handshake with a TLS alert" : `Server aborts the handshake with alert \`${outcome.alert}\``;
      }
      return outcome.alert === undefined ? "Rejected with a TLS alert" : `Rejected with alert \`${outcome.alert}\``;
    case "client-verify-error":
      return outcome.verifyError === undefined
        ? "Client rejects the server certificate"
        : `Client rejects the server certificate: \`${outcome.verifyError}\``;
    case "closed-without-alert":
      return "Connection closed without an alert";
    case "timeout":
      return "Timed out";
    case "server-start-failed":
      return "Server does not start with these settings";
    case "error-reply": {
      const alert = outcomeAlert(outcome);
      return alert === undefined ? "TLS session works, reply is an error" : `Error reply naming alert \`${alert}\``;
    }
    case "connect-failed":
      return "TCP connect failed";
    case "client-setup-failed":
      return "Client cannot load its own certificate or key";
    case "protocol-error":
      return "TLS aborted without an alert";
  }
}

/** Returns a label of a few words for a grid cell, for example `unknown_ca` or `ok`. */
export function shortOutcomeLabel(outcome: ProbeOutcome): string {
  switch (outcome.kind) {
    case "ok":
      return "ok";
    case "server-alert":
      return outcome.alert ?? "alert";
    case "client-verify-error":
      return outcome.verifyError ?? "verify error";
    case "closed-without-alert":
      return "closed";
    case "timeout":
      return "timeout";
    case "server-start-failed":
      return "no start";
    case "error-reply": {
      const alert = outcomeAlert(outcome);
      return alert === undefined ? "error reply" : `error reply: ${alert}`;
    }
    case "connect-failed":
      return "no connect";
    case "client-setup-failed":
      return outcome.errorCode ?? "client setup";
    case "protocol-error":
      return outcome.errorCode ?? "protocol error";
  }
}

/** Describes an expectation in one line, for example "server-alert `unknown_ca`". */
export function describeExpectation(expected: Expectation): string {
  return expected.detail === undefined ? expected.outcome : `${expected.outcome} \`${expected.detail}\``;
}

/**
 * Returns what the probe saw besides the outcome kind: the stage, Node's error code and the
 * reply, message or stderr, joined with `; `. Returns an empty string when none was recorded.
 */
export function describeOutcomeEvidence(outcome: ProbeOutcome): string {
  const parts: string[] = [];

  if (outcome.stage !== undefined && outcome.kind !== "ok") {
    parts.push(`at ${outcome.stage}`);
  }
  if (outcome.errorCode !== undefined) {
    parts.push(outcome.errorCode);
  }

  const text = outcome.reply ?? outcome.message ?? outcome.stderr;
  if (text !== undefined) {
    parts.push(text.replace(/\s+/g, " ").trim());
  }

  // A server that did not start says why in its last output line, which the message does not repeat.
  const lastOutputLine = outcome.stderr?.trim().split("\n").at(-1)?.trim();
  if (outcome.kind === "server-start-failed" && lastOutputLine !== undefined && lastOutputLine !== "" && text !== outcome.stderr) {
    parts.push(`output: ${lastOutputLine}`);
  }

  return parts.join("; ");
}
