import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The login throttle and the looking glass's rate limit, kept in PostgreSQL so that every `serve`
 * process counts against the same numbers and a restart does not reset them. UNLOGGED: counters
 * need no WAL (PostgreSQL empties them only after a crash of the database itself).
 */
export class RateLimits1764400000050 implements MigrationInterface {
  name = 'RateLimits1764400000050';

  async up(q: QueryRunner): Promise<void> {
    // A token bucket per client: `tokens` as of `updated_at`, refilled at the configured rate.
    await q.query(`
      CREATE UNLOGGED TABLE rate_bucket (
        scope text NOT NULL,
        key text NOT NULL,
        tokens double precision NOT NULL,
        updated_at timestamptz NOT NULL,
        is_allowed boolean NOT NULL,
        PRIMARY KEY (scope, key)
      )`);
    // Failures counted in a fixed window that starts with the first failure.
    await q.query(`
      CREATE UNLOGGED TABLE rate_failure (
        scope text NOT NULL,
        key text NOT NULL,
        failures integer NOT NULL,
        window_start timestamptz NOT NULL,
        PRIMARY KEY (scope, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_failure`);
    await q.query(`DROP TABLE rate_bucket`);
  }
}
