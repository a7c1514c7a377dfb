import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One deploy at a time per peering LAN (docs/adr/0021): the row is the lease, taken with one
 * atomic INSERT … ON CONFLICT … WHERE expires_at <= now(), so a crashed holder's lease lapses.
 */
export class DeployLease1764400000071 implements MigrationInterface {
  name = 'DeployLease1764400000071';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE deploy_lease (
        peering_lan_id integer PRIMARY KEY REFERENCES peering_lan (id) ON DELETE CASCADE,
        route_server_id integer NOT NULL REFERENCES route_server (id) ON DELETE CASCADE,
        holder text NOT NULL,
        taken_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE deploy_lease`);
  }
}
