import { DEFAULT_TRANSIT_FREE_ASNS, REASON_COMMUNITIES, type FilterReasonKey } from '@ixora/bird-config';
import { findBogonAsnRange, findBogonPrefix, IpAddress, IpPrefix, isInsideGlobalUnicastV6 } from '@ixora/net';

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

/**
 * What ixora knows of the member and the exchange, to make the advice concrete. Every field is
 * optional: without it the advice is still right, only less specific.
 */
export interface AdviceContext {
  /** The member's ASN (the route server's peer). */
  readonly asn: number;
  readonly asSets?: readonly string[];
  /** The IRR databases the member's route objects were read from (its PrefixSets' sources). */
  readonly irrSources?: readonly string[];
  /** The member's IRR prefixes (route/route6 objects) equal to or covering the route's prefix. */
  readonly irrCovering?: readonly string[];
  /** Whether the route server takes more-specifics of a route object (policy `irrAllowMoreSpecifics`). */
  readonly isMoreSpecificAllowed?: boolean;
  /** Covering VRPs of the prefix, from the current RPKI snapshot. */
  readonly vrps?: readonly CoveringVrp[];
  /** The member's addresses on the peering LANs (its interfaces). */
  readonly interfaceAddresses?: readonly string[];
  /** The prefix lengths the route server takes for the route's family. */
  readonly prefixLengths?: { readonly min: number; readonly max: number };
  readonly maxAsPathLength?: number;
  /** The exchange's transit-free ASNs; ixora's default list when not given. */
  readonly transitFreeAsns?: readonly number[];
  /** ASNs that PeeringDB says are never reached via route servers. */
  readonly neverViaRouteServerAsns?: readonly number[];
}

/** IPv4 /24 and IPv6 /48 unless the exchange's policy says otherwise (DESIGN §7 step 4). */
const DEFAULT_LENGTHS = { 4: { min: 8, max: 24 }, 6: { min: 16, max: 48 } } as const;

function parsePrefix(text: string): IpPrefix | undefined {
  try {
    return IpPrefix.parse(text, { hostBits: 'clear' });
  } catch {
    return undefined;
  }
}

function lengthOf(prefix: string): number {
  return Number(prefix.slice(prefix.indexOf('/') + 1));
}

function familyWord(prefix: string): 'IPv4' | 'IPv6' {
  return prefix.includes(':') ? 'IPv6' : 'IPv4';
}

