import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LookingGlassService } from '@ixora/looking-glass';

export interface RouteServerReadiness {
  readonly name: string;
  /** `up`: its BIRD was read; `unreachable`: the last read failed; `pending`: not read yet. */
  readonly status: 'up' | 'unreachable' | 'pending';
  readonly error?: string;
}

export interface Readiness {
  readonly status: 'ready' | 'not_ready';
  readonly database: 'ok' | 'down';
  readonly migrations: 'current' | 'pending' | 'unknown';
  readonly routeServers: readonly RouteServerReadiness[];
  /** Why it is not ready, one sentence each; empty when ready. */
  readonly reasons: readonly string[];
}

/**
 * Whether this instance can do its work: the database answers, its migrations are current, and
 * the looking glass has read every route server's BIRD. `GET /health/ready` and `ixora serve`
 * say the same reasons.
 */
@Injectable()
export class ReadinessService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lg: LookingGlassService,
  ) {}

  async check(): Promise<Readiness> {
    const reasons: string[] = [];
    const databaseError = await this.dataSource.query('SELECT 1').then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error.message : String(error)) || 'no answer',
    );
    if (databaseError !== undefined) {
      reasons.push(`the database does not answer: ${databaseError}`);
      return { status: 'not_ready', database: 'down', migrations: 'unknown', routeServers: [], reasons };
    }
    const isPending = await this.dataSource.showMigrations();
    if (isPending) reasons.push('the database has pending migrations: run `ixora db migrate`');
    const names = await this.dataSource.query<{ name: string }[]>(
      `SELECT name FROM route_server ORDER BY name`,
    );
    const summaries = new Map(this.lg.snapshotSummaries().map((s) => [s.routeServer, s]));
    const routeServers = names.map(({ name }): RouteServerReadiness => {
      const summary = summaries.get(name);
      const status = summary?.status ?? 'pending';
      return { name, status, ...(summary?.error && status !== 'up' ? { error: summary.error } : {}) };
    });
    for (const rs of routeServers) {
      if (rs.status === 'unreachable')
        reasons.push(`route server ${rs.name} cannot be read: ${rs.error ?? ''}`);
      if (rs.status === 'pending') reasons.push(`route server ${rs.name} has not been read yet`);
    }
    return {
      status: reasons.length === 0 ? 'ready' : 'not_ready',
      database: 'ok',
      migrations: isPending ? 'pending' : 'current',
      routeServers,
      reasons,
    };
  }
}
