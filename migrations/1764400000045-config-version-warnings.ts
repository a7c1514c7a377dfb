import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a config build worked around instead of failing (a member whose IRR object cannot be used:
 * `{asn, member, code, message}` each), kept with the ConfigVersion so the API and the console
 * can show why a member's sessions accept no routes through the IRR step.
 */
export class ConfigVersionWarnings1764400000045 implements MigrationInterface {
  name = 'ConfigVersionWarnings1764400000045';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE config_version ADD COLUMN warnings jsonb NOT NULL DEFAULT '[]'::jsonb
         CHECK (jsonb_typeof(warnings) = 'array')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE config_version DROP COLUMN warnings`);
  }
}
