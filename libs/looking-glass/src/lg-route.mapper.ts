import type { BirdRoute } from '@ixora/bird-client';
import { decodeFilterReason } from './community.decoder.js';
import type { LgRoute } from './lg.types.js';
import { flatCopy, RouteInterner } from './route.interner.js';

/**
 * A BIRD route as the looking glass shows it (Alice-LG's route shape plus `reason` and
 * `community_meanings`). `isFiltered` routes get their reason decoded; BIRD's raw attribute lines
 * are dropped, and repeated values are shared through `interner`, so a snapshot of half a million
 * routes stays small.
 */
export function toLgRoute(
  route: BirdRoute,
  context: {
    readonly routeServerId: string;
    readonly rsAsn: number;
    readonly isFiltered: boolean;
    readonly interner?: RouteInterner;
  },
): LgRoute {
  const interner = context.interner ?? new RouteInterner(context.rsAsn);
  const bgp = route.bgp;
  const set = interner.communities(
    bgp?.communities ?? [],
    bgp?.largeCommunities ?? [],
    bgp?.extendedCommunities ?? [],
  );
  const gatewayText = bgp?.nextHop[0] ?? route.nextHops[0]?.gateway;
  const gateway = gatewayText === undefined ? undefined : interner.string(gatewayText);
  const neighborId = interner.string(route.protocol);
  const network = flatCopy(route.prefix);
  return {
    id: `${neighborId}/${network}`,
    route_server_id: context.routeServerId,
    neighbor_id: neighborId,
    network,
    ...(gateway === undefined ? {} : { gateway }),
    ...(route.from === undefined ? {} : { learnt_from: interner.string(route.from) }),
    type: interner.string(route.type),
    primary: route.isPrimary,
    age: interner.string(route.since),
    bgp: {
      ...(bgp?.origin === undefined ? {} : { origin: bgp.origin }),
      as_path: interner.path(bgp?.asPath ?? (route.originAsn === undefined ? [] : [route.originAsn])),
      ...(gateway === undefined ? {} : { next_hop: gateway }),
      ...(bgp?.localPref === undefined ? {} : { local_pref: bgp.localPref }),
      ...(bgp?.med === undefined ? {} : { med: bgp.med }),
      communities: set.communities,
      large_communities: set.largeCommunities,
      ext_communities: set.extCommunities,
    },
    ...(context.isFiltered ? { reason: decodeFilterReason(context.rsAsn, set.largeCommunities) } : {}),
    community_meanings: set.meanings,
  };
}
