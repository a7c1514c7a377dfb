import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A rollback deploys an earlier ConfigVersion again as a new version with the same text; this
 * column names the version it copied, so the history shows the rollback as its own event.
 */
export class ConfigVersionRollback1764400000070 implements MigrationInterface {
  name = 'ConfigVersionRollback1764400000070';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE config_version ADD COLUMN rollback_of_id integer REFERENCES config_version (id) ON DELETE SET NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE config_version DROP COLUMN rollback_of_id`);
  }
}
