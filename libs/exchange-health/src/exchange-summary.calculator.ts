import { IpPrefix } from '@ixora/net';
import { validateOrigin, type VrpIndex } from '@ixora/rpki';
import { assessManrs, type ManrsFacts } from './manrs.assessment.js';
import type { ExchangeFigures, ManrsAction } from './exchange-summary.types.js';

/** A member connected to the exchange (an interface on one of its peering LANs). */
export interface SummaryMember {
  readonly asn: number;
  readonly status: string;
  readonly isHiddenFromPublic: boolean;
}

/** A route-server session of the exchange, by the member's ASN. */
export interface SummarySession {
  readonly asn: number;
  readonly family: 4 | 6;
  readonly isEnabled: boolean;
}

/** A route a route server received from a member (accepted or filtered), as the looking glass read it. */
export interface SummaryRoute {
  /** The ASN of the session the route came in on. */
  readonly neighborAsn: number;
  readonly prefix: string;
  readonly asPath: readonly number[];
  readonly isFiltered: boolean;
  /**
   * The RPKI state the route server tagged the route with (`RS:1000:n`, or filtered as
   * `RS:1101:13`), if any; used only when ixora holds no VRPs (the route servers validate over RTR).
   */
  readonly rpkiTag?: 'valid' | 'unknown' | 'invalid';
}

/** A member's IRR expansion for one family: the prefixes of its route/route6 objects. */
export interface SummaryPrefixSet {
  readonly asn: number;
  readonly family: 4 | 6;
  readonly prefixes: readonly string[];
}

export interface ExchangeSummaryInput {
  readonly members: readonly SummaryMember[];
  readonly sessions: readonly SummarySession[];
  /** Every route server of the exchange and whether its routes could be read. */
  readonly routeServers: readonly { readonly name: string; readonly isRead: boolean }[];
  readonly routes: Iterable<SummaryRoute>;
  /** The current VRPs; when there are none, the route servers' own RPKI tags count. */
  readonly vrps: VrpIndex;
  readonly prefixSets: readonly SummaryPrefixSet[];
  /** Settings and data the MANRS assessment reads (route-server counts are taken from `routeServers`). */
  readonly manrs: Omit<ManrsFacts, 'routeServers' | 'routeServersRead'>;
}

export interface ExchangeSummaryResult {
  readonly figures: ExchangeFigures;
  readonly manrs: readonly ManrsAction[];
}

function canonical(prefix: string): string | undefined {
  try {
    return IpPrefix.parse(prefix, { hostBits: 'clear' }).toString();
  } catch {
    return undefined;
  }
}

/**
 * The exchange's public figures of one day, from its members, route-server sessions, the routes
 * the route servers received (read by the looking glass), the current VRPs and the members' IRR
 * prefix sets. Only active members the public may see count, and only routes they sent. A route
 * sent to several route servers counts once (member, prefix and origin). RPKI states follow
 * RFC 6811 over the current VRPs (origin = the last ASN of the AS_PATH; none, e.g. an AS_SET at the
 * end, matches no VRP); without VRPs in ixora (RTR mode) they are the route servers' own tags;
 * a route is IRR-covered when its prefix is exactly one of the member's route objects, the check
 * the route servers apply by default.
 */
export function computeExchangeSummary(input: ExchangeSummaryInput): ExchangeSummaryResult {
  const publicAsns = new Set(
    input.members.filter((m) => m.status === 'active' && !m.isHiddenFromPublic).map((m) => m.asn),
  );
  const participants = new Set<number>();
  const withIpv6 = new Set<number>();
  for (const session of input.sessions) {
    if (!session.isEnabled || !publicAsns.has(session.asn)) continue;
    participants.add(session.asn);
    if (session.family === 6) withIpv6.add(session.asn);
  }

  const irr = new Map<string, Set<string>>();
  for (const set of input.prefixSets) {
    if (!publicAsns.has(set.asn)) continue;
    const key = `${set.asn}|${set.family}`;
    const prefixes = irr.get(key) ?? new Set<string>();
    for (const prefix of set.prefixes) {
      const text = canonical(prefix);
      if (text) prefixes.add(text);
    }
    irr.set(key, prefixes);
  }

  const seen = new Set<string>();
  const rpki = { valid: 0, unknown: 0, invalid: 0 };
  let irrCovered = 0;
  for (const route of input.routes) {
    if (!publicAsns.has(route.neighborAsn)) continue;
    let prefix: IpPrefix;
    try {
      prefix = IpPrefix.parse(route.prefix, { hostBits: 'clear' });
    } catch {
      continue;
    }
    const origin = route.asPath.length > 0 ? route.asPath[route.asPath.length - 1]! : 0;
    const text = prefix.toString();
    const key = `${route.neighborAsn}|${text}|${origin}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rpki[input.vrps.size > 0 ? validateOrigin(prefix, origin, input.vrps) : (route.rpkiTag ?? 'unknown')] +=
      1;
    if (irr.get(`${route.neighborAsn}|${prefix.family}`)?.has(text)) irrCovered += 1;
  }

  const routeServersRead = input.routeServers.filter((rs) => rs.isRead).length;
  const figures: ExchangeFigures = {
    members: publicAsns.size,
    routeServerParticipants: participants.size,
    participantsWithIpv6: withIpv6.size,
    routesReceived: seen.size,
    rpki,
    irrCovered,
    routeServers: input.routeServers.length,
    routeServersRead,
  };
  return {
    figures,
    manrs: assessManrs({ ...input.manrs, routeServers: input.routeServers.length, routeServersRead }),
  };
}
