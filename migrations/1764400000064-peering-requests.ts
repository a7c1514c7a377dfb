import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bilateral peering requests between members: one member asks another (message, families, its
 * addresses), the other accepts or declines with an optional reply. At most one open request per
 * pair of members, whichever side sent it.
 */
export class PeeringRequests1764400000064 implements MigrationInterface {
  name = 'PeeringRequests1764400000064';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE peering_request (
        id serial PRIMARY KEY,
        from_member_id integer NOT NULL REFERENCES member (id) ON DELETE CASCADE,
        to_member_id integer NOT NULL REFERENCES member (id) ON DELETE CASCADE,
        families smallint[] NOT NULL CHECK (cardinality(families) BETWEEN 1 AND 2 AND families <@ '{4,6}'),
        addresses inet[] NOT NULL DEFAULT '{}',
        message text NOT NULL CHECK (length(message) BETWEEN 1 AND 2000),
        state text NOT NULL DEFAULT 'pending'
          CHECK (state IN ('pending', 'accepted', 'declined', 'withdrawn')),
        requested_by text NOT NULL,
        requested_by_user_id integer REFERENCES app_user (id) ON DELETE SET NULL,
        decided_by text,
        decided_by_user_id integer REFERENCES app_user (id) ON DELETE SET NULL,
        decided_at timestamptz,
        reply text CHECK (length(reply) <= 2000),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (from_member_id <> to_member_id),
        CHECK ((state = 'pending') = (decided_at IS NULL)),
        CHECK ((state = 'pending') = (decided_by IS NULL))
      )`);
    await q.query(`
      CREATE UNIQUE INDEX peering_request_open_pair_idx
        ON peering_request (least(from_member_id, to_member_id), greatest(from_member_id, to_member_id))
        WHERE state = 'pending'`);
    await q.query(`CREATE INDEX peering_request_from_idx ON peering_request (from_member_id, created_at)`);
    await q.query(`CREATE INDEX peering_request_to_idx ON peering_request (to_member_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE peering_request`);
  }
}
