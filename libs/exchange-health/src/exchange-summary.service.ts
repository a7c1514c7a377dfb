import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import {
  FILTER_REASON_FUNCTION,
  filterReason,
  policySettingSpec,
  RPKI_STATE_COMMUNITIES,
  RPKI_STATE_FUNCTION,
} from '@ixora/bird-config';
import { systemClock, type Clock, type IxoraConfig } from '@ixora/config';
import {
  openRouteServerReader,
  readSnapshot,
  type RouteServerReader,
  type RouteServerSnapshot,
} from '@ixora/looking-glass';
import { IpPrefix } from '@ixora/net';
import { VrpIndex, type Vrp } from '@ixora/rpki';
import {
  computeExchangeSummary,
  type SummaryMember,
  type SummaryPrefixSet,
  type SummaryRoute,
  type SummarySession,
} from './exchange-summary.calculator.js';
import { ExchangeSummaryRepository } from './exchange-summary.repository.js';
import type { ExchangeDailySummary } from './exchange-summary.types.js';
import type { ManrsFacts } from './manrs.assessment.js';
import {
  exchangeReportEntry,
  type ExchangeReport,
  type ExchangeReportEntry,
  type ReportedIxp,
} from './exchange.report.js';
import { utcDay, utcDayBefore } from './utc-day.js';

/** A route server as the summary reads it. */
export interface SummaryRouteServer {
  readonly name: string;
  readonly asn: number;
  readonly socketPath: string | null;
  readonly agentUrl: string | null;
}

export interface ExchangeSummaryOptions {
  readonly clock?: Clock;
  /** Tests replace how route servers are read. */
  readonly createReader?: (routeServer: SummaryRouteServer) => RouteServerReader;
  readonly readTimeoutMs?: number;
}

/** A stored day's summary with the exchange's short name. */
export type StoredSummary = ExchangeDailySummary & { readonly shortname: string };

/** A day's row that misses route servers is computed again this long after, the same day. */
const INCOMPLETE_RETRY_MS = 60 * 60_000;
/** How often the worker checks whether today's rows are due. */
const CHECK_INTERVAL_MS = 15 * 60_000;

function defaultOf(key: string): unknown {
  return policySettingSpec(key)?.default;
}

/**
 * The daily summary of each exchange (`exchange_daily_summary`): loads members, route-server
 * sessions, IRR prefix sets and the current VRPs from PostgreSQL, reads each route server's
 * routes as the looking glass does (`readSnapshot`), computes the figures (`computeExchangeSummary`,
 * pure) and upserts the row of the clock's UTC day.
 */
