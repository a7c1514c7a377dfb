import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who gets alerts: webhooks (staff-wide when member_id is null, else one member's), and each
 * member's choice of events and NOC addresses (typed ones and chosen PeeringDB POCs).
 */
export class AlertRecipients1764400000068 implements MigrationInterface {
  name = 'AlertRecipients1764400000068';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE alert_webhook (
        id serial PRIMARY KEY,
        member_id integer REFERENCES member (id) ON DELETE CASCADE,
        url text NOT NULL CHECK (length(url) <= 2000),
        secret text NOT NULL,
        kinds text[] NOT NULL DEFAULT '{}',
        is_enabled boolean NOT NULL DEFAULT true,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE alert_subscription (
        member_id integer PRIMARY KEY REFERENCES member (id) ON DELETE CASCADE,
        kinds text[] NOT NULL DEFAULT '{}',
        emails text[] NOT NULL DEFAULT '{}',
        peeringdb_poc_ids integer[] NOT NULL DEFAULT '{}',
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (cardinality(emails) <= 20),
        CHECK (cardinality(peeringdb_poc_ids) <= 20)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE alert_subscription`);
    await q.query(`DROP TABLE alert_webhook`);
  }
}
