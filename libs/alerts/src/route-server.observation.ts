import type { BirdProtocolDetail, BirdRoute } from '@ixora/bird-client';
import { parseBgpProtocolName } from '@ixora/bird-config';
import { decodeFilterReason, isNeighborProtocol } from '@ixora/looking-glass';

/** One BGP session as the alerts need it. */
export interface SessionObservation {
  /** The BIRD protocol name (`AS64500_v4_1`). */
  readonly protocol: string;
  readonly asn: number;
  readonly address: string;
  readonly family: 'ipv4' | 'ipv6' | undefined;
  readonly description: string;
  /** BIRD's protocol state, lower case: `up`, `start`, `down`, … */
  readonly state: string;
  /** `Established`, `Active`, `Connect`, … */
  readonly bgpState: string;
  readonly lastError: string | undefined;
  readonly routesReceived: number;
  /** The receive limit (max-prefix), where the session has one. */
  readonly maxPrefixLimit: number | undefined;
  /** BIRD marked the receive limit `[HIT]`, or the session was shut because of it. */
  readonly isMaxPrefixHit: boolean;
}

export interface FilteredRouteObservation {
  readonly protocol: string;
  readonly asn: number;
  readonly prefix: string;
  readonly reasonKey: string;
  readonly reasonWords: string;
  readonly asPath: readonly number[];
  readonly nextHop: string | undefined;
}

/** What one poll saw of one route server: its sessions and the routes it filtered. */
export interface RouteServerObservation {
  readonly routeServer: string;
  readonly sessions: readonly SessionObservation[];
  readonly filtered: readonly FilteredRouteObservation[];
}

/** BIRD's words when a receive limit shut a session (`Receive limit exceeded`, `Route limit exceeded`). */
const LIMIT_SHUTDOWN = /limit exceeded/i;

export function observeSession(protocol: BirdProtocolDetail): SessionObservation {
  const named = parseBgpProtocolName(protocol.name);
  let limit: number | undefined;
  let received = 0;
  let isHit = false;
  for (const channel of protocol.channels) {
    if (channel.receiveLimit) {
      limit = (limit ?? 0) + channel.receiveLimit.limit;
      isHit ||= channel.receiveLimit.isHit;
    }
    received += (channel.routes?.imported ?? 0) + (channel.routes?.filtered ?? 0);
  }
  const lastError = protocol.bgp?.lastError ?? protocol.infoDetail;
  const state = protocol.state.toLowerCase();
  const words = `${protocol.info} ${lastError ?? ''}`;
  return {
    protocol: protocol.name,
    asn: protocol.bgp?.neighborAs ?? named?.memberAsn ?? 0,
    address: protocol.bgp?.neighborAddress ?? '',
    family: named?.family,
    description: protocol.description ?? '',
    state,
    bgpState: protocol.bgp?.state ?? protocol.info,
    lastError: lastError || undefined,
    routesReceived: received,
    maxPrefixLimit: limit,
    isMaxPrefixHit: isHit || (state !== 'up' && LIMIT_SHUTDOWN.test(words)),
  };
}

export function observeFilteredRoute(route: BirdRoute, rsAsn: number): FilteredRouteObservation {
  const reason = decodeFilterReason(rsAsn, route.bgp?.largeCommunities ?? []);
  const asPath = route.bgp?.asPath ?? [];
  const named = parseBgpProtocolName(route.protocol);
  return {
    protocol: route.protocol,
    asn: named?.memberAsn ?? asPath[0] ?? 0,
    prefix: route.prefix,
    reasonKey: reason.key,
    reasonWords: reason.words,
    asPath,
    nextHop: route.bgp?.nextHop[0] ?? route.nextHops[0]?.gateway,
  };
}

/** A route server's BGP sessions and filtered routes, as read by one poll. */
export function observeRouteServer(
  routeServer: string,
  rsAsn: number,
  protocols: readonly BirdProtocolDetail[],
  filtered: readonly BirdRoute[],
): RouteServerObservation {
  return {
    routeServer,
    sessions: protocols.filter(isNeighborProtocol).map(observeSession),
    filtered: filtered.map((route) => observeFilteredRoute(route, rsAsn)),
  };
}
