import { invalidValue, IxoraError, notFound } from '@ixora/errors';
import { parseLgSearch, parseNeighborId, parseRouteServerId, type PageRequest } from './lg-input.js';
import { toLgRoute } from './lg-route.mapper.js';
import type {
  LgApiStatus,
  LgLookupResponse,
  LgNeighbor,
  LgNeighborsResponse,
  LgPagination,
  LgRoute,
  LgRouteKind,
  LgRouteServer,
  LgRouteServersResponse,
  LgRoutesResponse,
  LgStatusResponse,
  LgViewer,
} from './lg.types.js';
import { ExportLists } from './export.lists.js';
import { ResponseCache } from './response.cache.js';
import { indexRoute, matchesSearch, type IndexedRoute, type RouteSearch } from './route.index.js';
import type { RouteServerSnapshot } from './route-server.snapshot.js';
import { RouteInterner } from './route.interner.js';
import {
  SnapshotRefresher,
  type LgDirectory,
  type LgSnapshotSummary,
  type RouteServerState,
  type SnapshotRefresherOptions,
} from './snapshot.refresher.js';

export const LG_API_VERSION = 'ixora-lg/1';
/** Most routes one lookup collects per route server before paginating. */
export const MAX_LOOKUP_ROUTES = 10_000;

/** One BGP session of a member on one route server, with its routes from the latest snapshot. */
export interface LgMemberSession {
  readonly routeServerId: string;
  readonly neighbor: LgNeighbor;
  /** Sorted by prefix; the snapshot's own lists (not copies). */
  readonly accepted: readonly IndexedRoute[];
  readonly filtered: readonly IndexedRoute[];
  readonly readAt: Date;
}

/** Every session of one ASN across the route servers, and the route servers that could not be read. */
export interface LgMemberRoutes {
  readonly sessions: readonly LgMemberSession[];
  readonly unavailable: readonly { readonly route_server_id: string; readonly error: string }[];
}

export interface LookingGlassOptions extends SnapshotRefresherOptions {
  /** How long an answer is served from cache. */
  readonly cacheTtlMs: number;
}

function paginate<T>(items: readonly T[], page: PageRequest): { items: T[]; pagination: LgPagination } {
  const start = page.page * page.pageSize;
  return {
    items: items.slice(start, start + page.pageSize),
    pagination: {
      page: page.page,
      page_size: page.pageSize,
      total_pages: Math.ceil(items.length / page.pageSize),
      total_results: items.length,
    },
  };
}

/**
 * The looking glass's queries: answers from the snapshots the refresher keeps
 * (`snapshot.refresher.ts`), and goes to BIRD per request only for one neighbor's exported /
 * not-exported routes, cached briefly. Nothing a user sends reaches BIRD except a protocol name
 * the snapshot already holds.
 */
export class LookingGlassService {
  private readonly refresher: SnapshotRefresher;
  private readonly cache: ResponseCache;
  private readonly exportLists: ExportLists;
  private readonly now: () => Date;

  constructor(directory: LgDirectory, options: LookingGlassOptions) {
    this.now = options.now ?? (() => new Date());
    // At most 500 answers of at most 250 routes each: the cache stays under ~100 MiB.
    this.cache = new ResponseCache(options.cacheTtlMs, 500, this.now);
    this.exportLists = new ExportLists(options.cacheTtlMs, this.now);
    this.refresher = new SnapshotRefresher(directory, { ...options, now: this.now }, () => {
      this.cache.clear();
      this.exportLists.clear();
    });
  }

  /** Why the last background refresh could not read the directory, if it could not. */
  get directoryError(): string | undefined {
    return this.refresher.directoryError;
  }

  /** Reads every route server now, then again every `refreshIntervalMs` (each finishes before the next starts). */
  start(): void {
    this.refresher.start();
  }

  stop(): Promise<void> {
    return this.refresher.stop();
  }

  /** Re-reads the directory and every route server's snapshot. */
  refresh(): Promise<void> {
    return this.refresher.refresh();
  }

