// What memcached does with each kit leaf, as observed on Debian's memcached 1.6.18-1+deb12u1
// linked against OpenSSL 3.0.22, with a kit of ECDSA P-256 authorities, the prober (Node.js 26,
// which bundles OpenSSL 3.5) connecting over loopback. cases.ts turns these tables into one case per server
// setting, TLS version and leaf.
//
// memcached hands client certificates to OpenSSL's default chain verification with the
// `sslclient` purpose and no verify callback, so the alert it sends is OpenSSL's mapping of the
// X509_V_ERR code. It compares no name or address of a client certificate.

import type { OutcomeKind, TlsVersion } from "../../harness/probe/record.ts";

export const OBSERVED_ON = "observed on memcached 1.6.18-1+deb12u1 with OpenSSL 3.0.22";

export interface LeafExpectation {
  outcome: OutcomeKind;
  /** Alert, verify error or error code; a record when the TLS versions differ. */
  detail?: string | Record<TlsVersion, string>;
  /** Why, where the outcome would surprise a reader. */
  reason?: string;
}

const IGNORES_NAMES = "memcached checks no name or address in a client certificate, so SANs and CN play no part";
const NOT_STRICT = "memcached does not set X509_V_FLAG_X509_STRICT; only OpenSSL's strict profile rejects this";
const SECURITY_LEVEL = "memcached's OpenSSL runs at security level 2 (Debian's default), which rejects RSA keys under 2048 bits and SHA-1 or MD5 signatures in the peer's chain, and OpenSSL reports that as bad_certificate";
const CLIENT_SIDE = "the prober's own TLS library refuses the credentials before any byte is sent, whatever the server's settings";

/**
 * The outcome when memcached verifies the client certificate: `ssl_verify_mode` 1, 2 and 3 with
 * the kit's trust bundle as `ssl_ca_cert`. Mode 0 sends no CertificateRequest, so every leaf that
 * the prober can load gets in there.
 */
export const CLIENT_LEAF_WHEN_VERIFIED: Readonly<Record<string, LeafExpectation>> = {
  "client.valid.rsa2048": { outcome: "ok" },
  "client.valid.ecdsa-p256": { outcome: "ok" },
  "client.valid.ed25519": { outcome: "ok" },
  "peer.valid.rsa2048": { outcome: "ok" },
  "peer.valid.ecdsa-p256": { outcome: "ok" },
  "peer.valid.ed25519": { outcome: "ok" },

  "client.untrusted-ca": { outcome: "server-alert", detail: "unknown_ca" },
  "client.impostor-ca": { outcome: "server-alert", detail: "unknown_ca", reason: "the issuer name matches the trusted root, but the signature does not verify with its key" },
  "client.self-signed": { outcome: "server-alert", detail: "unknown_ca" },
  "client.intermediate-no-basic-constraints": { outcome: "server-alert", detail: "unknown_ca", reason: "OpenSSL maps X509_V_ERR_INVALID_CA to unknown_ca" },
  "client.intermediate-pathlen-exceeded": { outcome: "server-alert", detail: "unknown_ca", reason: "OpenSSL maps X509_V_ERR_PATH_LENGTH_EXCEEDED to unknown_ca" },
  "client.chain-missing-intermediate": { outcome: "server-alert", detail: "unknown_ca", reason: "memcached's CA file holds roots only, so it cannot build the path without the intermediate" },

  "client.no-ip-san": { outcome: "ok", reason: IGNORES_NAMES },
  "client.no-san": { outcome: "ok", reason: IGNORES_NAMES },
  "client.wrong-ip-san": { outcome: "ok", reason: IGNORES_NAMES },
  "client.ipv6-only-san": { outcome: "ok", reason: IGNORES_NAMES },
  "client.empty-subject": { outcome: "ok", reason: IGNORES_NAMES },
  "client.wildcard-cn": { outcome: "ok", reason: IGNORES_NAMES },

  "client.expired": { outcome: "server-alert", detail: "certificate_expired" },
  "client.not-yet-valid": { outcome: "server-alert", detail: "bad_certificate", reason: "OpenSSL has no alert for a certificate that is not valid yet and sends bad_certificate, not certificate_expired" },
  "client.expired-intermediate": { outcome: "server-alert", detail: "certificate_expired" },
  "client.expired-root": { outcome: "server-alert", detail: "certificate_expired", reason: "the expired root is in memcached's CA file, and OpenSSL checks the validity of the trust anchor too" },

  "client.leaf-ca-true": { outcome: "ok", reason: "OpenSSL's default verification accepts a leaf that claims CA:TRUE" },
  "client.ca-no-key-usage": { outcome: "ok", reason: NOT_STRICT },
  "client.no-authority-key-identifier": { outcome: "ok", reason: NOT_STRICT },
  "client.no-eku": { outcome: "ok", reason: "to OpenSSL a certificate without EKU is valid for every purpose" },
  "client.eku-server-only": { outcome: "server-alert", detail: "unsupported_certificate", reason: "the sslclient purpose needs clientAuth; OpenSSL maps X509_V_ERR_INVALID_PURPOSE to unsupported_certificate" },
  "client.key-usage-no-digital-signature": { outcome: "server-alert", detail: "unsupported_certificate", reason: "the sslclient purpose needs digitalSignature in keyUsage" },
  "client.unknown-critical-extension": { outcome: "server-alert", detail: "certificate_unknown", reason: "OpenSSL maps X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION to certificate_unknown" },

  "client.rsa1024": { outcome: "server-alert", detail: "bad_certificate", reason: SECURITY_LEVEL },
  "client.sha1-signature": { outcome: "server-alert", detail: "bad_certificate", reason: SECURITY_LEVEL },
  "client.md5-signature": { outcome: "server-alert", detail: "bad_certificate", reason: SECURITY_LEVEL },

  "client.key-mismatch": { outcome: "client-setup-failed", detail: "ERR_OSSL_X509_KEY_VALUES_MISMATCH", reason: CLIENT_SIDE },
  "client.chain-reversed": { outcome: "client-setup-failed", detail: "ERR_OSSL_X509_KEY_VALUES_MISMATCH", reason: "Node takes the first certificate of the chain file as the leaf, here the intermediate, whose key the leaf's key file does not match" },
  "client.corrupted-pem": { outcome: "client-setup-failed", detail: "ERR_OSSL_PEM_BAD_BASE64_DECODE", reason: CLIENT_SIDE },
  "client.encrypted-key": { outcome: "client-setup-failed", detail: "ERR_OSSL_BAD_DECRYPT", reason: "the prober presents the key without its passphrase, as a client configured with the key file alone would" },
};

