import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A GiST index on the VRPs' prefixes: the member portal and the alerts look up the ROAs covering
 * a member's prefixes (`v.prefix >>= route`, RFC 6811 "covering"), which without it scans every
 * VRP of the snapshot once per prefix.
 */
export class VrpPrefixIndex1764400000078 implements MigrationInterface {
  name = 'VrpPrefixIndex1764400000078';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX vrp_prefix_gist_idx ON vrp USING gist (prefix inet_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX vrp_prefix_gist_idx`);
  }
}
