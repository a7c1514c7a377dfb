import { createTestDatabase, type TestDatabase } from '@ixora/testing';
import { IxoraError } from '@ixora/errors';
import { withRunRecord } from './run.recorder.js';

describe('withRunRecord', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  const runOf = async (id: string) =>
    (
      await db.dataSource.query(
        `SELECT kind, status, counts, error, finished_at IS NOT NULL AS finished FROM run_record WHERE id = $1`,
        [id],
      )
    )[0];

  it('records the outcome the result gives: counts, status and error', async () => {
    let runId = '';
    const result = await withRunRecord(
      db.dataSource,
      'irr_refresh',
      async (run) => {
        runId = run.id;
        expect((await runOf(run.id)).status).toBe('running');
        return { ok: 0, failed: 2 };
      },
      {
        outcome: (r) => ({
          counts: r,
          status: r.ok > 0 ? 'succeeded' : 'failed',
          error: 'AS-EXAMPLE: unknown set',
        }),
      },
    );
    expect(result).toEqual({ ok: 0, failed: 2 });
    expect(await runOf(runId)).toEqual({
      kind: 'irr_refresh',
      status: 'failed',
      counts: { ok: 0, failed: 2 },
      error: 'AS-EXAMPLE: unknown set',
      finished: true,
    });
  });

  it('succeeds without counts when no outcome is given', async () => {
    let runId = '';
    await withRunRecord(db.dataSource, 'rpki_refresh', (run) => {
      runId = run.id;
      return Promise.resolve();
    });
    expect(await runOf(runId)).toMatchObject({
      status: 'succeeded',
      counts: {},
      error: null,
      finished: true,
    });
  });

  it('fails the run with the message of what the work threw, with the counts so far, and rethrows it', async () => {
    let runId = '';
    const thrown = new IxoraError('upstream_failed', 'PeeringDB answered 503');
    await expect(
      withRunRecord(
        db.dataSource,
        'peeringdb_sync',
        (run) => {
          runId = run.id;
          return Promise.reject(thrown);
        },
        { failedCounts: () => ({ fetched: 12 }) },
      ),
    ).rejects.toBe(thrown);
    expect(await runOf(runId)).toMatchObject({
      status: 'failed',
      counts: { fetched: 12 },
      error: 'PeeringDB answered 503',
      finished: true,
    });
  });
});
