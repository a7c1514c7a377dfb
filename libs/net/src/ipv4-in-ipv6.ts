import type { IpAddress } from './ip-address.js';
import { IpPrefix } from './ip-prefix.js';

/**
 * IPv6 space that only carries IPv4 addresses: ::ffff:0:0/96, IPv4-mapped (RFC 4291 §2.5.5.2),
 * and ::/96, IPv4-compatible (deprecated by RFC 4291 §2.5.5.1; it also holds :: and ::1). Neither
 * can be a peering LAN or an address on one: BGP would run over IPv4 under an IPv6 label.
 */
const IPV4_IN_IPV6: readonly { readonly prefix: IpPrefix; readonly reason: string }[] = [
  {
    prefix: IpPrefix.parse('::ffff:0:0/96'),
    reason: 'is IPv4-mapped IPv6 space (::ffff:0:0/96, RFC 4291 §2.5.5.2), not an IPv6 peering address',
  },
  {
    prefix: IpPrefix.parse('::/96'),
    reason:
      'is IPv4-compatible IPv6 space (::/96, deprecated by RFC 4291 §2.5.5.1), not an IPv6 peering address',
  },
];

/**
 * Why an IPv6 address or prefix lies in (or, for a prefix, reaches into) IPv4-mapped or
 * IPv4-compatible space; undefined when it does not, and always for IPv4.
 */
export function ipv4InIpv6Reason(value: IpAddress | IpPrefix): string | undefined {
  if (value.family !== 6) return undefined;
  for (const range of IPV4_IN_IPV6) {
    const hit = value instanceof IpPrefix ? range.prefix.overlaps(value) : range.prefix.contains(value);
    if (hit) return range.reason;
  }
  return undefined;
}
