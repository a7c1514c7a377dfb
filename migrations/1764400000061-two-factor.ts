import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * TOTP two-factor sign-in (RFC 6238): a user's shared secret and the last time step it accepted
 * (a code is good once), its one-time recovery codes (hashed), and a member's own rule that all
 * its users must use a second factor.
 */
export class TwoFactor1764400000061 implements MigrationInterface {
  name = 'TwoFactor1764400000061';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user
        ADD COLUMN totp_secret text,
        ADD COLUMN totp_enabled_at timestamptz,
        ADD COLUMN totp_last_step bigint,
        ADD CONSTRAINT app_user_totp_check CHECK ((totp_secret IS NULL) = (totp_enabled_at IS NULL))`);
    await q.query(`ALTER TABLE member ADD COLUMN is_two_factor_required boolean NOT NULL DEFAULT false`);
    await q.query(`
      CREATE TABLE recovery_code (
        id serial PRIMARY KEY,
        user_id integer NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        code_hash text NOT NULL,
        created_at timestamptz NOT NULL,
        used_at timestamptz,
        UNIQUE (user_id, code_hash)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE recovery_code`);
    await q.query(`ALTER TABLE member DROP COLUMN is_two_factor_required`);
    await q.query(`
      ALTER TABLE app_user
        DROP CONSTRAINT app_user_totp_check,
        DROP COLUMN totp_secret,
        DROP COLUMN totp_enabled_at,
        DROP COLUMN totp_last_step`);
  }
}
