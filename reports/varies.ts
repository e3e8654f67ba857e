// Splits the cases of one link kind by the certificate they vary, and lays out the grid of
// each part: which certificate names the rows, which settings name the columns, and which
// settings are the same in every case. The HTML grid and the Markdown tables share this, so
// both reports group a case the same way.

import { clientVariantLabel, settingsLabel } from "./labels.ts";
import { VARIED_CERTIFICATES, type CaseResult, type VariedCertificate } from "./result.ts";

/** Items of one varied certificate, in the order they were given. */
export interface VariedPart<T> {
  varies: VariedCertificate;
  items: T[];
}

/**
 * Splits items by the certificate their case varies, client certificate first. Parts with
 * no items are left out. `caseOf` returns an item's case, so callers can split wrapped cases.
 */
export function splitByVariedCertificate<T>(items: readonly T[], caseOf: (item: T) => CaseResult): Array<VariedPart<T>> {
  const inferred = inferVariedCertificates(items.map(caseOf));
  const parts = VARIED_CERTIFICATES.map((varies): VariedPart<T> => ({ varies, items: [] }));

  items.forEach((item, index) => {
    const varies = caseOf(item).varies ?? inferred[index]!;
    parts.find((part) => part.varies === varies)!.items.push(item);
  });

  return parts.filter((part) => part.items.length > 0);
}

/**
 * Guesses the varied certificate of cases whose `varies` field is absent. A case varies the
 * server certificate when the cases of its link and settings present more than one server
 * leaf to one and the same client certificate (or to none). Every other case varies the
 * client certificate.
 */
function inferVariedCertificates(cases: readonly CaseResult[]): VariedCertificate[] {
  const groups = new Map<string, { servers: Set<string>; clients: Set<string> }>();
  const groupKey = (testCase: CaseResult): string => `${testCase.link}\u0000${settingsLabel(testCase.settings)}`;

  for (const testCase of cases) {
    const key = groupKey(testCase);
    const group = groups.get(key) ?? { servers: new Set<string>(), clients: new Set<string>() };
    group.servers.add(testCase.serverVariant);
    group.clients.add(clientVariantLabel(testCase.clientVariant));
    groups.set(key, group);
  }

  return cases.map((testCase) => {
    const group = groups.get(groupKey(testCase))!;
    return group.servers.size > 1 && group.clients.size === 1 ? "server-certificate" : "client-certificate";
  });
}

/** The rows, columns and shared settings of one grid. */
export interface GridAxes {
  varies: VariedCertificate;
  /** Heading of the row labels: `client certificate` or `server certificate`. */
  rowTitle: string;
  /** Settings with the same value in every case, as `key=value`, sorted by key. */
  sharedSettings: string[];
  /**
   * The certificate on the other side when every case has the same one, for example
   * `server certificate server.valid` or `the client presents no certificate`.
   */
  sharedPeer?: string;
  rowLabel(testCase: CaseResult): string;
  /**
   * The settings that vary between rows but have one value within each row, as `key=value`
   * pairs sorted by key. They name the row, not the column, so they do not split columns.
   */
  rowSettings(testCase: CaseResult): string[];
  /**
   * The settings that vary within a row, as `key=value` pairs sorted by key, plus the other
   * side's certificate where that varies too. Empty when nothing but the TLS version varies.
   */
  columnParts(testCase: CaseResult): string[];
  /** The column parts joined with `, `, which identifies a column group. */
  columnLabel(testCase: CaseResult): string;
  /** The keys of the settings in `columnParts`, sorted. */
  varyingKeys: string[];
  /** Whether the other side's certificate varies, so that column labels name it. */
  peerVaries: boolean;
}

const UNSET = "(unset)";

export function gridAxes(cases: readonly CaseResult[], varies: VariedCertificate): GridAxes {
  const rowLabel = (testCase: CaseResult): string =>
    varies === "client-certificate" ? clientVariantLabel(testCase.clientVariant) : testCase.serverVariant;
  const valueOf = (testCase: CaseResult, key: string): string => testCase.settings[key] ?? UNSET;

  const keys = [...new Set(cases.flatMap((testCase) => Object.keys(testCase.settings)))].sort();
  const valuesOf = (key: string): Set<string> => new Set(cases.map((testCase) => valueOf(testCase, key)));
  const sharedSettings = keys.filter((key) => valuesOf(key).size === 1).map((key) => `${key}=${[...valuesOf(key)][0]}`);

  // A setting that follows the row, such as mcrouter's client certificate flags being set
  // exactly for the rows that present a certificate, would otherwise double the columns and
  // leave half the cells empty.
  const rowLabels = [...new Set(cases.map(rowLabel))];
  const followsRow = (key: string): boolean =>
    rowLabels.every((label) => new Set(cases.filter((testCase) => rowLabel(testCase) === label).map((testCase) => valueOf(testCase, key))).size === 1);
  const differingKeys = keys.filter((key) => valuesOf(key).size > 1);
  const rowKeys = differingKeys.filter(followsRow);
  const varyingKeys = differingKeys.filter((key) => !rowKeys.includes(key));

  const peerLabel = (testCase: CaseResult): string =>
    varies === "client-certificate" ? testCase.serverVariant : clientVariantLabel(testCase.clientVariant);
  const peerTitle = varies === "client-certificate" ? "server certificate" : "client certificate";
  const peers = new Set(cases.map(peerLabel));
  const peerVaries = peers.size > 1;
  const onlyPeer = peers.size === 1 ? [...peers][0]! : undefined;
  let sharedPeer: string | undefined;
  if (onlyPeer === clientVariantLabel(null) && varies === "server-certificate") {
    sharedPeer = "the client presents no certificate";
  } else if (onlyPeer !== undefined) {
    sharedPeer = `${peerTitle} ${onlyPeer}`;
  }

  const columnParts = (testCase: CaseResult): string[] => {
    const parts = varyingKeys.map((key) => `${key}=${valueOf(testCase, key)}`);
    if (peerVaries) {
      parts.push(`${peerTitle} ${peerLabel(testCase)}`);
    }
    return parts;
  };

  return {
    varies,
    rowTitle: varies === "client-certificate" ? "client certificate" : "server certificate",
    sharedSettings,
    sharedPeer,
    rowLabel,
    rowSettings: (testCase) => rowKeys.map((key) => `${key}=${valueOf(testCase, key)}`),
    columnParts,
    columnLabel: (testCase) => columnParts(testCase).join(", "),
    varyingKeys,
    peerVaries,
  };
}

/** Sorts row labels alphabetically, with `no certificate` last. */
export function compareRowLabels(a: string, b: string): number {
  const noneA = a === clientVariantLabel(null);
  const noneB = b === clientVariantLabel(null);
  if (noneA !== noneB) {
    return noneA ? 1 : -1;
  }
  return a.localeCompare(b);
}
