import type { EntityManager } from 'typeorm';
import { PEERINGDB_MIRROR_ENTITIES, PeeringDbSyncState } from './peeringdb-mirror.entities.js';
import {
  PEERINGDB_OBJECT_TYPES,
  type PeeringDbObjects,
  type PeeringDbObjectType,
} from './peeringdb.schemas.js';

export interface UpsertCounts {
  created: number;
  updated: number;
}

/** Rows per statement: big enough to amortise the round trip, small enough to keep parameters modest. */
const CHUNK_ROWS = 2_500;
const SKIPPED_COLUMNS = new Set(['data', 'synced_at']);

/**
 * Bulk access to the `peeringdb_*` mirror. Objects go to PostgreSQL as one JSON array per chunk and
 * are spread into typed columns there (`jsonb_array_elements`), one `INSERT … ON CONFLICT` per
 * chunk instead of a query per row. Rows whose object did not change are not touched, so the
 * counts say what really changed.
 */
/** A PeeringDB object type whose last sync failed: its mirror rows are from `lastSyncedAt`. */
export interface PeeringDbStaleType {
  readonly objectType: PeeringDbObjectType;
  readonly runId: string | null;
  readonly failedAt: Date;
  readonly error: string;
  /** When its rows were last synced; null when never (the mirror has none of this type). */
  readonly lastSyncedAt: Date | null;
}

export class PeeringDbMirrorRepository {
  private static readonly upsertSql = new Map<PeeringDbObjectType, string>();

  constructor(private readonly manager: EntityManager) {}

  async upsert<T extends PeeringDbObjectType>(
    type: T,
    objects: readonly PeeringDbObjects[T][],
  ): Promise<UpsertCounts> {
    const counts: UpsertCounts = { created: 0, updated: 0 };
    const sql = this.upsertStatement(type);
    for (let start = 0; start < objects.length; start += CHUNK_ROWS) {
      const chunk = objects.slice(start, start + CHUNK_ROWS);
      const rows = await this.manager.query<{ inserted: boolean }[]>(sql, [toJsonText(chunk)]);
      for (const row of rows) {
        if (row.inserted) counts.created++;
        else counts.updated++;
      }
    }
    return counts;
  }

