import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A GiST index on the VRPs' prefixes, so "the VRPs covering these prefixes" (`vrp.prefix >>=
 * route`: the readiness report, the members list's RPKI-invalid count, the alerts' advice) is an
 * index lookup instead of a scan of every VRP per prefix.
 */
export class VrpPrefixIndex1764400000074 implements MigrationInterface {
  name = 'VrpPrefixIndex1764400000074';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX vrp_prefix_gist_idx ON vrp USING gist (prefix inet_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX vrp_prefix_gist_idx`);
  }
}
