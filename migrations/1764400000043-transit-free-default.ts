import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transit-free ASN list starts with the well-known transit-free networks instead of nothing
 * (an empty list made the default `enforceTransitFree` check nothing). Exchanges whose list is
 * empty get it; a list staff already edited is left alone. The list is written out here, not
 * imported, so this migration never changes when the code's default does.
 */
const WELL_KNOWN_TRANSIT_FREE = '{174,701,1299,2914,3257,3320,3356,5511,6453,6461,6762,6830,7018,12956}';

export class TransitFreeDefault1764400000043 implements MigrationInterface {
  name = 'TransitFreeDefault1764400000043';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ixp ALTER COLUMN transit_free_asns SET DEFAULT '${WELL_KNOWN_TRANSIT_FREE}'`);
    await q.query(`UPDATE ixp SET transit_free_asns = $1 WHERE cardinality(transit_free_asns) = 0`, [
      WELL_KNOWN_TRANSIT_FREE,
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE ixp SET transit_free_asns = '{}' WHERE transit_free_asns = $1`, [
      WELL_KNOWN_TRANSIT_FREE,
    ]);
    await q.query(`ALTER TABLE ixp ALTER COLUMN transit_free_asns SET DEFAULT '{}'`);
  }
}
