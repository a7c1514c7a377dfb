import { invalidValue, IxoraError, notFound } from '@ixora/errors';
import { AgentReader } from './agent.reader.js';
import { BirdSocketReader } from './bird-socket.reader.js';
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
import { ResponseCache } from './response.cache.js';
import { indexRoute, matchesSearch, type IndexedRoute, type RouteSearch } from './route.index.js';
import type { RouteServerReader } from './route-server.reader.js';
import { readSnapshot, type RouteServerSnapshot } from './route-server.snapshot.js';
import { RouteInterner } from './route.interner.js';

export const LG_API_VERSION = 'ixora-lg/1';
/** Most routes one lookup collects per route server before paginating. */
export const MAX_LOOKUP_ROUTES = 10_000;

/** A route server as the looking glass needs it (the API maps its entity to this). */
export interface LgRouteServerEntry {
  /** The route server's name: its id in URLs. */
  readonly id: string;
  readonly asn: number;
  readonly socketPath: string | null;
  readonly agentUrl: string | null;
}

/** What one route server's latest snapshot holds, for metrics and readiness (no BIRD request). */
export interface LgSnapshotSummary {
  readonly routeServer: string;
  /** `up`: a snapshot was read; `unreachable`: the last read failed; `pending`: not read yet. */
  readonly status: 'up' | 'unreachable' | 'pending';
  readonly error: string | undefined;
  readonly readAt: Date | undefined;
  readonly neighbors: readonly LgNeighbor[];
  readonly routeCount: number;
  readonly filteredCount: number;
  /** Filtered routes by the reason key of their reject-reason community (`unknown` without one). */
  readonly filteredByReason: ReadonlyMap<string, number>;
}

