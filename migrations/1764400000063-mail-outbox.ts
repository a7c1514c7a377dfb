import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Mails ixora would have sent when no SMTP relay is configured, for staff to read and pass on. */
export class MailOutbox1764400000063 implements MigrationInterface {
  name = 'MailOutbox1764400000063';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE mail_outbox (
        id serial PRIMARY KEY,
        recipient text NOT NULL,
        subject text NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mail_outbox`);
  }
}
