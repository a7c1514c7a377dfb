import type { BirdRoute } from '@ixora/bird-client';
import { decodeFilterReason, describeCommunities } from './community.decoder.js';
import type { LgRoute } from './lg.types.js';

const EMPTY: readonly never[] = Object.freeze([]);

/**
 * A BIRD route as the looking glass shows it (Alice-LG's route shape plus `reason` and
 * `community_meanings`). `isFiltered` routes get their reason decoded; BIRD's raw attribute lines
 * are dropped, so a snapshot of half a million routes stays small.
 */
export function toLgRoute(
  route: BirdRoute,
  context: { readonly routeServerId: string; readonly rsAsn: number; readonly isFiltered: boolean },
): LgRoute {
  const bgp = route.bgp;
  const communities = bgp?.communities ?? EMPTY;
  const largeCommunities = bgp?.largeCommunities ?? EMPTY;
  const gateway = bgp?.nextHop[0] ?? route.nextHops[0]?.gateway;
  const lgRoute: LgRoute = {
    id: `${route.protocol}/${route.prefix}`,
    route_server_id: context.routeServerId,
    neighbor_id: route.protocol,
    network: route.prefix,
    ...(gateway === undefined ? {} : { gateway }),
    ...(route.from === undefined ? {} : { learnt_from: route.from }),
    type: route.type,
    primary: route.isPrimary,
    age: route.since,
    bgp: {
      ...(bgp?.origin === undefined ? {} : { origin: bgp.origin }),
      as_path: bgp?.asPath ?? (route.originAsn === undefined ? EMPTY : [route.originAsn]),
      ...(gateway === undefined ? {} : { next_hop: gateway }),
      ...(bgp?.localPref === undefined ? {} : { local_pref: bgp.localPref }),
      ...(bgp?.med === undefined ? {} : { med: bgp.med }),
      communities,
      large_communities: largeCommunities,
      ext_communities: (bgp?.extendedCommunities ?? EMPTY).map((c) => [c.kind, c.admin, c.value] as const),
    },
    ...(context.isFiltered ? { reason: decodeFilterReason(context.rsAsn, largeCommunities) } : {}),
    community_meanings: describeCommunities(context.rsAsn, communities, largeCommunities),
  };
  return lgRoute;
}