/** "RIPE or RADB", "RIPE, ARIN or RADB". */
function orList(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

function andList(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

function asSetsOf(context: AdviceContext): string {
  return context.asSets && context.asSets.length > 0 ? andList(context.asSets) : `AS${context.asn}`;
}

function pathText(asPath: readonly number[] | undefined): string {
  return asPath && asPath.length > 0 ? ` (${asPath.join(' ')})` : '';
}

function irrPrefixAdvice(route: FilteredRouteFacts, context: AdviceContext): string {
  const origin = route.originAsn ?? context.asn;
  const object = route.prefix.includes(':') ? 'route6' : 'route';
  const sources = context.irrSources ?? [];
  const where =
    context.asSets && context.asSets.length > 0
      ? `in the IRR data of ${asSetsOf(context)}${sources.length > 0 ? ` (read from ${andList(sources)})` : ''}`
      : `among the route objects of AS${context.asn}${sources.length > 0 ? ` (read from ${andList(sources)})` : ''}`;
  const createIn =
    sources.length > 0
      ? `create one in ${orList(sources)}`
      : 'create one in your IRR database (e.g. your RIR’s)';
  const covering = (context.irrCovering ?? []).filter((prefix) => prefix !== route.prefix);
  if ((context.irrCovering ?? []).includes(route.prefix))
    return `a ${object} object for ${route.prefix} is in your IRR data now: the route server takes it with its next configuration update, nothing to do`;
  if (covering.length > 0 && context.isMoreSpecificAllowed !== true) {
    const shortest = covering.reduce((a, b) => (lengthOf(b) < lengthOf(a) ? b : a));
    return `your ${object} object for ${shortest} covers ${route.prefix}, but the route server takes only the exact prefixes of route objects: create a ${object} object for ${route.prefix} with origin AS${origin} (${sources.length > 0 ? `in ${orList(sources)}` : 'in your IRR database'}), or announce ${shortest} instead`;
  }
  return `no ${object} object for ${route.prefix} with origin AS${origin} ${where}: ${createIn}; the route server takes it in at its next IRR refresh`;
}

function irrOriginAdvice(route: FilteredRouteFacts, context: AdviceContext): string {
  const origin = route.originAsn ?? context.asn;
  if (!context.asSets || context.asSets.length === 0)
    return `AS${origin} is not AS${context.asn}, and you have no AS-SET: create an AS-SET with AS${context.asn} and AS${origin} as members, and set it in PeeringDB (IRR AS-SET) so the exchange reads it; or stop announcing routes AS${origin} originates`;
  return `AS${origin} is not in ${asSetsOf(context)}: add AS${origin} (or the AS-SET of that customer) to ${asSetsOf(context)}, or stop announcing routes it originates`;
}

function rpkiAdvice(route: FilteredRouteFacts, context: AdviceContext): string {
  const length = lengthOf(route.prefix);
  const origin = route.originAsn ?? context.asn;
  const vrps = context.vrps ?? [];
  const forOrigin = vrps.filter((vrp) => vrp.asn === origin && vrp.asn !== 0);
  if (forOrigin.length > 0) {
    const widest = forOrigin.reduce((a, b) => (b.maxLength > a.maxLength ? b : a));
    if (widest.maxLength < length)
      return `the ROA for ${widest.prefix} allows AS${origin} up to /${widest.maxLength}, and you announce ${route.prefix}, a /${length}: announce ${widest.prefix === route.prefix ? widest.prefix : `/${widest.maxLength} or shorter (e.g. ${widest.prefix})`}, or raise the ROA's max length to /${length} or create a ROA for ${route.prefix} with origin AS${origin} (with your RIR)`;
  }
  const others = vrps.filter((vrp) => vrp.asn !== 0);
  if (others.length > 0) {
    const named = [...new Set(others.map((vrp) => `AS${vrp.asn}`))];
    const roas = [...new Set(others.map((vrp) => `${vrp.prefix}-${vrp.maxLength}`))];
    return `the ROA${roas.length === 1 ? '' : 's'} covering ${route.prefix} (${roas.join(', ')}) name${roas.length === 1 ? 's' : ''} ${andList(named)}, not AS${origin}: create a ROA for ${route.prefix} with origin AS${origin} and max length /${length} (with your RIR), or stop announcing it from AS${origin}`;
  }
  if (vrps.length > 0) {
    const as0 = [...new Set(vrps.map((vrp) => vrp.prefix))];
    return `an AS0 ROA for ${andList(as0)} says ${route.prefix} must not be routed: if you route it, have the holder remove the AS0 ROA and create one for AS${origin} (with the RIR)`;
  }
  return `${route.prefix} is RPKI invalid for AS${origin}: create a ROA for ${route.prefix} with origin AS${origin} and max length /${length} with your RIR`;
}

function lengthsOf(route: FilteredRouteFacts, context: AdviceContext): { min: number; max: number } {
  return context.prefixLengths ?? DEFAULT_LENGTHS[route.prefix.includes(':') ? 6 : 4];
}

function tooLongAdvice(route: FilteredRouteFacts, context: AdviceContext): string {
  const { max } = lengthsOf(route, context);
  const length = lengthOf(route.prefix);
  const prefix = parsePrefix(route.prefix);
  const covering = prefix ? IpPrefix.from(prefix.network, max, { hostBits: 'clear' }).toString() : undefined;
  return `${route.prefix} is a /${length}, and the route server takes ${familyWord(route.prefix)} prefixes up to /${max}: announce ${covering ?? `a covering /${max}`} instead (more-specifics are not passed on by the route server)`;
}

function tooShortAdvice(route: FilteredRouteFacts, context: AdviceContext): string {
  const { min } = lengthsOf(route, context);
  return `${route.prefix} is a /${lengthOf(route.prefix)}, and the route server takes ${familyWord(route.prefix)} prefixes from /${min}: announce the prefixes you hold, not an aggregate this short`;
}

function bogonPrefixAdvice(route: FilteredRouteFacts): string {
  const prefix = parsePrefix(route.prefix);
  const fix = 'never announce it: fix the export filter towards the route server';
  if (prefix?.family === 6 && !isInsideGlobalUnicastV6(prefix))
    return `${route.prefix} lies outside 2000::/3, the IPv6 global unicast space: ${fix}`;
  const bogon = prefix && findBogonPrefix(prefix);
  if (bogon) return `${route.prefix} is in ${bogon.prefix.toString()}, ${bogon.reason}: ${fix}`;
  return `${route.prefix} is the exchange's peering LAN or inside it, which is never routed via the route server: ${fix}`;
}

function bogonAsnAdvice(route: FilteredRouteFacts): string {
  const found = (route.asPath ?? []).flatMap((asn) => {
    const range = findBogonAsnRange(asn);
    return range ? [`AS${asn} (${range.reason})`] : [];
  });
  const named = [...new Set(found)];
  const what = named.length > 0 ? andList(named) : 'a private or reserved ASN';
  return `the AS_PATH${pathText(route.asPath)} holds ${what}: strip private ASNs (remove-private-AS) towards the route server, or stop announcing routes learnt from that network`;
}

function asPathTooLongAdvice(route: FilteredRouteFacts, context: AdviceContext): string {
  const length = route.asPath?.length;
  const max = context.maxAsPathLength;
  return `the AS_PATH${length === undefined ? '' : ` has ${length} ASNs and`} is longer than the route server takes${max === undefined ? '' : ` (at most ${max})`}: prepend less towards the route server`;
}

function firstAsnAdvice(route: FilteredRouteFacts, context: AdviceContext): string {
  const first = route.asPath?.[0];
  if (first === undefined)
    return `the AS_PATH is empty: it must start with your own AS${context.asn}; do not strip your ASN towards the route server`;
  return `the AS_PATH${pathText(route.asPath)} starts with AS${first}, not your AS${context.asn}: announce with your own ASN first (do not strip it, and do not send routes of another network's session)`;
}

function nextHopAdvice(route: FilteredRouteFacts, context: AdviceContext): string {
  const family =
    route.nextHop && IpAddress.isValid(route.nextHop) ? IpAddress.parse(route.nextHop).family : 0;
  const own = (context.interfaceAddresses ?? []).filter(
    (address) => family === 0 || (IpAddress.isValid(address) && IpAddress.parse(address).family === family),
  );
  const yours = own.length > 0 ? ` (${andList(own)})` : '';
  return `the NEXT_HOP${route.nextHop ? ` ${route.nextHop}` : ''} is not your router's address on the peering LAN${yours}: announce with your own address as next hop (next-hop-self towards the route server)`;
}

function listedAsnsIn(asPath: readonly number[] | undefined, listed: readonly number[]): number[] {
  const set = new Set(listed);
  return [...new Set((asPath ?? []).slice(1).filter((asn) => set.has(asn)))];
}

function transitFreeAdvice(route: FilteredRouteFacts, context: AdviceContext): string {
  const found = listedAsnsIn(route.asPath, context.transitFreeAsns ?? DEFAULT_TRANSIT_FREE_ASNS);
  const who = found.length > 0 ? andList(found.map((asn) => `AS${asn}`)) : 'a transit-free network';
  return `the AS_PATH${pathText(route.asPath)} holds ${who}, a transit-free network: this is a route learnt from a transit provider or peer, leaked; announce only your own and your customers' routes (filter by ${asSetsOf(context)})`;
}

function neverViaRsAdvice(route: FilteredRouteFacts, context: AdviceContext): string {
  const found = listedAsnsIn(route.asPath, context.neverViaRouteServerAsns ?? []);
  const who =
    found.length > 0
      ? `${andList(found.map((asn) => `AS${asn}`))}, which PeeringDB marks as never reached via route servers`
      : 'a network that is never reached via route servers';
  return `the AS_PATH${pathText(route.asPath)} holds ${who}: fix the export filter towards the route server so these routes are not announced`;
}

/**
 * What a member can do about a route the route server filtered, by reason: pure, from what ixora
 * knows (AS-SETs, IRR sources and route objects, covering VRPs, interface addresses, the policy's
 * limits). The words of the reason itself come from the community table of `@ixora/bird-config`.
 */
export function adviceFor(
  reason: FilterReasonKey | 'unknown' | 'none',
  route: FilteredRouteFacts,
  context: AdviceContext,
): string {
  const origin = route.originAsn ?? context.asn;
  const object = route.prefix.includes(':') ? 'route6' : 'route';
  switch (reason) {
    case 'irr_prefix':
      return irrPrefixAdvice(route, context);
    case 'irr_origin':
      return irrOriginAdvice(route, context);
    case 'rpki_invalid':
      return rpkiAdvice(route, context);
    case 'prefix_too_long':
      return tooLongAdvice(route, context);
    case 'prefix_too_short':
      return tooShortAdvice(route, context);
    case 'bogon_prefix':
      return bogonPrefixAdvice(route);
    case 'bogon_asn':
      return bogonAsnAdvice(route);
    case 'as_path_too_long':
      return asPathTooLongAdvice(route, context);
    case 'first_asn_not_peer':
      return firstAsnAdvice(route, context);
    case 'next_hop_not_peer':
      return nextHopAdvice(route, context);
    case 'transit_free_asn':
      return transitFreeAdvice(route, context);
    case 'never_via_route_server_asn':
      return neverViaRsAdvice(route, context);
    case 'blackhole_not_authorised':
      return `blackholing is taken only for prefixes in your IRR data: create a ${object} object covering ${route.prefix} with origin AS${origin}, or ask the exchange to enable blackholing for you`;
    case 'address_family_mismatch':
      return `${route.prefix} is an ${familyWord(route.prefix)} route: announce IPv4 routes on the IPv4 session and IPv6 routes on the IPv6 session`;
    case 'unknown':
    case 'none':
      return 'the route server gave no reason it knows: ask the exchange staff, quoting the prefix and the session';
  }
}

/** A reason key from the looking glass's decoded reason: a key of the community table, else `unknown`. */
export function adviceReasonOf(key: string): FilterReasonKey | 'unknown' {
  return REASON_COMMUNITIES.find((reason) => reason.key === key)?.key ?? 'unknown';
}