/** A client that presents no certificate, per verify mode. */
export const NO_CLIENT_CERTIFICATE: Readonly<Record<0 | 1 | 2 | 3, LeafExpectation>> = {
  0: { outcome: "ok" },
  1: { outcome: "ok", reason: "mode 1 requests a certificate but admits a client that sends none" },
  2: { outcome: "server-alert", detail: { "TLSv1.2": "handshake_failure", "TLSv1.3": "certificate_required" }, reason: "TLS 1.2 has no alert of its own for a missing certificate; TLS 1.3 has certificate_required, which arrives on the first read, after the client finished its handshake" },
  3: { outcome: "server-alert", detail: { "TLSv1.2": "handshake_failure", "TLSv1.3": "certificate_required" }, reason: "mode 3 adds SSL_VERIFY_CLIENT_ONCE, which changes nothing on a new connection" },
};

const SERVER_WILL_NOT_START = "memcached refuses to start: OpenSSL at security level 2 rejects this certificate when memcached loads it";

/**
 * What a client that trusts the kit's root (or the variant's own trust anchor) and checks the
 * server's IP SAN against 127.0.0.1 sees when memcached presents each server leaf, or why
 * memcached does not start with it.
 */
export const SERVER_LEAF: Readonly<Record<string, LeafExpectation>> = {
  "server.valid.rsa2048": { outcome: "ok" },
  "server.valid.ecdsa-p256": { outcome: "ok" },
  "server.valid.ed25519": { outcome: "ok" },
  "peer.valid.rsa2048": { outcome: "ok" },
  "peer.valid.ecdsa-p256": { outcome: "ok" },
  "peer.valid.ed25519": { outcome: "ok" },

  "server.untrusted-ca": { outcome: "client-verify-error", detail: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" },
  "server.impostor-ca": { outcome: "client-verify-error", detail: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" },
  "server.self-signed": { outcome: "client-verify-error", detail: "DEPTH_ZERO_SELF_SIGNED_CERT" },
  "server.no-ip-san": { outcome: "client-verify-error", detail: "ERR_TLS_CERT_ALTNAME_INVALID", reason: "the client connects by IP, and Node checks the IP against iPAddress SANs only" },
  "server.no-san": { outcome: "client-verify-error", detail: "ERR_TLS_CERT_ALTNAME_INVALID", reason: "Node never falls back to the CN for an IP address" },
  "server.wrong-ip-san": { outcome: "client-verify-error", detail: "ERR_TLS_CERT_ALTNAME_INVALID" },
  "server.ipv6-only-san": { outcome: "client-verify-error", detail: "ERR_TLS_CERT_ALTNAME_INVALID", reason: "the client connects to 127.0.0.1, which an IPv6-only SAN does not name" },
  "server.empty-subject": { outcome: "ok", reason: "the SANs name the server, so the empty subject does not matter" },
  "server.wildcard-cn": { outcome: "ok", reason: "the CN is not consulted when SANs are present" },
  "server.expired": { outcome: "client-verify-error", detail: "CERT_HAS_EXPIRED" },
  "server.not-yet-valid": { outcome: "client-verify-error", detail: "CERT_NOT_YET_VALID" },
  "server.expired-intermediate": { outcome: "client-verify-error", detail: "CERT_HAS_EXPIRED" },
  "server.expired-root": { outcome: "client-verify-error", detail: "CERT_HAS_EXPIRED" },
  "server.leaf-ca-true": { outcome: "ok", reason: "OpenSSL's default verification accepts a leaf that claims CA:TRUE" },
  "server.intermediate-no-basic-constraints": { outcome: "client-verify-error", detail: "INVALID_CA" },
  "server.intermediate-pathlen-exceeded": { outcome: "client-verify-error", detail: "PATH_LENGTH_EXCEEDED" },
  "server.ca-no-key-usage": { outcome: "ok", reason: "Node does not verify with X509_V_FLAG_X509_STRICT" },
  "server.no-authority-key-identifier": { outcome: "ok", reason: "Node does not verify with X509_V_FLAG_X509_STRICT" },
  "server.eku-client-only": { outcome: "client-verify-error", detail: "INVALID_PURPOSE" },
  "server.no-eku": { outcome: "ok", reason: "to OpenSSL a certificate without EKU is valid for every purpose" },
  "server.key-usage-no-digital-signature": { outcome: "client-verify-error", detail: "INVALID_PURPOSE", reason: "the sslserver purpose needs digitalSignature in keyUsage; under TLS 1.2 memcached aborts the handshake first" },
  "server.unknown-critical-extension": { outcome: "client-verify-error", detail: "UNSPECIFIED", reason: "Node reports X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION without a code of its own" },
  "server.chain-missing-intermediate": { outcome: "client-verify-error", detail: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" },

  "server.rsa1024": { outcome: "server-start-failed", detail: "ee key too small", reason: SERVER_WILL_NOT_START },
  "server.sha1-signature": { outcome: "server-start-failed", detail: "ca md too weak", reason: SERVER_WILL_NOT_START },
  "server.md5-signature": { outcome: "server-start-failed", detail: "ca md too weak", reason: SERVER_WILL_NOT_START },
  "server.key-mismatch": { outcome: "server-start-failed", detail: "key values mismatch", reason: "memcached checks that the key belongs to the certificate when it loads them" },
  "server.chain-reversed": { outcome: "server-start-failed", detail: "key values mismatch", reason: "memcached takes the first certificate of the chain file as its own, here the intermediate" },
  "server.corrupted-pem": { outcome: "server-start-failed", detail: "bad base64 decode" },
  "server.encrypted-key": { outcome: "server-start-failed", detail: "Error loading the key", reason: "memcached has no option for a key passphrase" },
};

/** Server leaves whose outcome depends on the TLS version. */
export const SERVER_LEAF_BY_VERSION: Readonly<Record<string, Partial<Record<TlsVersion, LeafExpectation>>>> = {
  "server.key-usage-no-digital-signature": {
    "TLSv1.2": {
      outcome: "server-alert",
      detail: "handshake_failure",
      reason: "under TLS 1.2 memcached itself aborts the handshake with handshake_failure, so the client never verifies the certificate; under TLS 1.3 the handshake goes on and the client rejects it",
    },
  },
};
