import { createTestDatabase, type TestDatabase } from '@ixora/testing';
import { cliActor } from '../services/actor.js';
import { JobQueue } from './job.queue.js';
import { JobRunner } from './job.runner.js';

describe('JobQueue on PostgreSQL', () => {
  let db: TestDatabase;
  let queue: JobQueue;
  beforeAll(async () => {
    db = await createTestDatabase();
    queue = new JobQueue(db.dataSource);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('fails a running job whose worker stopped sending heartbeats, and leaves live ones alone', async () => {
    const dead = await queue.enqueue(cliActor('test'), 'irr.refresh');
    const live = await queue.enqueue(cliActor('test'), 'rpki.refresh');
    await db.dataSource.query(
      `UPDATE job SET status = 'running', worker = 'gone/1', heartbeat_at = now() - interval '10 minutes' WHERE id = $1`,
      [dead.id],
    );
    await db.dataSource.query(
      `UPDATE job SET status = 'running', worker = 'here/2', heartbeat_at = now() WHERE id = $1`,
      [live.id],
    );
    expect(await queue.claim('me/3', ['irr.refresh'])).toBeNull();
    const rows = await db.dataSource.query(`SELECT id, status, error FROM job ORDER BY id`);
    expect(rows).toEqual([
      { id: dead.id, status: 'failed', error: 'the worker gone/1 stopped while running this job' },
      { id: live.id, status: 'running', error: null },
    ]);
  });

  it('records a heartbeat when it claims a job and the result when it is done', async () => {
    const job = await queue.enqueue(cliActor('test'), 'config.build', { rs: 'rs1' });
    const runner = new JobRunner(queue);
    let heartbeatAtStart: unknown;
    runner.register('config.build', async (params, ctx) => {
      [{ heartbeat_at: heartbeatAtStart }] = await db.dataSource.query(
        `SELECT heartbeat_at FROM job WHERE id = $1`,
        [job.id],
      );
      ctx.progress(1, 1);
      return { built: params.rs };
    });
    expect(await runner.drain()).toBe(1);
    expect(heartbeatAtStart).toBeInstanceOf(Date);
    const [row] = await db.dataSource.query(
      `SELECT status, result, progress_done, progress_total FROM job WHERE id = $1`,
      [job.id],
    );
    expect(row).toEqual({
      status: 'succeeded',
      result: { built: 'rs1' },
      progress_done: 1,
      progress_total: 1,
    });
  });
});
