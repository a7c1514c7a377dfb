import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the last good IRR expansion of a PrefixSet warned about (an AS-SET member that does not
 * resolve, an ASN without route objects), kept with the data so `ixora irr show` can say it later.
 */
export class PrefixSetWarnings1764400000030 implements MigrationInterface {
  name = 'PrefixSetWarnings1764400000030';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE prefix_set ADD COLUMN warnings text[] NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE prefix_set DROP COLUMN warnings`);
  }
}
