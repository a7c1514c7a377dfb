import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A run may end `partial`: a PeeringDB sync where some object types failed after their retries
 * (they keep their last good rows) while the others synced.
 */
export class RunStatusPartial1764400000040 implements MigrationInterface {
  name = 'RunStatusPartial1764400000040';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE run_record DROP CONSTRAINT run_record_status_check`);
    await q.query(
      `ALTER TABLE run_record ADD CONSTRAINT run_record_status_check
         CHECK (status IN ('running', 'succeeded', 'partial', 'failed'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE run_record SET status = 'failed' WHERE status = 'partial'`);
    await q.query(`ALTER TABLE run_record DROP CONSTRAINT run_record_status_check`);
    await q.query(
      `ALTER TABLE run_record ADD CONSTRAINT run_record_status_check
         CHECK (status IN ('running', 'succeeded', 'failed'))`,
    );
  }
}
