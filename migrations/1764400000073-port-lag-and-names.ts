import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A port says whether it is a LAG (its physical member ports are the entries of `interfaces`,
 * each with its name), and a port name is used once per switch. Ports imported with several
 * IX-F interfaces were LAGs already; they are marked so.
 */
export class PortLagAndNames1764400000073 implements MigrationInterface {
  name = 'PortLagAndNames1764400000073';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE port ADD COLUMN is_lag boolean NOT NULL DEFAULT false`);
    await q.query(`UPDATE port SET is_lag = true WHERE jsonb_array_length(interfaces) > 1`);
    await q.query(
      `ALTER TABLE port ADD CONSTRAINT port_name_length CHECK (length(port_name) BETWEEN 1 AND 64)`,
    );
    await q.query(
      `CREATE UNIQUE INDEX port_switch_port_name_key ON port (switch_id, port_name)
         WHERE switch_id IS NOT NULL AND port_name IS NOT NULL`,
    );
    await q.query(`CREATE INDEX port_switch_idx ON port (switch_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX port_switch_idx`);
    await q.query(`DROP INDEX port_switch_port_name_key`);
    await q.query(`ALTER TABLE port DROP CONSTRAINT port_name_length, DROP COLUMN is_lag`);
  }
}