  /** Transaction-scoped lock on one mirror table, released at commit or rollback. */
  async lockType(type: PeeringDbObjectType): Promise<void> {
    await this.manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`ixora:peeringdb_${type}`]);
  }

  /** Removes the given ids; returns how many rows existed. */
  async deleteIds(type: PeeringDbObjectType, ids: readonly number[]): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.manager.query<[unknown[], number]>(
      `DELETE FROM peeringdb_${type} WHERE id = ANY($1::integer[])`,
      [ids],
    );
    return result[1];
  }

  /** Removes every row whose id is not in `keepIds` (after a full sync: gone from PeeringDB). */
  async deleteAllExcept(type: PeeringDbObjectType, keepIds: readonly number[]): Promise<number> {
    const result = await this.manager.query<[unknown[], number]>(
      `DELETE FROM peeringdb_${type} t
       WHERE NOT EXISTS (SELECT 1 FROM unnest($1::integer[]) AS k(id) WHERE k.id = t.id)`,
      [keepIds],
    );
    return result[1];
  }

  async count(type: PeeringDbObjectType): Promise<number> {
    const [row] = await this.manager.query<{ n: string }[]>(`SELECT count(*) AS n FROM peeringdb_${type}`);
    return Number(row?.n ?? 0);
  }

  /** The mirrored objects of `type` as PeeringDB sent them, by id. */
  async objects(type: PeeringDbObjectType): Promise<Record<string, unknown>[]> {
    const rows = await this.manager.query<{ data: Record<string, unknown> }[]>(
      `SELECT data FROM peeringdb_${type} ORDER BY id`,
    );
    return rows.map((row) => row.data);
  }

  async syncStates(): Promise<Map<PeeringDbObjectType, PeeringDbSyncState>> {
    const states = await this.manager.find(PeeringDbSyncState);
    return new Map(states.map((state) => [state.objectType, state]));
  }

  async saveSyncState(
    type: PeeringDbObjectType,
    lastUpdated: Date | null,
    options: { full: boolean; at: Date },
  ): Promise<void> {
    // GREATEST keeps the high-water mark when an incremental answer held nothing newer.
    await this.manager.query(
      `INSERT INTO peeringdb_sync_state (object_type, last_updated, last_synced_at, last_full_sync_at)
       VALUES ($1, $2, $3, CASE WHEN $4 THEN $3::timestamptz END)
       ON CONFLICT (object_type) DO UPDATE SET
         last_updated = CASE WHEN $4 THEN EXCLUDED.last_updated
                             ELSE GREATEST(peeringdb_sync_state.last_updated, EXCLUDED.last_updated) END,
         last_synced_at = EXCLUDED.last_synced_at,
         last_full_sync_at = COALESCE(EXCLUDED.last_full_sync_at, peeringdb_sync_state.last_full_sync_at)`,
      [type, lastUpdated, options.at, options.full],
    );
  }

  /** A type whose sync failed keeps its rows; this says since when they are stale, and why. */
  async saveSyncFailure(
    type: PeeringDbObjectType,
    failure: { runId: string; at: Date; error: string },
  ): Promise<void> {
    await this.manager.query(
      `INSERT INTO peeringdb_sync_failure (object_type, run_id, failed_at, error) VALUES ($1, $2, $3, $4)
       ON CONFLICT (object_type) DO UPDATE SET run_id = EXCLUDED.run_id, error = EXCLUDED.error,
         failed_at = EXCLUDED.failed_at`,
      [type, failure.runId, failure.at, failure.error],
    );
  }

  async clearSyncFailure(type: PeeringDbObjectType): Promise<void> {
    await this.manager.query(`DELETE FROM peeringdb_sync_failure WHERE object_type = $1`, [type]);
  }

  /** Types whose last sync failed (their mirror rows are the last good data), in sync order. */
  async syncFailures(): Promise<PeeringDbStaleType[]> {
    const rows = await this.manager.query<
      {
        object_type: PeeringDbObjectType;
        run_id: string | null;
        failed_at: Date;
        error: string;
        last_synced_at: Date | null;
      }[]
    >(
      `SELECT f.object_type, f.run_id, f.failed_at, f.error, s.last_synced_at
       FROM peeringdb_sync_failure f LEFT JOIN peeringdb_sync_state s USING (object_type)`,
    );
    return rows
      .map((row) => ({
        objectType: row.object_type,
        runId: row.run_id === null ? null : String(row.run_id),
        failedAt: row.failed_at,
        error: row.error,
        lastSyncedAt: row.last_synced_at,
      }))
      .sort(
        (a, b) => PEERINGDB_OBJECT_TYPES.indexOf(a.objectType) - PEERINGDB_OBJECT_TYPES.indexOf(b.objectType),
      );
  }

  /**
   * `INSERT … SELECT (o->>'field')::type … FROM jsonb_array_elements($1) ON CONFLICT (id) DO UPDATE`,
   * built once per type from the entity's columns (their names are PeeringDB's field names).
   */
  private upsertStatement(type: PeeringDbObjectType): string {
    const cached = PeeringDbMirrorRepository.upsertSql.get(type);
    if (cached) return cached;
    const metadata = this.manager.connection.getMetadata(PEERINGDB_MIRROR_ENTITIES[type]);
    const columns = metadata.columns
      .filter((column) => !SKIPPED_COLUMNS.has(column.databaseName))
      .map((column) => ({ name: column.databaseName, sqlType: String(column.type) }));
    const names = [...columns.map((c) => c.name), 'data', 'synced_at'];
    const values = [...columns.map((c) => `(o->>'${c.name}')::${c.sqlType}`), 'o', 'now()'];
    const updates = names.filter((name) => name !== 'id').map((name) => `${name} = EXCLUDED.${name}`);
    const sql = `
      INSERT INTO peeringdb_${type} AS t (${names.join(', ')})
      SELECT ${values.join(', ')} FROM jsonb_array_elements($1::jsonb) AS o
      ON CONFLICT (id) DO UPDATE SET ${updates.join(', ')}
      WHERE t.data IS DISTINCT FROM EXCLUDED.data
      RETURNING (xmax = 0) AS inserted`;
    PeeringDbMirrorRepository.upsertSql.set(type, sql);
    return sql;
  }
}

/**
 * PostgreSQL's jsonb cannot hold U+0000; PeeringDB's free-text fields are user input. The rare
 * chunk that has one is encoded again without it instead of failing the whole sync.
 */
function toJsonText(objects: readonly object[]): string {
  const text = JSON.stringify(objects);
  if (!text.includes('\\u0000')) return text;
  return JSON.stringify(objects, (_key, value: unknown) =>
    typeof value === 'string' ? value.replaceAll('\u0000', '') : value,
  );
}
