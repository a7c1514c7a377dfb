import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who peers with whom bilaterally, as members record it: both directions when a peering request
 * is accepted, one direction when a member records an existing session by hand.
 */
export class BilateralPeers1764400000065 implements MigrationInterface {
  name = 'BilateralPeers1764400000065';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE bilateral_peer (
        id serial PRIMARY KEY,
        member_id integer NOT NULL REFERENCES member (id) ON DELETE CASCADE,
        peer_member_id integer NOT NULL REFERENCES member (id) ON DELETE CASCADE,
        source text NOT NULL CHECK (source IN ('request', 'manual')),
        peering_request_id integer REFERENCES peering_request (id) ON DELETE SET NULL,
        note text CHECK (length(note) <= 500),
        recorded_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (member_id <> peer_member_id),
        UNIQUE (member_id, peer_member_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE bilateral_peer`);
  }
}
