import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Browser sign-in sessions. The cookie carries a random id; only its SHA-256 is stored, so a
 * read of this table does not hand out live sessions. `stage` is how far the sign-in got:
 * password only (a second factor is still due, or enrolment in one), or complete.
 */
export class WebSessions1764400000060 implements MigrationInterface {
  name = 'WebSessions1764400000060';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE web_session (
        id serial PRIMARY KEY,
        token_hash text NOT NULL UNIQUE,
        user_id integer NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        stage text NOT NULL CHECK (stage IN ('two_factor', 'enrol', 'full')),
        pending_totp_secret text,
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX web_session_user_idx ON web_session (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE web_session`);
  }
}