  /** Every route server's latest snapshot in figures; waits for nothing. */
  snapshotSummaries(): LgSnapshotSummary[] {
    return this.refresher.snapshotSummaries();
  }

  private state(routeServerId: unknown): RouteServerState {
    const id = parseRouteServerId('routeServerId', routeServerId);
    const state = this.refresher.get(id);
    if (!state) throw notFound('route server', id);
    return state;
  }

  private isVisible(viewer: LgViewer, asn: number): boolean {
    if (!this.refresher.hidden.has(asn)) return true;
    return viewer.kind === 'staff' || (viewer.kind === 'member' && viewer.asn === asn);
  }

  private apiStatus(readAt: Date | undefined, cachedAt: Date, isFromCache: boolean): LgApiStatus {
    return {
      version: LG_API_VERSION,
      read_at: (readAt ?? cachedAt).toISOString(),
      result_from_cache: isFromCache,
      cache_status: { cached_at: cachedAt.toISOString(), orig_ttl: Math.round(this.cache.ttlMs / 1000) },
      ttl: this.cache.ttlLeftSeconds(cachedAt),
    };
  }

  private describe(state: RouteServerState): LgRouteServer {
    const snapshot = state.snapshot;
    const status = snapshot?.status;
    return {
      id: state.entry.id,
      name: state.entry.id,
      asn: state.entry.asn,
      status: snapshot ? 'up' : state.error ? 'unreachable' : 'pending',
      ...(status
        ? {
            version: status.version,
            router_id: status.routerId,
            ...(status.serverTime ? { server_time: status.serverTime } : {}),
            ...(status.lastReboot ? { last_reboot: status.lastReboot } : {}),
            ...(status.lastReconfiguration ? { last_reconfig: status.lastReconfiguration } : {}),
            message: status.message,
          }
        : {}),
      ...(state.error && !snapshot ? { error: state.error } : {}),
      ...(snapshot ? { read_at: snapshot.readAt.toISOString() } : {}),
      neighbor_count: snapshot?.neighbors.length ?? 0,
      route_count: snapshot?.routeCount ?? 0,
      filtered_count: snapshot?.filteredCount ?? 0,
    };
  }

  async routeServers(): Promise<LgRouteServersResponse> {
    const { value, cachedAt, isFromCache } = await this.cache.get('routeservers', () =>
      Promise.resolve(this.refresher.all().map((state) => this.describe(state))),
    );
    const readAts = value.flatMap((rs) => (rs.read_at ? [new Date(rs.read_at)] : []));
    const oldest = readAts.sort((a, b) => a.getTime() - b.getTime())[0];
    return { api: this.apiStatus(oldest, cachedAt, isFromCache), routeservers: value };
  }

  async status(routeServerId: unknown): Promise<LgStatusResponse> {
    const state = this.state(routeServerId);
    if (!state.snapshot && state.refreshing) await state.refreshing;
    const cachedAt = this.now();
    return { api: this.apiStatus(state.snapshot?.readAt, cachedAt, false), status: this.describe(state) };
  }

  async neighbors(routeServerId: unknown, viewer: LgViewer): Promise<LgNeighborsResponse> {
    const state = this.state(routeServerId);
    const snapshot = await this.refresher.snapshotOf(state);
    const neighbors = snapshot.neighbors
      .filter((neighbor) => this.isVisible(viewer, neighbor.asn))
      .map((neighbor) => this.withMemberName(neighbor));
    return { api: this.apiStatus(snapshot.readAt, snapshot.readAt, true), neighbors };
  }

  private neighborOf(
    snapshot: RouteServerSnapshot,
    state: RouteServerState,
    neighborId: unknown,
    viewer: LgViewer,
  ): LgNeighbor {
    const id = parseNeighborId('neighborId', neighborId);
    const neighbor = snapshot.neighborsById.get(id);
    // A neighbor the route server does not list is bad input like any other (400, never sent to
    // BIRD); a hidden one answers the same to the public, so its existence does not leak.
    if (!neighbor || !this.isVisible(viewer, neighbor.asn))
      throw invalidValue('neighborId', id, `is not a neighbor of route server ${state.entry.id}`);
    return this.withMemberName(neighbor);
  }

