import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What route-server configs are built from and into: PrefixSets, RPKI snapshots and VRPs, ConfigVersions. */
export class PrefixSetsVrpsConfigVersions1764400000003 implements MigrationInterface {
  name = 'PrefixSetsVrpsConfigVersions1764400000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE prefix_set (
        id serial PRIMARY KEY,
        member_id integer NOT NULL REFERENCES member (id) ON DELETE CASCADE,
        family smallint NOT NULL CHECK (family IN (4, 6)),
        as_sets text[] NOT NULL DEFAULT '{}',
        asns bigint[] NOT NULL DEFAULT '{}',
        prefixes cidr[] NOT NULL DEFAULT '{}',
        aggregated text[] NOT NULL DEFAULT '{}',
        source text,
        fetched_at timestamptz,
        attempted_at timestamptz,
        status text NOT NULL CHECK (status IN ('ok', 'stale', 'empty', 'failed')),
        error text,
        UNIQUE (member_id, family)
      )`);
    await q.query(`
      CREATE TABLE rpki_snapshot (
        id serial PRIMARY KEY,
        source text NOT NULL,
        format text NOT NULL,
        loaded_at timestamptz NOT NULL DEFAULT now(),
        generated_at timestamptz,
        vrp_count integer NOT NULL CHECK (vrp_count >= 0),
        is_current boolean NOT NULL DEFAULT false
      )`);
    await q.query(
      `CREATE UNIQUE INDEX rpki_snapshot_one_current ON rpki_snapshot (is_current) WHERE is_current`,
    );
    await q.query(`
      CREATE TABLE vrp (
        id bigserial PRIMARY KEY,
        snapshot_id integer NOT NULL REFERENCES rpki_snapshot (id) ON DELETE CASCADE,
        prefix cidr NOT NULL,
        max_length smallint NOT NULL,
        asn bigint NOT NULL CHECK (asn BETWEEN 0 AND 4294967295),
        trust_anchor text NOT NULL,
        CHECK (max_length >= masklen(prefix) AND max_length <= CASE WHEN family(prefix) = 4 THEN 32 ELSE 128 END)
      )`);
    await q.query(`CREATE INDEX vrp_snapshot_idx ON vrp (snapshot_id)`);
    await q.query(`
      CREATE TABLE config_version (
        id serial PRIMARY KEY,
        route_server_id integer NOT NULL REFERENCES route_server (id) ON DELETE CASCADE,
        text text NOT NULL,
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size_bytes integer NOT NULL,
        built_at timestamptz NOT NULL DEFAULT now(),
        build_ms integer NOT NULL,
        validation_status text NOT NULL CHECK (validation_status IN ('valid', 'invalid')),
        validation_output text NOT NULL,
        deploy_status text CHECK (deploy_status IN ('deployed', 'failed')),
        deployed_at timestamptz,
        deploy_output text,
        CHECK (deploy_status IS NULL OR validation_status = 'valid')
      )`);
    await q.query(`CREATE INDEX config_version_rs_idx ON config_version (route_server_id, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE config_version`);
    await q.query(`DROP TABLE vrp`);
    await q.query(`DROP TABLE rpki_snapshot`);
    await q.query(`DROP TABLE prefix_set`);
  }
}
