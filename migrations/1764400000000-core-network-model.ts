import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ASN_CHECK_V1 as ASN_CHECK, POLICY_COLUMNS_V1 as policyColumns } from './sql/columns-v1.js';

/** Ixp, PeeringLan, Switch, Member, Port, MemberInterface, with the rules the database can hold. */
export class CoreNetworkModel1764400000000 implements MigrationInterface {
  name = 'CoreNetworkModel1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ixp (
        id serial PRIMARY KEY,
        shortname text NOT NULL UNIQUE CHECK (length(shortname) BETWEEN 1 AND 64),
        name text,
        ixf_id integer UNIQUE,
        peeringdb_ix_id integer UNIQUE,
        country text CHECK (country ~ '^[A-Z]{2}$'),
        url text,
        support_email text,
        ${policyColumns},
        default_max_prefix_v4 integer NOT NULL DEFAULT 100 CHECK (default_max_prefix_v4 > 0),
        default_max_prefix_v6 integer NOT NULL DEFAULT 50 CHECK (default_max_prefix_v6 > 0),
        max_prefix_headroom_percent integer NOT NULL DEFAULT 10 CHECK (max_prefix_headroom_percent >= 0),
        blackhole_next_hop_v4 inet CHECK (family(blackhole_next_hop_v4) = 4 AND masklen(blackhole_next_hop_v4) = 32),
        blackhole_next_hop_v6 inet CHECK (family(blackhole_next_hop_v6) = 6 AND masklen(blackhole_next_hop_v6) = 128),
        transit_free_asns bigint[] NOT NULL DEFAULT '{}'
          CHECK (0 < ALL (transit_free_asns) AND 4294967296 > ALL (transit_free_asns)),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE peering_lan (
        id serial PRIMARY KEY,
        ixp_id integer NOT NULL REFERENCES ixp (id) ON DELETE CASCADE,
        name text NOT NULL,
        vlan_id integer CHECK (vlan_id BETWEEN 1 AND 4094),
        ixf_vlan_id integer,
        prefix_v4 cidr CHECK (family(prefix_v4) = 4),
        prefix_v6 cidr CHECK (family(prefix_v6) = 6),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (prefix_v4 IS NOT NULL OR prefix_v6 IS NOT NULL),
        UNIQUE (ixp_id, name),
        UNIQUE (ixp_id, ixf_vlan_id)
      )`);
    await q.query(`
      CREATE TABLE switch (
        id serial PRIMARY KEY,
        ixp_id integer NOT NULL REFERENCES ixp (id) ON DELETE CASCADE,
        ixf_id integer,
        name text NOT NULL,
        colo text, city text, country text, manufacturer text, model text,
        peeringdb_facility_id integer,
        UNIQUE (ixp_id, name),
        UNIQUE (ixp_id, ixf_id)
      )`);
    await q.query(`
      CREATE TABLE member (
        id serial PRIMARY KEY,
        asn bigint NOT NULL UNIQUE ${ASN_CHECK('asn')},
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('onboarding', 'active', 'suspended', 'left')),
        member_type text NOT NULL DEFAULT 'peering' CHECK (member_type IN ('peering', 'ixp', 'other', 'probono')),
        url text,
        peering_policy text,
        member_since date,
        as_sets text[] NOT NULL DEFAULT '{}',
        max_prefix_v4 integer CHECK (max_prefix_v4 > 0),
        max_prefix_v6 integer CHECK (max_prefix_v6 > 0),
        is_never_via_route_servers boolean NOT NULL DEFAULT false,
        is_hidden_from_public boolean NOT NULL DEFAULT false,
        ${policyColumns},
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE port (
        id serial PRIMARY KEY,
        member_id integer NOT NULL REFERENCES member (id) ON DELETE CASCADE,
        ixp_id integer NOT NULL REFERENCES ixp (id) ON DELETE CASCADE,
        switch_id integer REFERENCES switch (id) ON DELETE SET NULL,
        port_name text,
        interfaces jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(interfaces) = 'array'),
        speed_mbps integer CHECK (speed_mbps >= 0),
        state text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'inactive', 'connected', 'disconnected')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE member_interface (
        id serial PRIMARY KEY,
        member_id integer NOT NULL REFERENCES member (id) ON DELETE CASCADE,
        peering_lan_id integer NOT NULL REFERENCES peering_lan (id) ON DELETE CASCADE,
        port_id integer REFERENCES port (id) ON DELETE SET NULL,
        ipv4_address inet CHECK (family(ipv4_address) = 4 AND masklen(ipv4_address) = 32),
        ipv6_address inet CHECK (family(ipv6_address) = 6 AND masklen(ipv6_address) = 128),
        mac_addresses macaddr[] NOT NULL DEFAULT '{}',
        is_route_server_client boolean NOT NULL DEFAULT true,
        max_prefix_v4 integer CHECK (max_prefix_v4 > 0),
        max_prefix_v6 integer CHECK (max_prefix_v6 > 0),
        as_macro_v4 text,
        as_macro_v6 text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ipv4_address IS NOT NULL OR ipv6_address IS NOT NULL),
        UNIQUE (peering_lan_id, ipv4_address),
        UNIQUE (peering_lan_id, ipv6_address)
      )`);
    await q.query(`CREATE INDEX member_interface_member_idx ON member_interface (member_id)`);
    await q.query(`CREATE INDEX port_member_idx ON port (member_id)`);
    // An address on a peering LAN must lie inside the LAN's prefix; CHECK cannot see another table.
    // Shared by every table with peering_lan_id, ipv4_address and ipv6_address.
    await q.query(`
      CREATE FUNCTION address_inside_peering_lan() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE lan peering_lan%ROWTYPE;
      BEGIN
        SELECT * INTO lan FROM peering_lan WHERE id = NEW.peering_lan_id;
        IF NEW.ipv4_address IS NOT NULL AND (lan.prefix_v4 IS NULL OR NOT NEW.ipv4_address << lan.prefix_v4) THEN
          RAISE EXCEPTION 'ipv4_address % is not inside peering LAN % (%)', host(NEW.ipv4_address), lan.name,
            coalesce(lan.prefix_v4::text, 'no IPv4 prefix') USING ERRCODE = '23514', COLUMN = 'ipv4_address';
        END IF;
        IF NEW.ipv6_address IS NOT NULL AND (lan.prefix_v6 IS NULL OR NOT NEW.ipv6_address << lan.prefix_v6) THEN
          RAISE EXCEPTION 'ipv6_address % is not inside peering LAN % (%)', host(NEW.ipv6_address), lan.name,
            coalesce(lan.prefix_v6::text, 'no IPv6 prefix') USING ERRCODE = '23514', COLUMN = 'ipv6_address';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER member_interface_inside_lan BEFORE INSERT OR UPDATE ON member_interface
      FOR EACH ROW EXECUTE FUNCTION address_inside_peering_lan()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE member_interface`);
    await q.query(`DROP FUNCTION address_inside_peering_lan`);
    await q.query(`DROP TABLE port`);
    await q.query(`DROP TABLE member`);
    await q.query(`DROP TABLE switch`);
    await q.query(`DROP TABLE peering_lan`);
    await q.query(`DROP TABLE ixp`);
  }
}
