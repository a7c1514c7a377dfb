import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Requests by members' users for changes that widen their filters (AS-SETs, max-prefix limits):
 * pending until staff approve (the change is applied then) or decline with a reason.
 */
export class MemberRequests1764400000056 implements MigrationInterface {
  name = 'MemberRequests1764400000056';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE member_request (
        id serial PRIMARY KEY,
        member_id integer NOT NULL REFERENCES member (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('member_filters', 'session_max_prefix')),
        session_id integer REFERENCES route_server_session (id) ON DELETE CASCADE,
        requested_by text NOT NULL,
        requested_by_user_id integer REFERENCES app_user (id) ON DELETE SET NULL,
        current_value jsonb NOT NULL,
        proposed_value jsonb NOT NULL,
        note text CHECK (length(note) <= 2000),
        state text NOT NULL DEFAULT 'pending'
          CHECK (state IN ('pending', 'approved', 'declined', 'withdrawn')),
        decided_by text,
        decided_by_user_id integer REFERENCES app_user (id) ON DELETE SET NULL,
        decided_at timestamptz,
        reason text CHECK (length(reason) <= 2000),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'session_max_prefix') = (session_id IS NOT NULL)),
        CHECK ((state = 'pending') = (decided_at IS NULL)),
        CHECK ((state = 'pending') = (decided_by IS NULL)),
        CHECK (state <> 'declined' OR reason IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX member_request_member_idx ON member_request (member_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE member_request`);
  }
}
