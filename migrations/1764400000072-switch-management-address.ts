import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff keep their switches by hand now, not only through an IX-F import: a switch gets an optional
 * management address (IPv4 or IPv6, a host address), and its name a length limit like every other
 * name of the exchange.
 */
export class SwitchManagementAddress1764400000072 implements MigrationInterface {
  name = 'SwitchManagementAddress1764400000072';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE switch
         ADD COLUMN management_address inet
           CONSTRAINT switch_management_address_host
           CHECK (masklen(management_address) = CASE family(management_address) WHEN 4 THEN 32 ELSE 128 END),
         ADD CONSTRAINT switch_name_length CHECK (length(name) BETWEEN 1 AND 64)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE switch DROP CONSTRAINT switch_name_length, DROP COLUMN management_address`);
  }
}
