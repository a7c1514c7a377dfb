import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ASN_CHECK_V1, POLICY_COLUMNS_V1 } from './sql/columns-v1.js';

/** RouteServer (on the LAN that holds its address) and RouteServerSession (one per family). */
export class RouteServersAndSessions1764400000001 implements MigrationInterface {
  name = 'RouteServersAndSessions1764400000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE route_server (
        id serial PRIMARY KEY,
        name text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$'),
        peering_lan_id integer NOT NULL REFERENCES peering_lan (id) ON DELETE RESTRICT,
        asn bigint NOT NULL ${ASN_CHECK_V1('asn')},
        router_id inet NOT NULL CHECK (family(router_id) = 4 AND masklen(router_id) = 32),
        ipv4_address inet CHECK (family(ipv4_address) = 4 AND masklen(ipv4_address) = 32),
        ipv6_address inet CHECK (family(ipv6_address) = 6 AND masklen(ipv6_address) = 128),
        socket_path text,
        agent_url text CHECK (agent_url ~ '^https?://'),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ipv4_address IS NOT NULL OR ipv6_address IS NOT NULL),
        CHECK (socket_path IS NULL OR agent_url IS NULL)
      )`);
    await q.query(`
      CREATE TRIGGER route_server_inside_lan BEFORE INSERT OR UPDATE ON route_server
      FOR EACH ROW EXECUTE FUNCTION address_inside_peering_lan()`);
    await q.query(`
      CREATE TABLE route_server_session (
        id serial PRIMARY KEY,
        route_server_id integer NOT NULL REFERENCES route_server (id) ON DELETE CASCADE,
        member_interface_id integer NOT NULL REFERENCES member_interface (id) ON DELETE CASCADE,
        family smallint NOT NULL CHECK (family IN (4, 6)),
        is_enabled boolean NOT NULL DEFAULT true,
        is_passive boolean NOT NULL DEFAULT false,
        md5_password text CHECK (md5_password ~ '^[\\x21-\\x7e]{1,80}$' AND position('"' in md5_password) = 0),
        description text CHECK (length(description) <= 255),
        max_prefix integer CHECK (max_prefix > 0),
        ${POLICY_COLUMNS_V1},
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (route_server_id, member_interface_id, family)
      )`);
    await q.query(
      `CREATE INDEX route_server_session_interface_idx ON route_server_session (member_interface_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE route_server_session`);
    await q.query(`DROP TABLE route_server`);
  }
}
