import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { BirdProtocolDetail, BirdRoute } from '@ixora/bird-client';
import { systemClock, type Clock, type IxoraConfig } from '@ixora/config';
import {
  openRouteServerReader,
  isNeighborProtocol,
  type CoveringVrp,
  type RouteServerReader,
} from '@ixora/looking-glass';
import {
  configConditions,
  dataConditions,
  diffConditions,
  CONFIG_SCOPE,
  DATA_SCOPE,
  routeServerConditions,
  routeServerScope,
  type ConfigFacts,
  type DataAges,
  type MemberFacts,
} from './alert.detector.js';
import { AlertRepository } from './alert.repository.js';
import type { AlertCondition, AlertRecord } from './alert.types.js';
import { observeRouteServer, type RouteServerObservation } from './route-server.observation.js';
import { PollingLoop } from './polling.loop.js';

/** A route server as the monitor reads it. */
export interface MonitoredRouteServer {
  readonly name: string;
  readonly asn: number;
  readonly socketPath: string | null;
  readonly agentUrl: string | null;
}

export interface AlertMonitorOptions {
  readonly clock?: Clock;
  /** Tests replace how route servers are read. */
  readonly createReader?: (routeServer: MonitoredRouteServer) => RouteServerReader;
  readonly readTimeoutMs?: number;
}

/** What one poll did. */
export interface AlertPollResult {
  readonly opened: readonly AlertRecord[];
  readonly resolved: readonly AlertRecord[];
  /** Route servers that could not be read (their alerts stay as they were). */
  readonly unreachable: readonly { readonly routeServer: string; readonly error: string }[];
  readonly deliveriesQueued: number;
}

/**
 * The worker's alert detection: each poll reads every route server's sessions and filtered
 * routes (as the looking glass does), the data ages and the latest builds and deploys from
 * PostgreSQL, turns them into conditions, and opens or resolves alerts so that a condition is
 * one alert however many polls see it. Deliveries of each transition are queued in the same
 * transaction; `AlertDeliverer` sends them.
 */
