// Vitest hooks that give a test file one set of throwaway certificates for all its tests.

import { afterAll, beforeAll } from "vitest";

import { makeThrowawayCertificates, type ThrowawayCertificates } from "./throwaway-certificates.ts";

/**
 * Registers beforeAll and afterAll hooks in the calling file that make the certificates and
 * delete them again. The returned object is empty until beforeAll has run, so read its fields
 * only inside tests and hooks.
 */
export function useThrowawayCertificates(): ThrowawayCertificates {
  const certificates = {} as ThrowawayCertificates;
  let created: ThrowawayCertificates | undefined;

  beforeAll(async () => {
    created = await makeThrowawayCertificates();
    Object.assign(certificates, created);
  });

  afterAll(async () => {
    await created?.remove();
  });

  return certificates;
}
