import type { MigrationInterface, QueryRunner } from 'typeorm';

const ASN = (column: string): string => `CHECK (${column} BETWEEN 1 AND 4294967295)`;

/** Columns every mirrored PeeringDB object has; `data` is the whole object as PeeringDB sent it. */
const COMMON = `
  id integer PRIMARY KEY,
  status text NOT NULL,
  created timestamptz NOT NULL,
  updated timestamptz NOT NULL,
  data jsonb NOT NULL CHECK (jsonb_typeof(data) = 'object'),
  synced_at timestamptz NOT NULL DEFAULT now()`;

/**
 * The PeeringDB mirror: `peeringdb_*` tables apart from the operator's data (DESIGN §4), the
 * per-type sync state for `since`, and the link saying which member fields follow PeeringDB.
 * Mirror tables have no foreign keys between them: PeeringDB answers are not referentially complete.
 */
export class PeeringDbMirror1764400000010 implements MigrationInterface {
  name = 'PeeringDbMirror1764400000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE peeringdb_org (${COMMON},
        name text NOT NULL, aka text, name_long text, website text, city text, country text)`);
    await q.query(`
      CREATE TABLE peeringdb_fac (${COMMON},
        org_id integer NOT NULL, name text NOT NULL, city text, country text)`);
    await q.query(`
      CREATE TABLE peeringdb_ix (${COMMON},
        org_id integer NOT NULL, name text NOT NULL, name_long text, city text, country text)`);
    await q.query(`
      CREATE TABLE peeringdb_ixlan (${COMMON},
        ix_id integer NOT NULL, name text, mtu integer,
        rs_asn bigint CHECK (rs_asn BETWEEN 0 AND 4294967295))`);
    await q.query(`
      CREATE TABLE peeringdb_ixpfx (${COMMON},
        ixlan_id integer NOT NULL,
        protocol text NOT NULL CHECK (protocol IN ('IPv4', 'IPv6')),
        prefix cidr NOT NULL CHECK ((protocol = 'IPv4') = (family(prefix) = 4)),
        in_dfz boolean)`);
    await q.query(`
      CREATE TABLE peeringdb_net (${COMMON},
        org_id integer NOT NULL, asn bigint NOT NULL ${ASN('asn')}, name text NOT NULL, aka text,
        name_long text, website text, irr_as_set text, info_type text,
        info_prefixes4 integer CHECK (info_prefixes4 >= 0), info_prefixes6 integer CHECK (info_prefixes6 >= 0),
        info_never_via_route_servers boolean, policy_general text, policy_url text)`);
    await q.query(`
      CREATE TABLE peeringdb_poc (${COMMON},
        net_id integer NOT NULL, role text NOT NULL, visible text NOT NULL,
        name text, email text, phone text, url text)`);
    await q.query(`
      CREATE TABLE peeringdb_netixlan (${COMMON},
        net_id integer NOT NULL, ix_id integer NOT NULL, ixlan_id integer NOT NULL,
        asn bigint NOT NULL ${ASN('asn')},
        ipaddr4 inet CHECK (family(ipaddr4) = 4 AND masklen(ipaddr4) = 32),
        ipaddr6 inet CHECK (family(ipaddr6) = 6 AND masklen(ipaddr6) = 128),
        speed integer NOT NULL CHECK (speed >= 0), is_rs_peer boolean NOT NULL, operational boolean)`);
    await q.query(`CREATE INDEX peeringdb_fac_org_idx ON peeringdb_fac (org_id)`);
    await q.query(`CREATE INDEX peeringdb_ix_org_idx ON peeringdb_ix (org_id)`);
    await q.query(`CREATE INDEX peeringdb_ixlan_ix_idx ON peeringdb_ixlan (ix_id)`);
    await q.query(`CREATE INDEX peeringdb_ixpfx_ixlan_idx ON peeringdb_ixpfx (ixlan_id)`);
    await q.query(`CREATE INDEX peeringdb_net_asn_idx ON peeringdb_net (asn)`);
    await q.query(`CREATE INDEX peeringdb_net_org_idx ON peeringdb_net (org_id)`);
    await q.query(`CREATE INDEX peeringdb_poc_net_idx ON peeringdb_poc (net_id)`);
    await q.query(`CREATE INDEX peeringdb_netixlan_ix_idx ON peeringdb_netixlan (ix_id)`);
    await q.query(`CREATE INDEX peeringdb_netixlan_net_idx ON peeringdb_netixlan (net_id)`);
    await q.query(`CREATE INDEX peeringdb_netixlan_asn_idx ON peeringdb_netixlan (asn)`);
    await q.query(`
      CREATE TABLE peeringdb_sync_state (
        object_type text PRIMARY KEY
          CHECK (object_type IN ('org', 'fac', 'ix', 'ixlan', 'ixpfx', 'net', 'poc', 'netixlan')),
        last_updated timestamptz,
        last_synced_at timestamptz NOT NULL,
        last_full_sync_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE peeringdb_member_link (
        member_id integer PRIMARY KEY REFERENCES member (id) ON DELETE CASCADE,
        net_id integer NOT NULL,
        follow text[] NOT NULL DEFAULT '{}'
          CHECK (follow <@ ARRAY['name', 'url', 'asSets', 'maxPrefixV4', 'maxPrefixV6', 'peeringPolicy',
                                 'isNeverViaRouteServers', 'interfaces']::text[]),
        applied jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(applied) = 'object'),
        linked_at timestamptz NOT NULL DEFAULT now(),
        last_applied_at timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE peeringdb_member_link`);
    await q.query(`DROP TABLE peeringdb_sync_state`);
    for (const type of ['netixlan', 'poc', 'net', 'ixpfx', 'ixlan', 'ix', 'fac', 'org']) {
      await q.query(`DROP TABLE peeringdb_${type}`);
    }
  }
}
