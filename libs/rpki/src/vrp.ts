import type { IpPrefix } from '@ixora/net';

/**
 * A validated ROA payload (RFC 6811 §2): the origin `asn` may announce `prefix` and its
 * more-specifics up to `maxLength`. `asn` 0 is legitimate here: an AS0 ROA (RFC 6483 §4,
 * RFC 7607) says the prefix must not be routed, and never makes a route valid.
 */
export interface Vrp {
  readonly prefix: IpPrefix;
  readonly maxLength: number;
  readonly asn: number;
  readonly trustAnchor: string;
}
