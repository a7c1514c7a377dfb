import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An exchange-wide switch: whether members may opt their own sessions into blackholing
 * (`allowBlackhole`, RFC 7999) from the portal or the API. Off by default: staff decide first.
 */
export class IxpMembersMayAllowBlackhole1764400000076 implements MigrationInterface {
  name = 'IxpMembersMayAllowBlackhole1764400000076';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ixp ADD COLUMN members_may_allow_blackhole boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ixp DROP COLUMN members_may_allow_blackhole`);
  }
}