export class ExchangeSummaryService {
  private readonly logger = new Logger('ExchangeSummary');
  private readonly repository: ExchangeSummaryRepository;
  private readonly clock: Clock;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private isStopped = true;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: IxoraConfig,
    private readonly options: ExchangeSummaryOptions = {},
  ) {
    this.repository = new ExchangeSummaryRepository(dataSource);
    this.clock = options.clock ?? systemClock;
  }

  /**
   * The worker's loop: checks now and then every `intervalMs` whether today's rows are due
   * (`runIfDue`); one check at a time, a failure is logged and the loop goes on. Several workers
   * may run it: the row of a day is upserted, so two computing at once still leave one row.
   */
  start(intervalMs = CHECK_INTERVAL_MS): void {
    if (!this.isStopped) return;
    this.isStopped = false;
    const tick = (): void => {
      this.running = this.runIfDue()
        .catch((error: unknown) => this.logger.error(`exchange summary: ${(error as Error).message}`))
        .finally(() => {
          if (this.isStopped) return;
          this.timer = setTimeout(tick, intervalMs);
          this.timer.unref();
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.isStopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Nest calls this when the app closes (`ixora serve`). */
  onApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  get summaries(): ExchangeSummaryRepository {
    return this.repository;
  }

  /** Computes and stores today's (UTC) row of every exchange; returns them. */
  async computeAndStore(now: Date = this.clock.now()): Promise<StoredSummary[]> {
    const ixps = await this.dataSource.query<{ id: number; shortname: string }[]>(
      `SELECT id, shortname FROM ixp ORDER BY id`,
    );
    const vrps = await this.currentVrps();
    const stored: StoredSummary[] = [];
    for (const { id, shortname } of ixps) {
      const summary = await this.compute(id, vrps, now);
      await this.repository.upsert(summary);
      stored.push({ shortname, ...summary });
    }
    return stored;
  }

  /**
   * True when an exchange has no row for today (UTC), or today's row missed a route server and is
   * an hour old: the worker then computes again.
   */
  async isDue(now: Date = this.clock.now()): Promise<boolean> {
    const rows = await this.dataSource.query<
      { id: number; computed_at: Date | null; incomplete: boolean | null }[]
    >(
      `SELECT i.id, s.computed_at, s.route_servers_read < s.route_servers AS incomplete
         FROM ixp i LEFT JOIN exchange_daily_summary s ON s.ixp_id = i.id AND s.day = $1::date`,
      [utcDay(now)],
    );
    return rows.some(
      (row) =>
        row.computed_at === null ||
        (row.incomplete === true && now.getTime() - row.computed_at.getTime() >= INCOMPLETE_RETRY_MS),
    );
  }

  /** The public report of every exchange: latest figures, MANRS actions, 90 days and 12 months of history. */
  async report(now: Date = this.clock.now()): Promise<ExchangeReport> {
    const today = utcDay(now);
    const from = utcDayBefore(today, 366);
    const ixps = await this.dataSource.query<(ReportedIxp & { id: number })[]>(
      `SELECT id, shortname, name, country, url FROM ixp ORDER BY id`,
    );
    const exchanges: ExchangeReportEntry[] = [];
    for (const ixp of ixps) {
      const rows = await this.repository.history(ixp.id, from, today);
      exchanges.push(
        exchangeReportEntry(
          { shortname: ixp.shortname, name: ixp.name, country: ixp.country, url: ixp.url },
          rows,
          today,
        ),
      );
    }
    return { today, exchanges };
  }

  /** The worker's daily step: computes and stores when due (see `isDue`); returns what it stored. */
  async runIfDue(now: Date = this.clock.now()): Promise<StoredSummary[]> {
    if (!(await this.isDue(now))) return [];
    const stored = await this.computeAndStore(now);
    this.logger.log(`exchange summary of ${utcDay(now)} stored for ${stored.length} exchange(s)`);
    return stored;
  }

  private async compute(ixpId: number, vrps: VrpIndex, now: Date): Promise<ExchangeDailySummary> {
    const [members, sessions, prefixSets, routeServers, manrs] = await Promise.all([
      this.members(ixpId),
      this.sessions(ixpId),
      this.prefixSets(ixpId),
      this.routeServers(ixpId),
      this.manrsFacts(ixpId, vrps.size),
    ]);
    const snapshots: { name: string; asn: number; snapshot: RouteServerSnapshot | undefined }[] = [];
    for (const routeServer of routeServers) {
      const { name, asn } = routeServer;
      try {
        snapshots.push({ name, asn, snapshot: await this.read(routeServer) });
      } catch (error) {
        this.logger.warn(`route server ${name} not read: ${(error as Error).message}`);
        snapshots.push({ name, asn, snapshot: undefined });
      }
    }
    const result = computeExchangeSummary({
      members,
      sessions,
      prefixSets,
      routeServers: snapshots.map((s) => ({ name: s.name, isRead: s.snapshot !== undefined })),
      routes: routesOf(
        snapshots.flatMap((s) => (s.snapshot ? [{ snapshot: s.snapshot, rsAsn: s.asn }] : [])),
      ),
      vrps,
      manrs,
    });
    return { ixpId, day: utcDay(now), computedAt: now, ...result };
  }

  private async read(routeServer: SummaryRouteServer): Promise<RouteServerSnapshot> {
    const reader = this.createReader(routeServer);
    try {
      return await readSnapshot(reader, { id: routeServer.name, asn: routeServer.asn }, () =>
        this.clock.now(),
      );
    } finally {
      await reader.close();
    }
  }

  private createReader(routeServer: SummaryRouteServer): RouteServerReader {
    if (this.options.createReader) return this.options.createReader(routeServer);
    return openRouteServerReader(routeServer, {
      agentTokens: this.config.agentTokens,
      birdSocket: this.config.birdSocket,
      timeoutMs: this.options.readTimeoutMs,
    });
  }

  private async currentVrps(): Promise<VrpIndex> {
    const rows = await this.dataSource.query<
      { prefix: string; max_length: number; asn: string; trust_anchor: string }[]
    >(
      `SELECT v.prefix::text AS prefix, v.max_length, v.asn::text AS asn, v.trust_anchor
         FROM vrp v JOIN rpki_snapshot s ON s.id = v.snapshot_id AND s.is_current`,
    );
    const vrps: Vrp[] = rows.map((row) => ({
      prefix: IpPrefix.parse(row.prefix),
      maxLength: row.max_length,
      asn: Number(row.asn),
      trustAnchor: row.trust_anchor,
    }));
    return new VrpIndex(vrps);
  }

  /** Members with an interface on one of the exchange's peering LANs. */
  private async members(ixpId: number): Promise<SummaryMember[]> {
    const rows = await this.dataSource.query<
      { asn: string; status: string; is_hidden_from_public: boolean }[]
    >(
      `SELECT DISTINCT m.asn::text AS asn, m.status, m.is_hidden_from_public
         FROM member m JOIN member_interface mi ON mi.member_id = m.id
         JOIN peering_lan l ON l.id = mi.peering_lan_id WHERE l.ixp_id = $1`,
      [ixpId],
    );
    return rows.map((r) => ({
      asn: Number(r.asn),
      status: r.status,
      isHiddenFromPublic: r.is_hidden_from_public,
    }));
  }

  private async sessions(ixpId: number): Promise<SummarySession[]> {
    const rows = await this.dataSource.query<{ asn: string; family: number; is_enabled: boolean }[]>(
      `SELECT m.asn::text AS asn, s.family, s.is_enabled
         FROM route_server_session s JOIN route_server r ON r.id = s.route_server_id
         JOIN peering_lan l ON l.id = r.peering_lan_id
         JOIN member_interface mi ON mi.id = s.member_interface_id JOIN member m ON m.id = mi.member_id
        WHERE l.ixp_id = $1`,
      [ixpId],
    );
    return rows.map((r) => ({ asn: Number(r.asn), family: r.family === 6 ? 6 : 4, isEnabled: r.is_enabled }));
  }

  private async prefixSets(ixpId: number): Promise<SummaryPrefixSet[]> {
    const rows = await this.dataSource.query<{ asn: string; family: number; prefixes: string[] }[]>(
      `SELECT m.asn::text AS asn, p.family, p.prefixes::text[] AS prefixes
         FROM prefix_set p JOIN member m ON m.id = p.member_id
        WHERE EXISTS (SELECT 1 FROM member_interface mi JOIN peering_lan l ON l.id = mi.peering_lan_id
                       WHERE mi.member_id = m.id AND l.ixp_id = $1)`,
      [ixpId],
    );
    return rows.map((r) => ({ asn: Number(r.asn), family: r.family === 6 ? 6 : 4, prefixes: r.prefixes }));
  }

  private async routeServers(ixpId: number): Promise<SummaryRouteServer[]> {
    const rows = await this.dataSource.query<
      { name: string; asn: string; socket_path: string | null; agent_url: string | null }[]
    >(
      `SELECT r.name, r.asn::text AS asn, r.socket_path, r.agent_url
         FROM route_server r JOIN peering_lan l ON l.id = r.peering_lan_id WHERE l.ixp_id = $1 ORDER BY r.name`,
      [ixpId],
    );
    return rows.map((r) => ({
      name: r.name,
      asn: Number(r.asn),
      socketPath: r.socket_path,
      agentUrl: r.agent_url,
    }));
  }

  private async manrsFacts(
    ixpId: number,
    vrpCount: number,
  ): Promise<Omit<ManrsFacts, 'routeServers' | 'routeServersRead'>> {
    // The effective import policy of a session: its own setting, else its member's, else the
    // exchange's, else ixora's built-in default (as the config builder resolves it).
    const [policy] = await this.dataSource.query<{ sessions: number; rpki: number; irr: number }[]>(
      `SELECT count(*)::int AS sessions,
              count(*) FILTER (WHERE coalesce(s.policy_rpki_policy, m.policy_rpki_policy, i.policy_rpki_policy, $2) = 'reject-invalid')::int AS rpki,
              count(*) FILTER (WHERE coalesce(s.policy_irr_enforce_origin, m.policy_irr_enforce_origin, i.policy_irr_enforce_origin, $3)
                                 AND coalesce(s.policy_irr_enforce_prefix, m.policy_irr_enforce_prefix, i.policy_irr_enforce_prefix, $4))::int AS irr
         FROM route_server_session s JOIN route_server r ON r.id = s.route_server_id
         JOIN peering_lan l ON l.id = r.peering_lan_id JOIN ixp i ON i.id = l.ixp_id
         JOIN member_interface mi ON mi.id = s.member_interface_id JOIN member m ON m.id = mi.member_id
        WHERE l.ixp_id = $1 AND s.is_enabled AND m.status = 'active'`,
      [ixpId, defaultOf('rpkiPolicy'), defaultOf('irrEnforceOrigin'), defaultOf('irrEnforcePrefix')],
    );
    const [lans] = await this.dataSource.query<{ lans: number; with_prefix: number }[]>(
      `SELECT count(*)::int AS lans,
              count(*) FILTER (WHERE prefix_v4 IS NOT NULL OR prefix_v6 IS NOT NULL)::int AS with_prefix
         FROM peering_lan WHERE ixp_id = $1`,
      [ixpId],
    );
    const [ixp] = await this.dataSource.query<
      { support_email: string | null; peeringdb_ix_id: number | null }[]
    >(`SELECT support_email, peeringdb_ix_id FROM ixp WHERE id = $1`, [ixpId]);
    return {
      rpkiMode: this.config.rpkiMode,
      sessions: policy?.sessions ?? 0,
      sessionsRejectingRpkiInvalid: policy?.rpki ?? 0,
      sessionsFilteringIrr: policy?.irr ?? 0,
      vrpCount,
      peeringLans: lans?.lans ?? 0,
      peeringLansWithPrefix: lans?.with_prefix ?? 0,
      hasSupportEmail: Boolean(ixp?.support_email),
      hasPeeringDbRecord: ixp?.peeringdb_ix_id !== null && ixp?.peeringdb_ix_id !== undefined,
    };
  }
}

const RPKI_TAGS = new Map(
  RPKI_STATE_COMMUNITIES.flatMap((state) =>
    state.key === 'valid' || state.key === 'unknown' || state.key === 'invalid'
      ? [[state.code, state.key] as const]
      : [],
  ),
);
const RPKI_INVALID_REASON = filterReason('rpki_invalid').code;

/** The RPKI state a route server tagged a route with: `RS:1000:n`, or filtered as RPKI-invalid (`RS:1101:13`). */
function rpkiTagOf(
  largeCommunities: readonly (readonly [number, number, number])[],
  rsAsn: number,
): SummaryRoute['rpkiTag'] {
  for (const [asn, fn, value] of largeCommunities) {
    if (asn !== rsAsn) continue;
    if (fn === FILTER_REASON_FUNCTION && value === RPKI_INVALID_REASON) return 'invalid';
    if (fn === RPKI_STATE_FUNCTION) {
      const tag = RPKI_TAGS.get(value);
      if (tag) return tag;
    }
  }
  return undefined;
}

/** Every accepted and filtered route of the snapshots, by the ASN of the session it came in on. */
function* routesOf(
  snapshots: readonly { readonly snapshot: RouteServerSnapshot; readonly rsAsn: number }[],
): Generator<SummaryRoute> {
  for (const { snapshot, rsAsn } of snapshots) {
    for (const [byNeighbor, isFiltered] of [
      [snapshot.accepted, false],
      [snapshot.filtered, true],
    ] as const) {
      for (const [neighborId, routes] of byNeighbor) {
        const neighbor = snapshot.neighborsById.get(neighborId);
        if (!neighbor) continue;
        for (const route of routes) {
          const rpkiTag = rpkiTagOf(route.shared.bgp.large_communities, rsAsn);
          yield {
            neighborAsn: neighbor.asn,
            prefix: route.prefixText,
            asPath: route.shared.bgp.as_path,
            isFiltered,
            ...(rpkiTag ? { rpkiTag } : {}),
          };
        }
      }
    }
  }
}
