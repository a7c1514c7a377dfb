import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Durable jobs: queued by the API or the CLI, claimed once by one worker, with progress. */
export class Jobs1764400000020 implements MigrationInterface {
  name = 'Jobs1764400000020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE job (
        id bigserial PRIMARY KEY,
        kind text NOT NULL CHECK (kind ~ '^[a-z]+(\\.[a-z]+)*$'),
        params jsonb NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
        progress_done integer NOT NULL DEFAULT 0 CHECK (progress_done >= 0),
        progress_total integer CHECK (progress_total >= 0),
        result jsonb,
        error text,
        actor jsonb NOT NULL,
        worker text,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        heartbeat_at timestamptz,
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX job_queued_idx ON job (id) WHERE status = 'queued'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE job`);
  }
}
