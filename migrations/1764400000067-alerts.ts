import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts: one row per event (a condition seen by the worker), open until the condition ends. At
 * most one open alert per dedupe key, so polls that see the same condition add nothing.
 */
export class Alerts1764400000067 implements MigrationInterface {
  name = 'Alerts1764400000067';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE alert (
        id bigserial PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('session_down', 'max_prefix_hit', 'max_prefix_warning',
          'routes_filtered', 'data_stale', 'build_warnings', 'deploy_failed')),
        dedupe_key text NOT NULL,
        scope text NOT NULL,
        route_server text,
        asn bigint CHECK (asn BETWEEN 0 AND 4294967295),
        title text NOT NULL,
        text text NOT NULL,
        advice text NOT NULL,
        resolved_text text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        opened_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        resolved_at timestamptz,
        CHECK (resolved_at IS NULL OR resolved_at >= opened_at)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX alert_open_dedupe_key ON alert (dedupe_key) WHERE resolved_at IS NULL`,
    );
    await q.query(`CREATE INDEX alert_opened_at_idx ON alert (opened_at DESC)`);
    await q.query(`CREATE INDEX alert_asn_idx ON alert (asn, opened_at DESC) WHERE asn IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE alert`);
  }
}
