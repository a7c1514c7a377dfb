import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The exchange-wide threshold of the route impact guard: a deploy stops when it would newly
 * filter more than this percent of any member's accepted routes in a family (unless forced).
 */
export class ImpactGuardSetting1764400000058 implements MigrationInterface {
  name = 'ImpactGuardSetting1764400000058';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE ixp ADD COLUMN impact_guard_percent integer NOT NULL DEFAULT 10
         CHECK (impact_guard_percent BETWEEN 0 AND 100)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ixp DROP COLUMN impact_guard_percent`);
  }
}
