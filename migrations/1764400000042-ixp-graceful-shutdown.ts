import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Route-server-wide graceful shutdown (RFC 8326) as an exchange-wide setting: while it is on,
 * every route the Ixp's route servers send carries GRACEFUL_SHUTDOWN (65535:0), so members move
 * their traffic away before maintenance.
 */
export class IxpGracefulShutdown1764400000042 implements MigrationInterface {
  name = 'IxpGracefulShutdown1764400000042';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ixp ADD COLUMN is_graceful_shutdown boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ixp DROP COLUMN is_graceful_shutdown`);
  }
}
