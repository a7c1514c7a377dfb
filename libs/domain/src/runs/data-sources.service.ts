import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { RunRecord } from '../entities/run-record.entity.js';
import { requireAdmin, type Actor } from '../services/actor.js';

/** The run-record kinds of the three outside data sources, as their services write them. */
export const DATA_SOURCE_RUN_KINDS = ['peeringdb_sync', 'irr_refresh', 'rpki_refresh'] as const;

export interface DataSourcesStatus {
  readonly peeringDb: {
    /** The oldest object type's last sync (what the alerts measure); null: never synced. */
    readonly syncedAt: Date | null;
    readonly lastFullSyncAt: Date | null;
  };
  readonly irr: {
    readonly oldestFetchedAt: Date | null;
    readonly newestFetchedAt: Date | null;
    /** PrefixSets (member and family) by status: ok, stale (last fetch failed, older data kept), empty, failed. */
    readonly prefixSetsByStatus: Readonly<Record<string, number>>;
  };
  readonly rpki: {
    readonly loadedAt: Date | null;
    readonly source: string | null;
    readonly vrpCount: number;
  };
}

/**
 * How fresh PeeringDB, IRR and RPKI data are and what their last runs did, for the staff console's
 * data-sources page (the run records every sync and refresh writes).
 */
@Injectable()
export class DataSourcesService {
  constructor(private readonly dataSource: DataSource) {}

  async status(actor: Actor): Promise<DataSourcesStatus> {
    requireAdmin(actor);
    const q = this.dataSource;
    const [peeringDb] = await q.query<{ synced_at: Date | null; full_at: Date | null }[]>(
      `SELECT min(last_synced_at) AS synced_at, max(last_full_sync_at) AS full_at FROM peeringdb_sync_state`,
    );
    const [irrTimes] = await q.query<{ oldest: Date | null; newest: Date | null }[]>(
      `SELECT min(p.fetched_at) AS oldest, max(p.fetched_at) AS newest
         FROM prefix_set p JOIN member m ON m.id = p.member_id WHERE m.status <> 'left'`,
    );
    const byStatus = await q.query<{ status: string; n: number }[]>(
      `SELECT p.status, count(*)::int AS n FROM prefix_set p JOIN member m ON m.id = p.member_id
        WHERE m.status <> 'left' GROUP BY p.status ORDER BY p.status`,
    );
    const [rpki] = await q.query<{ loaded_at: Date; source: string; vrp_count: number }[]>(
      `SELECT loaded_at, source, vrp_count FROM rpki_snapshot WHERE is_current`,
    );
    return {
      peeringDb: { syncedAt: peeringDb?.synced_at ?? null, lastFullSyncAt: peeringDb?.full_at ?? null },
      irr: {
        oldestFetchedAt: irrTimes?.oldest ?? null,
        newestFetchedAt: irrTimes?.newest ?? null,
        prefixSetsByStatus: Object.fromEntries(byStatus.map((row) => [row.status, row.n])),
      },
      rpki: {
        loadedAt: rpki?.loaded_at ?? null,
        source: rpki?.source ?? null,
        vrpCount: rpki?.vrp_count ?? 0,
      },
    };
  }

  /** The newest run records of the data sources, newest first. */
  async recentRuns(actor: Actor, limit: number): Promise<RunRecord[]> {
    requireAdmin(actor);
    return this.dataSource.manager.find(RunRecord, {
      where: { kind: In([...DATA_SOURCE_RUN_KINDS]) },
      order: { startedAt: 'DESC', id: 'DESC' },
      take: limit,
    });
  }
}
