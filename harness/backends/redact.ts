// Removal of private key material from server output before it reaches logs, errors or reports.

const PRIVATE_KEY_BLOCK = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(-----END \1PRIVATE KEY-----|$)/g;

/** Replaces each PEM private key block (and an unterminated one up to the end) with a marker. */
export function redactPrivateKeys(text: string): string {
  return text.replace(PRIVATE_KEY_BLOCK, "[private key removed]");
}
