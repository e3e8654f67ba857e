// Display names shared by the Markdown, HTML and JUnit reports, so that a case reads the
// same in every file.

import type { CaseResult, LinkKind, VariedCertificate, Verdict } from "./result.ts";

const LINK_TITLES: Record<LinkKind, string> = {
  "client-memcached": "client → memcached",
  "client-mcrouter": "client → mcrouter",
  "mcrouter-memcached": "mcrouter → memcached",
  "mcrouter-mcrouter": "mcrouter → mcrouter",
};

const VERDICT_TITLES: Record<Verdict, string> = {
  "as-expected": "as expected",
  "unexpected-success": "unexpected success",
  "unexpected-failure": "unexpected failure",
  "not-run": "not run",
};

export function linkTitle(link: LinkKind): string {
  return LINK_TITLES[link];
}

export function verdictTitle(verdict: Verdict): string {
  return VERDICT_TITLES[verdict];
}

/** Formats server settings as `key=value` pairs sorted by key, or `defaults` when there are none. */
export function settingsLabel(settings: Record<string, string>): string {
  const keys = Object.keys(settings).sort();
  if (keys.length === 0) {
    return "defaults";
  }

  return keys.map((key) => `${key}=${settings[key]}`).join(", ");
}

/** Names the client leaf, with `no certificate` for a client that presents none. */
export function clientVariantLabel(clientVariant: string | null): string {
  return clientVariant ?? "no certificate";
}

/** Orders cases by link kind, settings, server leaf, TLS version, client variant and id, so reports list them stably. */
export function compareCases(a: CaseResult, b: CaseResult): number {
  return (
    a.link.localeCompare(b.link) ||
    settingsLabel(a.settings).localeCompare(settingsLabel(b.settings)) ||
    a.serverVariant.localeCompare(b.serverVariant) ||
    a.tlsVersion.localeCompare(b.tlsVersion) ||
    clientVariantLabel(a.clientVariant).localeCompare(clientVariantLabel(b.clientVariant)) ||
    a.id.localeCompare(b.id)
  );
}

/** Returns whether the cases present more than one server leaf, so labels must name it to tell cases apart. */
export function serverVariantVaries(cases: readonly CaseResult[]): boolean {
  return new Set(cases.map((testCase) => testCase.serverVariant)).size > 1;
}

const VARIED_TITLES: Record<VariedCertificate, string> = {
  "client-certificate": "Which client certificates get in",
  "server-certificate": "Which server certificates a client accepts",
};

/** Returns the heading of the grid or table of cases that vary this certificate. */
export function variedCertificateTitle(varies: VariedCertificate): string {
  return VARIED_TITLES[varies];
}

const SUCCEEDED_CASES: Record<VariedCertificate, string> = {
  "client-certificate": "cases that got in",
  "server-certificate": "cases where the client accepted the server certificate",
};

/** Names the cases with outcome `ok`, in the words of the grid that varies this certificate. */
export function succeededCasesPhrase(varies: VariedCertificate): string {
  return SUCCEEDED_CASES[varies];
}
