import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The policy model a ConfigVersion was rendered from (gzip-compressed JSON), so the route impact
 * of a deploy can evaluate received routes under the deployed config and the one to deploy.
 * Versions built before this column have none; the impact then takes BIRD's own decisions.
 */
export class ConfigVersionModel1764400000059 implements MigrationInterface {
  name = 'ConfigVersionModel1764400000059';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE config_version ADD COLUMN model_gzip bytea`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE config_version DROP COLUMN model_gzip`);
  }
}