export class AlertMonitor {
  private readonly logger = new Logger('AlertMonitor');
  private readonly repository: AlertRepository;
  private readonly clock: Clock;
  private readonly polling = new PollingLoop('alert poll', () => this.poll(), this.logger);

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: IxoraConfig,
    private readonly options: AlertMonitorOptions = {},
  ) {
    this.repository = new AlertRepository(dataSource);
    this.clock = options.clock ?? systemClock;
  }

  start(intervalMs = this.config.alerts.pollSeconds * 1000): void {
    this.polling.start(intervalMs);
  }

  stop(): Promise<void> {
    return this.polling.stop();
  }

  /** Nest calls this when the app closes (`ixora serve`). */
  onApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  async poll(): Promise<AlertPollResult> {
    const conditions: AlertCondition[] = [];
    const observed = new Set<string>([DATA_SCOPE, CONFIG_SCOPE]);
    const unreachable: { routeServer: string; error: string }[] = [];
    const routeServers = await this.routeServers();
    const observations: RouteServerObservation[] = [];
    for (const routeServer of routeServers) {
      try {
        observations.push(await this.observe(routeServer));
        observed.add(routeServerScope(routeServer.name));
      } catch (error) {
        unreachable.push({ routeServer: routeServer.name, error: (error as Error).message });
      }
    }
    const facts = await this.memberFacts(observations);
    for (const observation of observations) conditions.push(...routeServerConditions(observation, facts));
    const now = this.clock.now();
    const a = this.config.alerts;
    conditions.push(
      ...dataConditions(
        await this.dataAges(),
        { irrHours: a.staleIrrHours, rpkiHours: a.staleRpkiHours, peeringDbHours: a.stalePeeringDbHours },
        now,
      ),
    );
    conditions.push(...configConditions(await this.configFacts(routeServers)));
    return this.repository.reconcile(async (tx, open) => {
      const changes = diffConditions(open, conditions, observed);
      const opened: AlertRecord[] = [];
      let deliveriesQueued = 0;
      for (const condition of changes.toOpen) {
        const alert = await tx.open(condition, now);
        if (!alert) continue;
        opened.push(alert);
        deliveriesQueued += await tx.queueDeliveries(alert, 'opened', a.staffEmails, now);
      }
      const resolved = await tx.resolve(changes.toResolve, now);
      for (const alert of resolved)
        deliveriesQueued += await tx.queueDeliveries(alert, 'resolved', a.staffEmails, now);
      await tx.touch(
        conditions.map((condition) => condition.key),
        now,
      );
      return { opened, resolved, unreachable, deliveriesQueued };
    });
  }

  private async routeServers(): Promise<MonitoredRouteServer[]> {
    const rows = await this.dataSource.query<
      { name: string; asn: string; socket_path: string | null; agent_url: string | null }[]
    >(`SELECT name, asn::text AS asn, socket_path, agent_url FROM route_server ORDER BY name`);
    return rows.map((row) => ({
      name: row.name,
      asn: Number(row.asn),
      socketPath: row.socket_path,
      agentUrl: row.agent_url,
    }));
  }

  private createReader(routeServer: MonitoredRouteServer): RouteServerReader {
    if (this.options.createReader) return this.options.createReader(routeServer);
    return openRouteServerReader(routeServer, {
      agentTokens: this.config.agentTokens,
      birdSocket: this.config.birdSocket,
      timeoutMs: this.options.readTimeoutMs,
    });
  }

  /** Sessions and filtered routes of one route server (not its accepted routes: alerts need none). */
  private async observe(routeServer: MonitoredRouteServer): Promise<RouteServerObservation> {
    const reader = this.createReader(routeServer);
    try {
      const protocols: BirdProtocolDetail[] = await reader.protocols();
      const tables = [
        ...new Set(
          protocols
            .filter(isNeighborProtocol)
            .flatMap((protocol) =>
              protocol.channels.flatMap((channel) => (channel.table ? [channel.table] : [])),
            ),
        ),
      ].sort();
      const filtered: BirdRoute[] = [];
      for (const table of tables)
        for await (const route of reader.routes({ kind: 'filtered', table })) filtered.push(route);
      return observeRouteServer(routeServer.name, routeServer.asn, protocols, filtered);
    } finally {
      await reader.close();
    }
  }

  private async memberFacts(observations: readonly RouteServerObservation[]): Promise<MemberFacts> {
    const members = await this.dataSource.query<
      { asn: string; name: string; as_sets: string[]; irr_sources: string[] }[]
    >(
      `SELECT m.asn::text AS asn, m.name, m.as_sets,
              ARRAY(SELECT DISTINCT s.name FROM prefix_set p, unnest(string_to_array(p.source, ',')) AS s(name)
                     WHERE p.member_id = m.id ORDER BY s.name) AS irr_sources
         FROM member m WHERE m.status <> 'left'`,
    );
    const invalid = [
      ...new Set(
        observations.flatMap((o) =>
          o.filtered.filter((r) => r.reasonKey === 'rpki_invalid').map((r) => r.prefix),
        ),
      ),
    ].slice(0, 1000);
    const vrps = new Map<string, CoveringVrp[]>();
    if (invalid.length > 0) {
      const rows = await this.dataSource.query<
        { route: string; prefix: string; max_length: number; asn: string }[]
      >(
        `SELECT r.route, v.prefix::text AS prefix, v.max_length, v.asn::text AS asn
           FROM unnest($1::cidr[]) AS r(route)
           JOIN vrp v ON v.prefix >>= r.route
           JOIN rpki_snapshot s ON s.id = v.snapshot_id AND s.is_current
          ORDER BY r.route, v.prefix, v.asn`,
        [invalid],
      );
      for (const row of rows) {
        const route = row.route;
        const list = vrps.get(route) ?? [];
        list.push({ prefix: row.prefix, maxLength: row.max_length, asn: Number(row.asn) });
        vrps.set(route, list);
      }
    }
    return {
      names: new Map(members.map((m) => [Number(m.asn), m.name])),
      asSets: new Map(members.map((m) => [Number(m.asn), m.as_sets])),
      irrSources: new Map(members.map((m) => [Number(m.asn), m.irr_sources])),
      vrps,
    };
  }

  private async dataAges(): Promise<DataAges> {
    const [peeringDb] = await this.dataSource.query<{ at: Date | null }[]>(
      `SELECT min(last_synced_at) AS at FROM peeringdb_sync_state`,
    );
    const [rpki] = await this.dataSource.query<{ loaded_at: Date }[]>(
      `SELECT loaded_at FROM rpki_snapshot WHERE is_current`,
    );
    const irr = await this.dataSource.query<{ asn: string; at: Date }[]>(
      `SELECT m.asn::text AS asn, min(p.fetched_at) AS at FROM prefix_set p JOIN member m ON m.id = p.member_id
        WHERE p.fetched_at IS NOT NULL AND m.status <> 'left' GROUP BY m.asn`,
    );
    return {
      ...(peeringDb?.at ? { peeringDbSyncedAt: peeringDb.at } : {}),
      ...(rpki ? { rpkiLoadedAt: rpki.loaded_at } : {}),
      irrFetchedAt: irr.map((row) => ({ asn: Number(row.asn), fetchedAt: row.at })),
    };
  }

  private async configFacts(routeServers: readonly MonitoredRouteServer[]): Promise<ConfigFacts[]> {
    const builds = await this.dataSource.query<
      { name: string; id: number; warnings: { asn: number; message: string }[] }[]
    >(
      `SELECT DISTINCT ON (c.route_server_id) r.name, c.id, c.warnings
         FROM config_version c JOIN route_server r ON r.id = c.route_server_id
        ORDER BY c.route_server_id, c.id DESC`,
    );
    const deploys = await this.dataSource.query<
      { name: string; id: number; deploy_status: 'deployed' | 'failed'; deploy_output: string | null }[]
    >(
      `SELECT DISTINCT ON (c.route_server_id) r.name, c.id, c.deploy_status, c.deploy_output
         FROM config_version c JOIN route_server r ON r.id = c.route_server_id
        WHERE c.deploy_status IS NOT NULL
        ORDER BY c.route_server_id, c.id DESC`,
    );
    return routeServers.map((rs) => {
      const build = builds.find((b) => b.name === rs.name);
      const deploy = deploys.find((d) => d.name === rs.name);
      return {
        routeServer: rs.name,
        ...(build
          ? {
              latestBuild: {
                versionId: build.id,
                warnings: build.warnings.map((w) => ({ asn: w.asn, message: w.message })),
              },
            }
          : {}),
        ...(deploy
          ? {
              latestDeploy: {
                versionId: deploy.id,
                status: deploy.deploy_status,
                output: deploy.deploy_output,
              },
            }
          : {}),
      };
    });
  }
}
