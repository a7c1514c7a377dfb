import { Asn } from './asn.js';
import { IpPrefix } from './ip-prefix.js';

export interface AsnRange {
  readonly from: number;
  readonly to: number;
  readonly reason: string;
}

/**
 * AS numbers that must not appear in an AS_PATH heard at a route server (DESIGN §7 step 3: 0,
 * 23456, 64496–131071, 4200000000–4294967295), split by the RFC or registry entry behind each part.
 * Sorted and non-overlapping.
 */
export const BOGON_ASN_RANGES: readonly AsnRange[] = Object.freeze(
  [
    { from: 0, to: 0, reason: 'AS0, reserved (RFC 7607)' },
    { from: 23456, to: 23456, reason: 'AS_TRANS (RFC 6793)' },
    { from: 64496, to: 64511, reason: 'documentation ASNs (RFC 5398)' },
    { from: 64512, to: 65534, reason: 'private-use ASNs (RFC 6996)' },
    { from: 65535, to: 65535, reason: 'last 16-bit ASN, reserved (RFC 7300)' },
    { from: 65536, to: 65551, reason: 'documentation ASNs (RFC 5398)' },
    { from: 65552, to: 131071, reason: 'reserved by IANA (IANA AS number registry)' },
    { from: 4_200_000_000, to: 4_294_967_294, reason: 'private-use ASNs (RFC 6996)' },
    { from: 4_294_967_295, to: 4_294_967_295, reason: 'last 32-bit ASN, reserved (RFC 7300)' },
  ].map((range) => Object.freeze(range)),
);

/** The bogon range an ASN falls in, if any. */
export function findBogonAsnRange(asn: number | Asn): AsnRange | undefined {
  const value = asn instanceof Asn ? asn.value : asn;
  return BOGON_ASN_RANGES.find((range) => value >= range.from && value <= range.to);
}

export function isBogonAsn(asn: number | Asn): boolean {
  return findBogonAsnRange(asn) !== undefined;
}

export interface BogonPrefix {
  readonly prefix: IpPrefix;
  readonly reason: string;
}

function bogons(entries: readonly (readonly [string, string])[]): readonly BogonPrefix[] {
  return Object.freeze(
    entries.map(([prefix, reason]) => Object.freeze({ prefix: IpPrefix.parse(prefix), reason })),
  );
}

/**
 * IPv4 prefixes not routable on the Internet (IANA IPv4 Special-Purpose Address Registry,
 * RFC 6890, and the unallocated class E space).
 */
export const BOGON_PREFIX_ENTRIES_V4: readonly BogonPrefix[] = bogons([
  ['0.0.0.0/8', '"this network" (RFC 1122 §3.2.1.3)'],
  ['10.0.0.0/8', 'private use (RFC 1918)'],
  ['100.64.0.0/10', 'shared address space, carrier-grade NAT (RFC 6598)'],
  ['127.0.0.0/8', 'loopback (RFC 1122 §3.2.1.3)'],
  ['169.254.0.0/16', 'link-local (RFC 3927)'],
  ['172.16.0.0/12', 'private use (RFC 1918)'],
  ['192.0.0.0/24', 'IETF protocol assignments (RFC 6890)'],
  ['192.0.2.0/24', 'documentation TEST-NET-1 (RFC 5737)'],
  ['192.88.99.0/24', '6to4 relay anycast (RFC 3068, deprecated by RFC 7526)'],
  ['192.168.0.0/16', 'private use (RFC 1918)'],
  ['198.18.0.0/15', 'benchmarking (RFC 2544)'],
  ['198.51.100.0/24', 'documentation TEST-NET-2 (RFC 5737)'],
  ['203.0.113.0/24', 'documentation TEST-NET-3 (RFC 5737)'],
  ['224.0.0.0/4', 'multicast (RFC 5771)'],
  ['240.0.0.0/4', 'reserved, former class E, and limited broadcast (RFC 1112, RFC 919)'],
]);

/** IPv6 prefixes not routable on the Internet (IANA IPv6 Special-Purpose Address Registry). */
export const BOGON_PREFIX_ENTRIES_V6: readonly BogonPrefix[] = bogons([
  ['::/8', 'loopback, unspecified, IPv4-compatible and IPv4-mapped addresses (RFC 4291)'],
  ['100::/64', 'discard-only (RFC 6666)'],
  ['2001:2::/48', 'benchmarking (RFC 5180)'],
  ['2001:10::/28', 'ORCHID, deprecated (RFC 4843)'],
  ['2001:db8::/32', 'documentation (RFC 3849)'],
  ['2002::/16', '6to4 (RFC 3056)'],
  ['3ffe::/16', 'former 6bone (RFC 3701)'],
  ['fc00::/7', 'unique local addresses (RFC 4193)'],
  ['fe80::/10', 'link-local (RFC 4291)'],
  ['fec0::/10', 'site-local, deprecated (RFC 3879)'],
  ['ff00::/8', 'multicast (RFC 4291)'],
]);

export const BOGON_PREFIXES_V4: readonly IpPrefix[] = Object.freeze(
  BOGON_PREFIX_ENTRIES_V4.map((entry) => entry.prefix),
);
export const BOGON_PREFIXES_V6: readonly IpPrefix[] = Object.freeze(
  BOGON_PREFIX_ENTRIES_V6.map((entry) => entry.prefix),
);

/** 2000::/3, global unicast: all IPv6 unicast the IANA allocates to RIRs (RFC 4291 §2.4, IANA registry). */
export const GLOBAL_UNICAST_V6: IpPrefix = IpPrefix.parse('2000::/3');

/** The bogon entry covering (or equal to) the prefix, if any. */
export function findBogonPrefix(prefix: IpPrefix): BogonPrefix | undefined {
  const entries = prefix.family === 4 ? BOGON_PREFIX_ENTRIES_V4 : BOGON_PREFIX_ENTRIES_V6;
  return entries.find((entry) => entry.prefix.contains(prefix));
}

/**
 * True if the prefix equals or lies inside a bogon prefix of its family. A prefix that merely
 * covers a bogon (0.0.0.0/0, 192.0.0.0/16) is not a bogon here: the length limits of the import
 * policy deal with such short prefixes. IPv6 outside 2000::/3 is checked separately with
 * {@link isInsideGlobalUnicastV6}, because the policy reports it as its own reason.
 */
export function isBogonPrefix(prefix: IpPrefix): boolean {
  return findBogonPrefix(prefix) !== undefined;
}

/** True if an IPv6 prefix lies inside 2000::/3; always false for IPv4. */
export function isInsideGlobalUnicastV6(prefix: IpPrefix): boolean {
  return GLOBAL_UNICAST_V6.contains(prefix);
}
