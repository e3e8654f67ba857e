// The last check before any report file is written: no report may contain private key
// material. A kit's key files sit next to the certificates the harness reads, so a stray
// path read or an echoed stderr could copy a PEM key into a result.

import type { RunResult } from "./result.ts";

/** The marker every PEM private key block carries (`PRIVATE KEY`, `RSA PRIVATE KEY`, `ENCRYPTED PRIVATE KEY`, ...). */
export const PRIVATE_KEY_MARKER = "PRIVATE KEY";

export class PrivateKeyMaterialError extends Error {
  override name = "PrivateKeyMaterialError";
}

/**
 * Throws PrivateKeyMaterialError if `text` contains `PRIVATE KEY`. `fileName` names the
 * report in the message.
 */
export function assertNoPrivateKey(text: string, fileName: string): void {
  const offset = text.indexOf(PRIVATE_KEY_MARKER);
  if (offset === -1) {
    return;
  }

  const line = text.slice(0, offset).split("\n").length;
  throw new PrivateKeyMaterialError(
    `Refusing to write ${fileName}: line ${line} contains "${PRIVATE_KEY_MARKER}", which marks private key material. ` +
      "Remove the key text from the run result (probe messages and stderr are the usual source) and render again.",
  );
}

/**
 * Throws PrivateKeyMaterialError naming the first case whose fields contain `PRIVATE KEY`,
 * or naming `tested` when the run header does.
 */
export function assertResultHasNoPrivateKey(result: RunResult): void {
  if (JSON.stringify(result.tested).includes(PRIVATE_KEY_MARKER)) {
    throw new PrivateKeyMaterialError(
      `Refusing to write reports for run ${result.runId}: its "tested" section contains "${PRIVATE_KEY_MARKER}". ` +
        "Remove the key text from the run options and render again.",
    );
  }

  for (const testCase of result.cases) {
    if (JSON.stringify(testCase).includes(PRIVATE_KEY_MARKER)) {
      throw new PrivateKeyMaterialError(
        `Refusing to write reports for run ${result.runId}: case ${testCase.id} contains "${PRIVATE_KEY_MARKER}". ` +
          "Remove the key text from that case (probe messages and stderr are the usual source) and render again.",
      );
    }
  }
}
