import type {
  LgLookupResponse,
  LgNeighbor,
  LgPagination,
  LgRoute,
  LgRouteServer,
  LgRoutesResponse,
} from '@ixora/looking-glass';

// View models of the pages: every decision (what to show, links, words) is made here, so the
// templates only print fields.

export interface RouteRowView {
  readonly network: string;
  readonly routeServer: string;
  readonly neighbor: string;
  readonly neighborHref: string;
  readonly nextHop: string;
  readonly asPath: string;
  readonly primary: boolean;
  readonly reason: string;
  readonly communities: readonly { readonly text: string; readonly meaning: string }[];
}

export interface PagerView {
  readonly summary: string;
  /** Empty when there is no such page. */
  readonly previousHref: string;
  readonly nextHref: string;
}

export function neighborHref(routeServerId: string, neighborId: string): string {
  return `/routeservers/${encodeURIComponent(routeServerId)}/neighbors/${encodeURIComponent(neighborId)}`;
}

function formatUptime(seconds: number | undefined): string {
  if (seconds === undefined) return '';
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  const minutes = Math.floor((seconds % 3_600) / 60);
  return days > 0 ? `${days}d ${hours}h` : hours > 0 ? `${hours}h ${minutes}m` : `${minutes}m`;
}

export function routeRow(route: LgRoute): RouteRowView {
  const meanings = new Map(route.community_meanings.map((m) => [m.community, m.meaning]));
  const communities = [...route.bgp.communities, ...route.bgp.large_communities].map((c) => {
    const text = c.join(':');
    return { text, meaning: meanings.get(text) ?? '' };
  });
  return {
    network: route.network,
    routeServer: route.route_server_id,
    neighbor: route.neighbor_id,
    neighborHref: neighborHref(route.route_server_id, route.neighbor_id),
    nextHop: route.bgp.next_hop ?? route.gateway ?? '',
    asPath: route.bgp.as_path.join(' '),
    primary: route.primary,
    reason: route.reason?.words ?? '',
    communities,
  };
}

export function pager(pagination: LgPagination, href: (page: number) => string): PagerView {
  const { page, total_pages: pages, total_results: total } = pagination;
  return {
    summary:
      total === 0
        ? 'none'
        : `${total} route${total === 1 ? '' : 's'}, page ${page + 1} of ${Math.max(pages, 1)}`,
    previousHref: page > 0 ? href(page - 1) : '',
    nextHref: page + 1 < pages ? href(page + 1) : '',
  };
}

export function neighborRow(neighbor: LgNeighbor) {
  return {
    asn: neighbor.asn,
    description: neighbor.description,
    address: neighbor.address,
    state: neighbor.bgp_state || neighbor.state,
    isUp: neighbor.state === 'up',
    uptime: formatUptime(neighbor.uptime),
    lastError: neighbor.last_error ?? '',
    accepted: neighbor.routes_accepted,
    filtered: neighbor.routes_filtered,
    exported: neighbor.routes_exported,
    href: neighborHref(neighbor.route_server_id, neighbor.id),
  };
}

export function routeServerView(
  rs: LgRouteServer,
  neighbors: readonly LgNeighbor[] | undefined,
  error: string | undefined,
) {
  return {
    id: rs.id,
    asn: rs.asn,
    status: rs.status,
    isUp: rs.status === 'up',
    version: rs.version ?? '',
    readAt: rs.read_at ?? '',
    error: error ?? rs.error ?? '',
    neighbors: (neighbors ?? []).map(neighborRow),
  };
}

export function neighborPageView(
  received: LgRoutesResponse,
  filtered: LgRoutesResponse,
  hrefs: { received: (page: number) => string; filtered: (page: number) => string },
) {
  return {
    neighbor: neighborRow(received.neighbor),
    routeServer: received.neighbor.route_server_id,
    neighborId: received.neighbor.id,
    readAt: received.api.read_at,
    accepted: {
      title: 'Accepted routes',
      rows: (received.imported ?? []).map(routeRow),
      pager: pager(received.pagination, hrefs.received),
      showReason: false,
      showNeighbor: false,
    },
    filtered: {
      title: 'Filtered routes',
      rows: (filtered.filtered ?? []).map(routeRow),
      pager: pager(filtered.pagination, hrefs.filtered),
      showReason: true,
      showNeighbor: false,
    },
  };
}

export function searchPageView(
  q: string,
  lookup: LgLookupResponse | undefined,
  hrefs: (page: number) => string,
) {
  return {
    q,
    hasResult: lookup !== undefined,
    kind: lookup?.query.kind ?? '',
    readAt: lookup?.api.read_at ?? '',
    unavailable: lookup?.unavailable ?? [],
    accepted: lookup
      ? {
          title: 'Accepted routes',
          rows: lookup.imported.routes.map(routeRow),
          pager: pager(lookup.imported.pagination, hrefs),
          showReason: false,
          showNeighbor: true,
        }
      : undefined,
    filtered: lookup
      ? {
          title: 'Filtered routes',
          rows: lookup.filtered.routes.map(routeRow),
          pager: pager(lookup.filtered.pagination, hrefs),
          showReason: true,
          showNeighbor: true,
        }
      : undefined,
  };
}
