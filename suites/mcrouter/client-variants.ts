// The kit leaves the mcrouter cases present, each breaking one property. Every client
// leaf except `wrongIpSan`, `dnsSanOnly` and `noSan` must carry the address mcrouter
// sees as an iPAddress SAN (see harness/mcrouter/source-address.ts). Otherwise mcrouter's
// TLS 1.2 IP check rejects it before the property under test matters.
//
// NOTE: written before certs-gen published its variant catalog. A suite that finds one of
// these ids missing from the kit manifest reports the case as not run and names the id.

export const CLIENT_VARIANTS = {
  /** Issued by the trusted CA, EKU clientAuth, iPAddress SAN equal to the address mcrouter sees. */
  valid: "client.valid",
  /** As valid, but the only iPAddress SAN is another address. */
  wrongIpSan: "client.wrong-ip-san",
  /** As valid, but the SAN holds only a DNS name. */
  dnsSanOnly: "client.dns-san-only",
  /** As valid, but without a subjectAltName extension. */
  noSan: "client.no-san",
  /** Issued by a CA that the server does not trust. */
  untrustedIssuer: "client.untrusted-ca",
  expired: "client.expired",
  /** EKU serverAuth only. */
  ekuServerAuthOnly: "client.eku-server-auth-only",
  /** As valid, but without the Authority Key Identifier extension, which OpenSSL's strict mode requires. */
  noAuthorityKeyId: "client.no-akid",
} as const;

/** The leaves mcrouter presents toward another mcrouter; peer leaves carry serverAuth and clientAuth. */
export const PEER_VARIANTS = {
  /** iPAddress SAN equal to the calling mcrouter's address. */
  valid: "peer.valid",
  /** iPAddress SAN of another address. */
  wrongIpSan: "peer.wrong-ip-san",
} as const;

/** The leaves the servers present. */
export const SERVER_VARIANTS = {
  mcrouter: "server.valid",
  memcached: "server.valid",
} as const;
