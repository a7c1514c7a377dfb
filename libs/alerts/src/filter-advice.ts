import type { FilterReasonKey } from '@ixora/bird-config';

/** A ROA (VRP) covering a filtered route's prefix, to say what it allows. */
export interface CoveringVrp {
  readonly prefix: string;
  readonly maxLength: number;
  readonly asn: number;
}

/** One filtered route as the advice needs it. */
export interface FilteredRouteFacts {
  readonly prefix: string;
  /** The origin (last ASN of the AS_PATH), when known. */
  readonly originAsn?: number;
  readonly asPath?: readonly number[];
  readonly nextHop?: string;
}

export interface AdviceContext {
  /** The member's ASN (the route server's peer). */
  readonly asn: number;
  readonly asSets?: readonly string[];
  /** Covering VRPs of the prefix (for `rpki_invalid`), from the current RPKI snapshot. */
  readonly vrps?: readonly CoveringVrp[];
}

function rpkiAdvice(route: FilteredRouteFacts, context: AdviceContext): string {
  const length = Number(route.prefix.slice(route.prefix.indexOf('/') + 1));
  const origin = route.originAsn ?? context.asn;
  const vrps = context.vrps ?? [];
  const forOrigin = vrps.filter((vrp) => vrp.asn === origin);
  if (forOrigin.length > 0) {
    const widest = forOrigin.reduce((a, b) => (b.maxLength > a.maxLength ? b : a));
    if (widest.maxLength < length)
      return `the ROA for ${widest.prefix} allows AS${origin} up to /${widest.maxLength}, and ${route.prefix} is a /${length}: announce /${widest.maxLength} or shorter, or raise the ROA's max length to /${length}`;
  }
  if (vrps.length > 0) {
    const origins = [...new Set(vrps.map((vrp) => `AS${vrp.asn}`))].join(', ');
    return `the ROAs covering ${route.prefix} name ${origins}, not AS${origin}: create a ROA for ${route.prefix} with origin AS${origin} (with your RIR), or stop announcing it`;
  }
  return `the prefix is RPKI invalid for AS${origin}: create a ROA for ${route.prefix} with origin AS${origin} and max length /${length} with your RIR`;
}

/**
 * What a member can do about a route the route server filtered, by reason. The words of the
 * reason itself come from the community table of `@ixora/bird-config`; this says the fix.
 */
export function adviceFor(
  reason: FilterReasonKey | 'unknown' | 'none',
  route: FilteredRouteFacts,
  context: AdviceContext,
): string {
  const asn = context.asn;
  const origin = route.originAsn ?? asn;
  const family = route.prefix.includes(':') ? 'route6' : 'route';
  const asSets = context.asSets && context.asSets.length > 0 ? context.asSets.join(', ') : `AS${asn}`;
  switch (reason) {
    case 'irr_prefix':
      return `create a ${family} object for ${route.prefix} with origin AS${origin} in an IRR database your AS-SET (${asSets}) is read from; the route server takes it in at its next IRR refresh`;
    case 'irr_origin':
      return `AS${origin} is not in ${asSets}: add it (or the AS-SET of that customer) to your AS-SET, or stop announcing routes it originates`;
    case 'rpki_invalid':
      return rpkiAdvice(route, context);
    case 'prefix_too_long':
      return `${route.prefix} is more specific than the route server takes (IPv4 up to /24, IPv6 up to /48 unless your policy says otherwise): announce the covering prefix instead`;
    case 'prefix_too_short':
      return `${route.prefix} is less specific than the route server takes: announce the prefixes you hold, not an aggregate this short`;
    case 'bogon_prefix':
      return `${route.prefix} is reserved or special-purpose address space (or the exchange's peering LAN) and is never accepted: check your export filter towards the route server`;
    case 'bogon_asn':
      return `the AS_PATH${route.asPath ? ` (${route.asPath.join(' ')})` : ''} holds a private or reserved ASN: strip it (remove-private-AS) before announcing to the route server`;
    case 'as_path_too_long':
      return 'the AS_PATH is longer than the route server accepts: announce with less prepending';
    case 'first_asn_not_peer':
      return `the AS_PATH must start with your own AS${asn}: do not strip your ASN towards the route server`;
    case 'next_hop_not_peer':
      return `the NEXT_HOP${route.nextHop ? ` ${route.nextHop}` : ''} is not your router's address on the peering LAN: announce with your own address as next hop (next-hop-self)`;
    case 'transit_free_asn':
      return 'the AS_PATH holds a transit-free network: this is a leak of a transit route; fix the export filter towards the route server';
    case 'never_via_route_server_asn':
      return 'the AS_PATH holds a network that is never reached via route servers: fix the export filter towards the route server so these routes are not announced';
    case 'blackhole_not_authorised':
      return `blackholing is only taken for prefixes in your IRR data: create a ${family} object covering ${route.prefix} with origin AS${origin}, or ask the exchange to enable blackholing for you`;
    case 'address_family_mismatch':
      return 'announce IPv4 routes on the IPv4 session and IPv6 routes on the IPv6 session';
    case 'unknown':
    case 'none':
      return 'the route server gave no reason it knows: ask the exchange staff, quoting the prefix and the session';
  }
}