  private withMemberName(neighbor: LgNeighbor): LgNeighbor {
    const name = this.refresher.memberNames.get(neighbor.asn);
    return name === undefined ? neighbor : { ...neighbor, description: `AS${neighbor.asn} ${name}` };
  }

  async routes(
    routeServerId: unknown,
    neighborId: unknown,
    kind: LgRouteKind,
    page: PageRequest,
    query: string | undefined,
    viewer: LgViewer,
  ): Promise<LgRoutesResponse> {
    const search = query === undefined ? undefined : parseLgSearch('q', query);
    const state = this.state(routeServerId);
    const snapshot = await this.refresher.snapshotOf(state);
    const neighbor = this.neighborOf(snapshot, state, neighborId, viewer);
    const listName = {
      received: 'imported',
      filtered: 'filtered',
      'not-exported': 'not_exported',
      exported: 'exported',
    }[kind];
    if (kind === 'received' || kind === 'filtered') {
      const all = (kind === 'received' ? snapshot.accepted : snapshot.filtered).get(neighbor.id) ?? [];
      const selected = search ? all.filter((entry) => matchesSearch(entry, search)) : all;
      const { items, pagination } = paginate(selected, page);
      return {
        api: this.apiStatus(snapshot.readAt, snapshot.readAt, true),
        neighbor,
        [listName]: items.map((entry) => entry.route),
        pagination,
      };
    }
    if (kind === 'exported' && search === undefined) {
      const fromList = await this.exportedPage(state, neighbor, page);
      if (fromList)
        return { api: fromList.api, neighbor, exported: fromList.routes, pagination: fromList.pagination };
    }
    const key = `${state.entry.id}|${neighbor.id}|${kind}|${page.page}|${page.pageSize}|${query ?? ''}`;
    const { value, cachedAt, isFromCache } = await this.cache.get(key, () =>
      this.streamPage(state, neighbor, kind === 'exported' ? 'export' : 'noexport', page, search),
    );
    return {
      api: this.apiStatus(cachedAt, cachedAt, isFromCache),
      neighbor,
      [listName]: value.routes,
      pagination: value.pagination,
    };
  }

  /** A page of what BIRD exports to a neighbor, from the neighbor's list read once (`export.lists.ts`). */
  private async exportedPage(
    state: RouteServerState,
    neighbor: LgNeighbor,
    page: PageRequest,
  ): Promise<{ api: LgApiStatus; routes: LgRoute[]; pagination: LgPagination } | undefined> {
    const reader = state.reader;
    if (!reader) throw new IxoraError('upstream_failed', `route server ${state.entry.id} is unreachable`);
    const start = page.page * page.pageSize;
    const read = await this.exportLists.page(state.entry, reader, neighbor, start, start + page.pageSize);
    if (!read) return undefined;
    // As when the page is read on its own: the total is the neighbor's counter, or what BIRD listed if more.
    const total = Math.max(read.matched, neighbor.routes_exported);
    return {
      api: this.apiStatus(read.readAt, read.readAt, read.isFromCache),
      routes: read.routes,
      pagination: {
        page: page.page,
        page_size: page.pageSize,
        total_pages: Math.ceil(total / page.pageSize),
        total_results: total,
      },
    };
  }

