import type { MigrationInterface, QueryRunner } from 'typeorm';

/** One row per exchange and UTC day: the figures of the public health page `/exchange`. */
export class ExchangeDailySummary1764400000066 implements MigrationInterface {
  name = 'ExchangeDailySummary1764400000066';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE exchange_daily_summary (
        ixp_id integer NOT NULL REFERENCES ixp(id) ON DELETE CASCADE,
        day date NOT NULL,
        computed_at timestamptz NOT NULL,
        members integer NOT NULL CHECK (members >= 0),
        route_server_participants integer NOT NULL CHECK (route_server_participants >= 0),
        participants_with_ipv6 integer NOT NULL CHECK (participants_with_ipv6 >= 0),
        routes_received integer NOT NULL CHECK (routes_received >= 0),
        rpki_valid integer NOT NULL CHECK (rpki_valid >= 0),
        rpki_unknown integer NOT NULL CHECK (rpki_unknown >= 0),
        rpki_invalid integer NOT NULL CHECK (rpki_invalid >= 0),
        irr_covered integer NOT NULL CHECK (irr_covered >= 0),
        route_servers integer NOT NULL CHECK (route_servers >= 0),
        route_servers_read integer NOT NULL CHECK (route_servers_read >= 0),
        manrs jsonb NOT NULL,
        PRIMARY KEY (ixp_id, day)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE exchange_daily_summary`);
  }
}
