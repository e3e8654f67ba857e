// The kit leaves the mcrouter cases present, each breaking one property. Every client
// leaf except `wrongIpSan`, `dnsSanOnly` and `noSan` must carry the address mcrouter
// sees as an iPAddress SAN (see harness/mcrouter/source-address.ts). Otherwise mcrouter's
// TLS 1.2 IP check rejects it before the property under test matters.
// The ids are certs-gen's (certs-gen/variants.ts). The valid leaves are ECDSA P-256, the
// key type of the runs the observed expectations come from. A suite that finds an id
// missing from the kit manifest reports the case as not run and names the id.

export const CLIENT_VARIANTS = {
  /** Issued by the trusted CA, EKU clientAuth, iPAddress SAN equal to the address mcrouter sees. */
  valid: "client.valid.ecdsa-p256",
  /** As valid, but its iPAddress SANs are documentation-range addresses, none of them the client's. */
  wrongIpSan: "client.wrong-ip-san",
  /** As valid, but the SAN contains only the kit's DNS names. */
  dnsSanOnly: "client.no-ip-san",
  /** As valid, but without a subjectAltName extension. */
  noSan: "client.no-san",
  /** Issued by a CA that the server does not trust. */
  untrustedIssuer: "client.untrusted-ca",
  expired: "client.expired",
  /** EKU serverAuth only. */
  ekuServerAuthOnly: "client.eku-server-only",
  /** As valid, but without the Authority Key Identifier extension, which OpenSSL's strict mode requires. */
  noAuthorityKeyId: "client.no-authority-key-identifier",
} as const;

/** The leaves mcrouter presents toward its destinations (`--pem-cert-path`). */
export const PEER_VARIANTS = {
  /** serverAuth and clientAuth, iPAddress SAN equal to the calling mcrouter's address. */
  valid: "peer.valid.ecdsa-p256",
  /** clientAuth, iPAddress SANs from the documentation ranges; certs-gen has no peer leaf with this defect. */
  wrongIpSan: "client.wrong-ip-san",
} as const;

/** The leaves the servers present. */
export const SERVER_VARIANTS = {
  mcrouter: "server.valid.ecdsa-p256",
  memcached: "server.valid.ecdsa-p256",
} as const;
