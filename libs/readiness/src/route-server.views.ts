import { Member, RouteServer } from '@ixora/domain';
import {
  MAX_PAGE_SIZE,
  type LgDirectory,
  type LgRouteServerEntry,
  type LgViewer,
  type LookingGlassService,
} from '@ixora/looking-glass';
import type { DataSource } from 'typeorm';
import type { ReadinessFilteredRoute, ReadinessRouteServerView } from './member-readiness.types.js';

/** How the report learns what the route servers show of one member. */
export type RouteServerViewReader = (asn: number) => Promise<readonly ReadinessRouteServerView[]>;

/** Filtered routes read per route server; the report lists the first ones per reason anyway. */
export const MAX_FILTERED_ROUTES = 1_000;

const STAFF: LgViewer = Object.freeze({ kind: 'staff' });

/**
 * The member's sessions and filtered routes on every route server, from the looking glass's
 * snapshots (no BIRD request of its own). A route server that cannot be read is reported as such.
 */
export function lookingGlassViews(
  lg: LookingGlassService,
  maxRoutes = MAX_FILTERED_ROUTES,
): RouteServerViewReader {
  return async (asn) => {
    const { routeservers } = await lg.routeServers();
    const views: ReadinessRouteServerView[] = [];
    for (const rs of routeservers) {
      try {
        const { neighbors } = await lg.neighbors(rs.id, STAFF);
        const mine = neighbors.filter((n) => n.asn === asn);
        const filtered: ReadinessFilteredRoute[] = [];
        let filteredTotal = 0;
        for (const neighbor of mine) {
          filteredTotal += neighbor.routes_filtered;
          for (let page = 0; filtered.length < maxRoutes; page++) {
            const answer = await lg.routes(
              rs.id,
              neighbor.id,
              'filtered',
              { page, pageSize: MAX_PAGE_SIZE },
              undefined,
              STAFF,
            );
            for (const route of answer.filtered ?? []) {
              if (filtered.length >= maxRoutes) break;
              filtered.push({
                prefix: route.network,
                reasonKey: route.reason?.key ?? 'unknown',
                reasonWords: route.reason?.words ?? 'no reason given by the route server',
                asPath: route.bgp.as_path,
                nextHop: route.bgp.next_hop,
              });
            }
            if (page + 1 >= answer.pagination.total_pages) break;
          }
        }
        views.push({
          routeServer: rs.id,
          error: undefined,
          sessions: mine.map((n) => ({
            protocol: n.id,
            family: n.family,
            address: n.address,
            state: n.state,
            bgpState: n.bgp_state,
            lastError: n.last_error,
            routesReceived: n.routes_received,
            routesAccepted: n.routes_accepted,
            routesFiltered: n.routes_filtered,
            maxPrefixLimit: n.max_prefix_limit,
          })),
          filtered,
          filteredTotal: Math.max(filteredTotal, filtered.length),
        });
      } catch (error) {
        views.push({
          routeServer: rs.id,
          error: error instanceof Error ? error.message : String(error),
          sessions: [],
          filtered: [],
          filteredTotal: 0,
        });
      }
    }
    return views;
  };
}

/**
 * Each member's highest share of routes received against its session's max-prefix limit, over
 * every route server the looking glass has read (route servers it cannot read are left out).
 */
export async function maxPrefixRatios(lg: LookingGlassService): Promise<Map<number, number>> {
  const ratios = new Map<number, number>();
  const { routeservers } = await lg.routeServers();
  for (const rs of routeservers) {
    let neighbors;
    try {
      ({ neighbors } = await lg.neighbors(rs.id, STAFF));
    } catch {
      continue;
    }
    for (const n of neighbors) {
      if (n.max_prefix_limit === undefined || n.max_prefix_limit <= 0) continue;
      const ratio = n.routes_received / n.max_prefix_limit;
      if (ratio > (ratios.get(n.asn) ?? -1)) ratios.set(n.asn, ratio);
    }
  }
  return ratios;
}

/**
 * The route servers and members as the looking glass needs them, read from PostgreSQL: for a
 * looking glass outside the API (`ixora member readiness` reads the route servers once).
 */
export function databaseLgDirectory(dataSource: DataSource): LgDirectory {
  return {
    async routeServers(): Promise<readonly LgRouteServerEntry[]> {
      const rows = await dataSource.getRepository(RouteServer).find({ order: { name: 'ASC' } });
      return rows.map((rs) => ({
        id: rs.name,
        asn: rs.asn,
        socketPath: rs.socketPath,
        agentUrl: rs.agentUrl,
      }));
    },
    async hiddenAsns(): Promise<ReadonlySet<number>> {
      const rows = await dataSource
        .getRepository(Member)
        .find({ where: { isHiddenFromPublic: true }, select: { asn: true } });
      return new Set(rows.map((member) => member.asn));
    },
  };
}