  /**
   * One page of what BIRD exports (or refuses to export) to a neighbor, read from BIRD now: the
   * stream is abandoned after the page when the total is known from the neighbor's counters.
   */
  private async streamPage(
    state: RouteServerState,
    neighbor: LgNeighbor,
    kind: 'export' | 'noexport',
    page: PageRequest,
    search: RouteSearch | undefined,
  ): Promise<{ routes: LgRoute[]; pagination: LgPagination }> {
    const reader = state.reader;
    if (!reader) throw new IxoraError('upstream_failed', `route server ${state.entry.id} is unreachable`);
    const start = page.page * page.pageSize;
    const end = start + page.pageSize;
    const isTotalKnown = kind === 'export' && search === undefined;
    const routes: LgRoute[] = [];
    let matched = 0;
    const interner = new RouteInterner(state.entry.asn);
    for await (const route of reader.routes({ kind, protocol: neighbor.id })) {
      const lgRoute = toLgRoute(route, {
        routeServerId: state.entry.id,
        rsAsn: state.entry.asn,
        isFiltered: false,
        interner,
      });
      if (search) {
        if (!matchesSearch(indexRoute(lgRoute, false), search)) continue;
      }
      if (matched >= start && matched < end) routes.push(lgRoute);
      matched += 1;
      if (isTotalKnown && matched >= end) break;
    }
    const total = isTotalKnown ? Math.max(matched, neighbor.routes_exported) : matched;
    return {
      routes,
      pagination: {
        page: page.page,
        page_size: page.pageSize,
        total_pages: Math.ceil(total / page.pageSize),
        total_results: total,
      },
    };
  }

  /**
   * Every session of `asn` on every route server with its accepted and filtered routes, from the
   * snapshots (for the member's own pages: no visibility check here, the caller has done it).
   */
  async memberRoutes(asn: number): Promise<LgMemberRoutes> {
    const sessions: LgMemberSession[] = [];
    const unavailable: { route_server_id: string; error: string }[] = [];
    for (const state of this.refresher.all()) {
      let snapshot: RouteServerSnapshot;
      try {
        snapshot = await this.refresher.snapshotOf(state);
      } catch (error) {
        unavailable.push({
          route_server_id: state.entry.id,
          error: error instanceof Error ? error.message : String(error),
        });
        continue;
      }
      for (const neighbor of snapshot.neighbors) {
        if (neighbor.asn !== asn) continue;
        sessions.push({
          routeServerId: state.entry.id,
          neighbor: this.withMemberName(neighbor),
          accepted: snapshot.accepted.get(neighbor.id) ?? [],
          filtered: snapshot.filtered.get(neighbor.id) ?? [],
          readAt: snapshot.readAt,
        });
      }
    }
    return { sessions, unavailable };
  }

  /** Routes covering an address, overlapping a prefix, or originated by an ASN, on every route server. */
  async lookup(query: unknown, page: PageRequest, viewer: LgViewer): Promise<LgLookupResponse> {
    const search = parseLgSearch('q', query);
    const imported: IndexedRoute[] = [];
    const filtered: IndexedRoute[] = [];
    const unavailable: { route_server_id: string; error: string }[] = [];
    let oldest: Date | undefined;
    for (const state of this.refresher.all()) {
      let snapshot: RouteServerSnapshot;
      try {
        snapshot = await this.refresher.snapshotOf(state);
      } catch (error) {
        unavailable.push({
          route_server_id: state.entry.id,
          error: error instanceof Error ? error.message : String(error),
        });
        continue;
      }
      if (!oldest || snapshot.readAt < oldest) oldest = snapshot.readAt;
      for (const entry of snapshot.index.search(search, MAX_LOOKUP_ROUTES)) {
        const neighbor = snapshot.neighborsById.get(entry.neighborId);
        if (neighbor && !this.isVisible(viewer, neighbor.asn)) continue;
        (entry.isFiltered ? filtered : imported).push(entry);
      }
    }
    const importedPage = paginate(imported, page);
    const filteredPage = paginate(filtered, page);
    const kind = search.kind;
    const now = this.now();
    return {
      api: this.apiStatus(oldest, now, false),
      query: { q: String(query), kind },
      imported: {
        routes: importedPage.items.map((entry) => entry.route),
        pagination: importedPage.pagination,
      },
      filtered: {
        routes: filteredPage.items.map((entry) => entry.route),
        pagination: filteredPage.pagination,
      },
      unavailable,
    };
  }
}
