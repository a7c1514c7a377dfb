import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users with roles, hashed API tokens, audit records of changes by people, run records of jobs. */
export class UsersAuditRuns1764400000002 implements MigrationInterface {
  name = 'UsersAuditRuns1764400000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE app_user (
        id serial PRIMARY KEY,
        email text NOT NULL CHECK (email ~ '^[^@\\s]+@[^@\\s]+$' AND email = lower(email)),
        password_hash text CHECK (password_hash LIKE '$argon2id$%'),
        role text NOT NULL CHECK (role IN ('admin', 'member_admin', 'member_user')),
        member_id integer REFERENCES member (id) ON DELETE CASCADE,
        is_disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (email),
        CHECK ((role = 'admin') = (member_id IS NULL))
      )`);
    await q.query(`
      CREATE TABLE api_token (
        id serial PRIMARY KEY,
        user_id integer NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        name text NOT NULL,
        token_prefix text NOT NULL UNIQUE,
        token_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        expires_at timestamptz,
        revoked_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE audit_record (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        actor_user_id integer REFERENCES app_user (id) ON DELETE SET NULL,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text,
        before jsonb,
        after jsonb
      )`);
    await q.query(`CREATE INDEX audit_record_entity_idx ON audit_record (entity_type, entity_id)`);
    await q.query(`
      CREATE TABLE run_record (
        id bigserial PRIMARY KEY,
        kind text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
        counts jsonb NOT NULL DEFAULT '{}',
        error text
      )`);
    await q.query(`CREATE INDEX run_record_kind_idx ON run_record (kind, started_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE run_record`);
    await q.query(`DROP TABLE audit_record`);
    await q.query(`DROP TABLE api_token`);
    await q.query(`DROP TABLE app_user`);
  }
}
