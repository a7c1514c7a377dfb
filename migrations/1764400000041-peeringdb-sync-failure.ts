import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The PeeringDB object types whose last sync failed, with when and why: their mirror rows are the
 * last good data, and `peeringdb check` says they are stale. A type's row goes when it syncs again.
 */
export class PeeringDbSyncFailure1764400000041 implements MigrationInterface {
  name = 'PeeringDbSyncFailure1764400000041';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE peeringdb_sync_failure (
        object_type text PRIMARY KEY
          CHECK (object_type IN ('org', 'fac', 'ix', 'ixlan', 'ixpfx', 'net', 'poc', 'netixlan')),
        run_id bigint REFERENCES run_record (id) ON DELETE SET NULL,
        failed_at timestamptz NOT NULL,
        error text NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE peeringdb_sync_failure`);
  }
}
