import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Run records get a heartbeat, as jobs have: a run whose process was killed stops beating and a
 * sweep marks it failed instead of leaving it "running" forever. Runs already running count as
 * beating now, so a sweep fails them after the stale window if nothing finishes them.
 */
export class RunHeartbeat1764400000049 implements MigrationInterface {
  name = 'RunHeartbeat1764400000049';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE run_record ADD COLUMN heartbeat_at timestamptz NOT NULL DEFAULT now(), ADD COLUMN process text`,
    );
    await q.query(
      `CREATE INDEX run_record_running_idx ON run_record (heartbeat_at) WHERE status = 'running'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX run_record_running_idx`);
    await q.query(`ALTER TABLE run_record DROP COLUMN heartbeat_at, DROP COLUMN process`);
  }
}
