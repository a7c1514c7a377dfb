import { Inject, Injectable, Optional } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { IXORA_CLOCK, systemClock, type Clock } from '@ixora/config';
import { LookingGlassService } from '@ixora/looking-glass';

/** Seconds between two times, never negative (a clock behind the database's reads as fresh). */
function ageSeconds(now: Date, then: Date): number {
  return Math.max(0, (now.getTime() - then.getTime()) / 1000);
}

/**
 * ixora's metrics in the Prometheus text format. HTTP requests are counted as they happen; the rest
 * is read when scraped: BGP sessions and routes from the looking glass's latest snapshots (no BIRD
 * request), jobs, runs (syncs, refreshes, config builds and deploys) and data ages from PostgreSQL.
 * One registry per app, so several apps in one process (tests) do not share figures.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  private readonly httpDuration: Histogram<'method' | 'route'>;
  private readonly gauges: Record<string, Gauge<string>>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly lg: LookingGlassService,
    @Optional() @Inject(IXORA_CLOCK) private readonly clock: Clock = systemClock,
  ) {
    const registers = [this.registry];
    this.httpRequests = new Counter({
      name: 'ixora_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status code',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'ixora_http_request_duration_seconds',
      help: 'Time to answer HTTP requests, by method and route pattern',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.025, 0.1, 0.25, 1, 2.5, 10],
      registers,
    });
    const gauge = (name: string, help: string, labelNames: string[]) =>
      new Gauge({ name, help, labelNames, registers });
    this.gauges = {
      routeServerUp: gauge(
        'ixora_route_server_up',
        '1 when the looking glass read the route server at its last attempt, else 0',
        ['route_server'],
      ),
      snapshotAge: gauge(
        'ixora_route_server_snapshot_age_seconds',
        "Age of the looking glass's latest snapshot of the route server",
        ['route_server'],
      ),
      bgpSessions: gauge(
        'ixora_bgp_sessions',
        'BGP sessions of the route server by address family and BGP state (Established, Active, …)',
        ['route_server', 'family', 'state'],
      ),
      routesAccepted: gauge(
        'ixora_routes_accepted',
        'Routes the route server accepted from its members (latest snapshot)',
        ['route_server'],
      ),
      routesFiltered: gauge(
        'ixora_routes_filtered',
        'Routes the route server filtered (kept, not exported; latest snapshot)',
        ['route_server'],
      ),
      routesFilteredByReason: gauge(
        'ixora_routes_filtered_by_reason',
        'Filtered routes by the reason the route server tagged them with (latest snapshot)',
        ['route_server', 'reason'],
      ),
      sessionRoutesReceived: gauge(
        'ixora_session_routes_received',
        'Routes a BGP session received (accepted and filtered; latest snapshot)',
        ['route_server', 'session', 'asn', 'family'],
      ),
      sessionMaxPrefix: gauge(
        'ixora_session_max_prefix_limit',
        "The session's max-prefix limit (BIRD's receive limit)",
        ['route_server', 'session', 'asn', 'family'],
      ),
      sessionMaxPrefixUse: gauge(
        'ixora_session_max_prefix_use_ratio',
        'Routes received divided by the max-prefix limit (1 = limit reached; alert at 0.8)',
        ['route_server', 'session', 'asn', 'family'],
      ),
      jobs: gauge('ixora_jobs', 'Jobs by kind and status (queued, running, succeeded, failed)', [
        'kind',
        'status',
      ]),
      jobSeconds: gauge(
        'ixora_job_duration_seconds_total',
        'Summed run time of finished jobs by kind and status',
        ['kind', 'status'],
      ),
      runs: gauge(
        'ixora_runs',
        'Run records by kind (config_build, config_deploy, peeringdb_sync, irr_refresh, rpki_refresh, ixf_import) and status',
        ['kind', 'status'],
      ),
      runSeconds: gauge(
        'ixora_run_duration_seconds_total',
        'Summed duration of finished runs by kind and status',
        ['kind', 'status'],
      ),
      lastRunSeconds: gauge(
        'ixora_run_last_duration_seconds',
        'Duration of the latest finished run of each kind',
        ['kind', 'status'],
      ),
      dataAge: gauge(
        'ixora_data_source_age_seconds',
        'Age of the oldest data of a source: peeringdb (least recently synced object type), irr (least recently fetched member PrefixSet), rpki (latest loaded VRP snapshot)',
        ['source'],
      ),
      peeringDbAge: gauge('ixora_peeringdb_data_age_seconds', 'Age of the PeeringDB mirror by object type', [
        'object_type',
      ]),
      peeringDbStale: gauge(
        'ixora_peeringdb_type_stale',
        '1 for a PeeringDB object type whose last sync failed (it keeps its last good rows)',
        ['object_type'],
      ),
      irrAge: gauge('ixora_irr_data_age_seconds', "Age of a member's IRR PrefixSet by ASN and family", [
        'asn',
        'family',
      ]),
    };
  }

  /** Counts one answered request; `route` is the matched pattern (`/api/v1/members/:asn`), never the raw path. */
  observeHttp(method: string, route: string, status: number, seconds: number): void {
    this.httpRequests.inc({ method, route, status: String(status) });
    this.httpDuration.observe({ method, route }, seconds);
  }

  /** The text a Prometheus server scrapes. */
  async scrape(): Promise<{ contentType: string; text: string }> {
    for (const g of Object.values(this.gauges)) g.reset();
    const now = this.clock.now();
    this.collectLookingGlass(now);
    await this.collectDatabase(now);
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }

  private collectLookingGlass(now: Date): void {
    const g = this.gauges;
    for (const rs of this.lg.snapshotSummaries()) {
      const route_server = rs.routeServer;
      g.routeServerUp!.set({ route_server }, rs.status === 'up' ? 1 : 0);
      if (rs.readAt) g.snapshotAge!.set({ route_server }, ageSeconds(now, rs.readAt));
      if (rs.status !== 'up') continue;
      g.routesAccepted!.set({ route_server }, rs.routeCount);
      g.routesFiltered!.set({ route_server }, rs.filteredCount);
      for (const [reason, count] of rs.filteredByReason) {
        g.routesFilteredByReason!.set({ route_server, reason }, count);
      }
      for (const n of rs.neighbors) {
        const family = n.family ?? 'unknown';
        g.bgpSessions!.inc({ route_server, family, state: n.bgp_state || n.state });
        const session = { route_server, session: n.id, asn: String(n.asn), family };
        g.sessionRoutesReceived!.set(session, n.routes_received);
        if (n.max_prefix_limit !== undefined && n.max_prefix_limit > 0) {
          g.sessionMaxPrefix!.set(session, n.max_prefix_limit);
          g.sessionMaxPrefixUse!.set(session, n.routes_received / n.max_prefix_limit);
        }
      }
    }
  }

  private async collectDatabase(now: Date): Promise<void> {
    const g = this.gauges;
    const q = this.dataSource.manager;
    await this.collectCountsAndSeconds('job', g.jobs!, g.jobSeconds!);
    await this.collectCountsAndSeconds('run_record', g.runs!, g.runSeconds!);
    const lastRuns = await q.query<{ kind: string; status: string; seconds: number }[]>(
      `SELECT DISTINCT ON (kind) kind, status, extract(epoch FROM finished_at - started_at)::float8 AS seconds
       FROM run_record WHERE finished_at IS NOT NULL ORDER BY kind, finished_at DESC, id DESC`,
    );
    for (const r of lastRuns) g.lastRunSeconds!.set({ kind: r.kind, status: r.status }, r.seconds);

    const peeringDb = await q.query<{ object_type: string; last_synced_at: Date; is_stale: boolean }[]>(
      `SELECT s.object_type, s.last_synced_at,
              EXISTS (SELECT 1 FROM peeringdb_sync_failure f WHERE f.object_type = s.object_type) AS is_stale
       FROM peeringdb_sync_state s`,
    );
    for (const p of peeringDb) {
      g.peeringDbAge!.set({ object_type: p.object_type }, ageSeconds(now, p.last_synced_at));
      g.peeringDbStale!.set({ object_type: p.object_type }, p.is_stale ? 1 : 0);
    }
    const oldestPeeringDb = peeringDb
      .map((p) => p.last_synced_at)
      .sort((a, b) => a.getTime() - b.getTime())[0];
    if (oldestPeeringDb) g.dataAge!.set({ source: 'peeringdb' }, ageSeconds(now, oldestPeeringDb));

    const irr = await q.query<{ asn: string; family: number; fetched_at: Date }[]>(
      `SELECT m.asn, p.family, p.fetched_at FROM prefix_set p JOIN member m ON m.id = p.member_id
       WHERE p.fetched_at IS NOT NULL AND m.status <> 'left'`,
    );
    let oldestIrr: Date | undefined;
    for (const p of irr) {
      g.irrAge!.set({ asn: String(p.asn), family: `ipv${p.family}` }, ageSeconds(now, p.fetched_at));
      if (!oldestIrr || p.fetched_at < oldestIrr) oldestIrr = p.fetched_at;
    }
    if (oldestIrr) g.dataAge!.set({ source: 'irr' }, ageSeconds(now, oldestIrr));

    const [rpki] = await q.query<{ loaded_at: Date }[]>(
      `SELECT loaded_at FROM rpki_snapshot WHERE is_current`,
    );
    if (rpki) g.dataAge!.set({ source: 'rpki' }, ageSeconds(now, rpki.loaded_at));
  }

  /** Rows of `table` (job or run_record) per kind and status, and the seconds they took in all. */
  private async collectCountsAndSeconds(
    table: 'job' | 'run_record',
    countGauge: Gauge<string>,
    secondsGauge: Gauge<string>,
  ): Promise<void> {
    const rows = await this.dataSource.manager.query<
      { kind: string; status: string; n: number; seconds: number | null }[]
    >(
      `SELECT kind, status, count(*)::int AS n,
              sum(extract(epoch FROM finished_at - started_at))::float8 AS seconds
       FROM ${table} GROUP BY kind, status`,
    );
    for (const r of rows) {
      countGauge.set({ kind: r.kind, status: r.status }, r.n);
      if (r.seconds !== null) secondsGauge.set({ kind: r.kind, status: r.status }, r.seconds);
    }
  }
}
