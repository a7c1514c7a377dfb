import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The BGP sessions a deploy re-evaluated with `reload in` because their inputs changed
 * (docs/adr/0009); null for versions never deployed or deployed before this column existed.
 */
export class ConfigVersionReloadedSessions1764400000046 implements MigrationInterface {
  name = 'ConfigVersionReloadedSessions1764400000046';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE config_version ADD COLUMN reloaded_sessions text[]`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE config_version DROP COLUMN reloaded_sessions`);
  }
}
