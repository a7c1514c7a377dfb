import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The delivery log: one row per alert transition (opened, resolved), channel and recipient, with
 * its status, attempts, last error and when the next attempt is due (retries back off).
 */
export class AlertDeliveries1764400000069 implements MigrationInterface {
  name = 'AlertDeliveries1764400000069';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE alert_delivery (
        id bigserial PRIMARY KEY,
        alert_id bigint NOT NULL REFERENCES alert (id) ON DELETE CASCADE,
        transition text NOT NULL CHECK (transition IN ('opened', 'resolved')),
        channel text NOT NULL CHECK (channel IN ('webhook', 'email')),
        recipient text NOT NULL,
        webhook_id integer REFERENCES alert_webhook (id) ON DELETE SET NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        last_error text,
        created_at timestamptz NOT NULL,
        sent_at timestamptz,
        UNIQUE (alert_id, transition, channel, recipient)
      )`);
    await q.query(
      `CREATE INDEX alert_delivery_due_idx ON alert_delivery (next_attempt_at) WHERE status = 'pending'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE alert_delivery`);
  }
}
