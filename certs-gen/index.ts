// Public API of certs-gen. The harness calls generateKit; tests that need one certificate of their own
// use CertificateAuthority directly.

export { generateKit, buildKit, type BuiltKit, type GenerateKitOptions } from "./kit.ts";
export { resolveOptions, DEFAULT_IPS, DEFAULT_DNS, DEFAULT_KEY_TYPE, type ResolvedOptions } from "./options.ts";
export { UsageError } from "./errors.ts";
export {
  CertificateAuthority,
  IssuedCertificate,
  defaultValidity,
  type AuthorityOptions,
  type LeafOptions,
  type Validity,
} from "./authority.ts";
export { generateKey, keyPairFromPem, KeyPool, privateKeyPem, encryptedPrivateKeyPem, type KeyPair } from "./keys.ts";
export { readCertificateFacts } from "./facts.ts";
export { VARIANTS, KIT_KEY_TYPES, ENCRYPTED_KEY_PASSPHRASE, type VariantDefinition } from "./variants.ts";
export { AUTHORITIES, type AuthorityDefinition } from "./authorities.ts";
export { renderCatalog } from "./catalog.ts";
export type * from "./manifest.ts";