function countReasons(
  filtered: ReadonlyMap<string, readonly IndexedRoute[]> | undefined,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const routes of filtered?.values() ?? []) {
    for (const { route } of routes) {
      const key = route.reason?.key ?? 'unknown';
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

/** Where the looking glass learns which route servers exist and which members hide from the public. */
export interface LgDirectory {
  routeServers(): Promise<readonly LgRouteServerEntry[]>;
  /** ASNs of members that hide their neighbors from the public view. */
  hiddenAsns(): Promise<ReadonlySet<number>>;
  /**
   * Members' names by ASN. BIRD only knows the ASCII-only description written into its config;
   * the looking glass shows the name as the member wrote it (pages escape it).
   */
  memberNames?(): Promise<ReadonlyMap<number, string>>;
}

export interface LookingGlassOptions {
  /** How often each route server's table is read again. */
  readonly refreshIntervalMs: number;
  /** How long an answer is served from cache. */
  readonly cacheTtlMs: number;
  /** Socket of route servers with neither socket path nor agent URL (`BIRD_SOCKET`). */
  readonly defaultSocket?: string;
  /** Agent tokens by route-server name. */
  readonly agentTokens?: ReadonlyMap<string, string>;
  readonly readTimeoutMs?: number;
  /** Tests and the benchmark replace how readers are made. */
  readonly createReader?: (entry: LgRouteServerEntry, target: ReaderTarget) => RouteServerReader;
  readonly now?: () => Date;
}

export type ReaderTarget =
  { readonly kind: 'socket'; readonly path: string } | { readonly kind: 'agent'; readonly url: string };

interface RouteServerState {
  entry: LgRouteServerEntry;
  targetKey: string;
  reader: RouteServerReader | undefined;
  snapshot: RouteServerSnapshot | undefined;
  error: string | undefined;
  refreshing: Promise<void> | undefined;
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
 * The looking glass: reads every route server in the background into a snapshot (status,
 * neighbors, accepted and filtered routes), answers from the snapshots, and goes to BIRD per
 * request only for one neighbor's exported / not-exported routes, cached briefly. Nothing a user
 * sends reaches BIRD except a protocol name the snapshot already holds.
 */
export class LookingGlassService {
  private readonly states = new Map<string, RouteServerState>();
  private readonly cache: ResponseCache;
  private hidden: ReadonlySet<number> = new Set();
  private memberNames: ReadonlyMap<number, string> = new Map();
  private timer: NodeJS.Timeout | undefined;
  private loop: Promise<void> | undefined;
  private isStopped = false;
  /** Why the last background refresh could not read the directory, if it could not. */
  directoryError: string | undefined;
  private readonly now: () => Date;

  constructor(
    private readonly directory: LgDirectory,
    private readonly options: LookingGlassOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    // At most 500 answers of at most 250 routes each: the cache stays under ~100 MiB.
    this.cache = new ResponseCache(options.cacheTtlMs, 500, this.now);
  }

  /** Reads every route server now, then again every `refreshIntervalMs` (each finishes before the next starts). */
  start(): void {
    this.isStopped = false;
    const tick = (): void => {
      this.loop = this.refresh()
        .catch((error: unknown) => {
          // The directory (database) failed: keep the last snapshots and try again next time.
          this.directoryError = error instanceof Error ? error.message : String(error);
        })
        .finally(() => {
          if (!this.isStopped) {
            this.timer = setTimeout(tick, this.options.refreshIntervalMs);
            this.timer.unref();
          }
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.isStopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.loop?.catch(() => undefined);
    await Promise.all(
      [...this.states.values()].map((state) =>
        (state.refreshing ?? Promise.resolve()).catch(() => undefined),
      ),
    );
    await Promise.all([...this.states.values()].map((state) => state.reader?.close() ?? Promise.resolve()));
    this.states.clear();
  }

  /** Every route server's latest snapshot in figures; waits for nothing. */
  snapshotSummaries(): LgSnapshotSummary[] {
    return [...this.states.values()].map((state) => ({
      routeServer: state.entry.id,
      status: state.snapshot ? 'up' : state.error ? 'unreachable' : 'pending',
      error: state.error,
      readAt: state.snapshot?.readAt,
      neighbors: state.snapshot?.neighbors ?? [],
      routeCount: state.snapshot?.routeCount ?? 0,
      filteredCount: state.snapshot?.filteredCount ?? 0,
      filteredByReason: countReasons(state.snapshot?.filtered),
    }));
  }

  /** Re-reads the directory and every route server's snapshot. */
  async refresh(): Promise<void> {
    const [entries, hidden, names] = await Promise.all([
      this.directory.routeServers(),
      this.directory.hiddenAsns(),
      this.directory.memberNames?.() ?? Promise.resolve(new Map<number, string>()),
    ]);
    this.directoryError = undefined;
    this.hidden = hidden;
    this.memberNames = names;
    const seen = new Set<string>();
    for (const entry of entries) {
      seen.add(entry.id);
      const targetKey = `${entry.socketPath ?? ''}|${entry.agentUrl ?? ''}|${entry.asn}`;
      const state = this.states.get(entry.id);
      if (state && state.targetKey === targetKey) {
        state.entry = entry;
        continue;
      }
      void state?.reader?.close();
      this.states.set(entry.id, {
        entry,
        targetKey,
        reader: undefined,
        snapshot: undefined,
        error: undefined,
        refreshing: undefined,
      });
    }
    for (const [id, state] of this.states) {
      if (seen.has(id)) continue;
      void state.reader?.close();
      this.states.delete(id);
    }
    await Promise.all([...this.states.values()].map((state) => this.refreshOne(state)));
    this.cache.clear();
  }

  private refreshOne(state: RouteServerState): Promise<void> {
    state.refreshing ??= (async () => {
      try {
        state.reader ??= this.createReader(state.entry);
        state.snapshot = await readSnapshot(state.reader, state.entry, this.now);
        state.error = undefined;
      } catch (error) {
        // An unreachable route server is shown as such: its old table is not served as current.
        state.snapshot = undefined;
        state.error = error instanceof Error ? error.message : String(error);
      }
    })().finally(() => {
      state.refreshing = undefined;
    });
    return state.refreshing;
  }

  private createReader(entry: LgRouteServerEntry): RouteServerReader {
    const target: ReaderTarget | undefined = entry.agentUrl
      ? { kind: 'agent', url: entry.agentUrl }
      : entry.socketPath
        ? { kind: 'socket', path: entry.socketPath }
        : this.options.defaultSocket
          ? { kind: 'socket', path: this.options.defaultSocket }
          : undefined;
    if (!target)
      throw new IxoraError(
        'invalid_value',
        `route server ${entry.id} has no socket path or agent URL, and BIRD_SOCKET is not set`,
      );
    if (this.options.createReader) return this.options.createReader(entry, target);
    if (target.kind === 'socket')
      return new BirdSocketReader(target.path, { timeoutMs: this.options.readTimeoutMs });
    const token = this.options.agentTokens?.get(entry.id);
    if (!token)
      throw new IxoraError(
        'invalid_value',
        `route server ${entry.id} has an agent URL but no token in AGENT_TOKENS`,
      );
    return new AgentReader(target.url, { token, timeoutMs: this.options.readTimeoutMs });
  }

  private state(routeServerId: unknown): RouteServerState {
    const id = parseRouteServerId('routeServerId', routeServerId);
    const state = this.states.get(id);
    if (!state) throw notFound('route server', id);
    return state;
  }

  /** The snapshot, waiting for the first read; an unreachable route server is an error, never an empty table. */
  private async snapshotOf(state: RouteServerState): Promise<RouteServerSnapshot> {
    if (!state.snapshot && state.refreshing) await state.refreshing;
    if (state.snapshot) return state.snapshot;
    throw new IxoraError(
      'upstream_failed',
      `route server ${state.entry.id} is unreachable: ${state.error ?? 'not read yet'}`,
      {
        value: state.entry.id,
      },
    );
  }

  private isVisible(viewer: LgViewer, asn: number): boolean {
    if (!this.hidden.has(asn)) return true;
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
      Promise.resolve(
        [...this.states.values()]
          .map((state) => this.describe(state))
          .sort((a, b) => a.id.localeCompare(b.id)),
      ),
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
    const snapshot = await this.snapshotOf(state);
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
    const name = this.memberNames.get(neighbor.asn);
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
    const snapshot = await this.snapshotOf(state);
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

  /** Routes covering an address, overlapping a prefix, or originated by an ASN, on every route server. */
  async lookup(query: unknown, page: PageRequest, viewer: LgViewer): Promise<LgLookupResponse> {
    const search = parseLgSearch('q', query);
    const imported: IndexedRoute[] = [];
    const filtered: IndexedRoute[] = [];
    const unavailable: { route_server_id: string; error: string }[] = [];
    let oldest: Date | undefined;
    const states = [...this.states.values()].sort((a, b) => a.entry.id.localeCompare(b.entry.id));
    for (const state of states) {
      let snapshot: RouteServerSnapshot;
      try {
        snapshot = await this.snapshotOf(state);
      } catch (error) {
        unavailable.push({
          route_server_id: state.entry.id,
          error: error instanceof Error ? error.message : String(error),
        });
        continue;
      }
      if (!oldest || snapshot.readAt < oldest) oldest = snapshot.readAt;
      for (const entry of snapshot.index.search(search, MAX_LOOKUP_ROUTES)) {
        const neighbor = snapshot.neighborsById.get(entry.route.neighbor_id);
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
