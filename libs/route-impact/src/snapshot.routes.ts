import { FILTER_REASON_FUNCTION, RPKI_STATE_FUNCTION, RPKI_STATE_COMMUNITIES } from '@ixora/bird-config';
import type { IndexedRoute, RouteServerSnapshot } from '@ixora/looking-glass';
import type { RoaState } from './prefix.matcher.js';
import type { ObservedRoute } from './route-impact.js';

const BLACKHOLE_HIGH = 65535;
const BLACKHOLE_LOW = 666;

/** Blackhole next hops the deployed config rewrites accepted blackhole routes to (RFC 7999 §3.2). */
export interface BlackholeNextHops {
  readonly ipv4?: string | null;
  readonly ipv6?: string | null;
}

function rpkiStateOf(code: number): RoaState | undefined {
  const key = RPKI_STATE_COMMUNITIES.find((state) => state.code === code)?.key;
  return key === 'valid' || key === 'invalid' || key === 'unknown' ? key : undefined;
}

/**
 * A snapshot route as the member sent it, with what BIRD did to it. BIRD shows routes after the
 * import filter, so what the filter added is taken off again: the route server's `RS:1000:n` and
 * `RS:1101:code` become the observed RPKI state and reason, and an accepted blackhole route whose
 * next hop the config rewrote has none (`null`: the evaluator assumes the neighbor's address; BIRD
 * does not show the member's own, which with `same-member` may have been another of its addresses).
 */
export function observedRouteOf(
  route: IndexedRoute,
  rsAsn: number,
  blackholeNextHops: BlackholeNextHops = {},
): ObservedRoute {
  const bgp = route.shared.bgp;
  let reasonCode: number | null = null;
  let rpkiState: RoaState | undefined;
  for (const [global, fn, value] of bgp.large_communities) {
    if (global !== rsAsn) continue;
    if (fn === FILTER_REASON_FUNCTION) reasonCode = value;
    else if (fn === RPKI_STATE_FUNCTION) rpkiState = rpkiStateOf(value);
  }
  let nextHop: string | null = bgp.next_hop ?? route.shared.gateway ?? null;
  const isBlackhole = bgp.communities.some(([high, low]) => high === BLACKHOLE_HIGH && low === BLACKHOLE_LOW);
  const rewrittenTo = route.family === 4 ? blackholeNextHops.ipv4 : blackholeNextHops.ipv6;
  if (!route.isFiltered && isBlackhole && rewrittenTo && nextHop === rewrittenTo) nextHop = null;
  return {
    prefix: route.prefixText,
    protocol: route.shared.neighbor_id,
    asPath: bgp.as_path,
    nextHop,
    communities: bgp.communities,
    ...(rpkiState === undefined ? {} : { observedRpkiState: rpkiState }),
    observed: route.isFiltered ? { isAccepted: false, code: reasonCode } : { isAccepted: true },
  };
}

/** Every route of a snapshot (accepted, then filtered), as {@link observedRouteOf} makes them. */
export function* observedRoutesOf(
  snapshot: Pick<RouteServerSnapshot, 'accepted' | 'filtered'>,
  rsAsn: number,
  blackholeNextHops: BlackholeNextHops = {},
): Generator<ObservedRoute> {
  for (const table of [snapshot.accepted, snapshot.filtered])
    for (const routes of table.values())
      for (const route of routes) yield observedRouteOf(route, rsAsn, blackholeNextHops);
}
