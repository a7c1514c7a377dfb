import { loadConfig } from '@ixora/config';
import { createTestDatabase, TestClock, type TestDatabase } from '@ixora/testing';
import { JobScheduler } from './job.scheduler.js';

describe('JobScheduler on PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('queues nothing unless an interval is configured', async () => {
    expect(await new JobScheduler(db.dataSource, loadConfig({}, '/')).tick()).toEqual([]);
  });

  it('queues each due refresh once, not while one is pending, and again after its interval', async () => {
    const scheduler = new JobScheduler(
      db.dataSource,
      loadConfig({ SCHEDULE_IRR_MINUTES: '360', SCHEDULE_RPKI_MINUTES: '30' }, '/'),
    );
    const t0 = new Date();
    expect(await scheduler.tick(t0)).toEqual(['irr.refresh', 'rpki.refresh']);
    // Still queued: no second job, however much time passes.
    expect(await scheduler.tick(new Date(t0.getTime() + 24 * 3_600_000))).toEqual([]);
    await db.dataSource.query(`UPDATE job SET status = 'succeeded', finished_at = now()`);
    expect(await scheduler.tick(new Date(t0.getTime() + 10 * 60_000))).toEqual([]);
    expect(await scheduler.tick(new Date(t0.getTime() + 31 * 60_000))).toEqual(['rpki.refresh']);
    expect(await scheduler.tick(new Date(t0.getTime() + 361 * 60_000))).toEqual(['irr.refresh']);
    const actors = await db.dataSource.query(`SELECT DISTINCT actor->>'label' AS label FROM job`);
    expect(actors).toEqual([{ label: 'scheduler' }]);
  });

  it('lets one scheduler decide at a time when several workers tick together', async () => {
    await db.dataSource.query(`UPDATE job SET status = 'succeeded'`);
    const config = loadConfig({ SCHEDULE_PEERINGDB_MINUTES: '1440' }, '/');
    const results = await Promise.all([1, 2, 3].map(() => new JobScheduler(db.dataSource, config).tick()));
    expect(results.flat()).toEqual(['peeringdb.sync']);
  });
});

describe('JobScheduler on its clock', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('measures intervals on the injected clock, a year from now as well as today', async () => {
    const clock = TestClock.yearAhead();
    const scheduler = new JobScheduler(
      db.dataSource,
      loadConfig({ SCHEDULE_RPKI_MINUTES: '30' }, '/'),
      clock,
    );
    expect(await scheduler.tick()).toEqual(['rpki.refresh']);
    await db.dataSource.query(`UPDATE job SET status = 'succeeded', finished_at = now()`);
    clock.advance(29 * 60_000);
    expect(await scheduler.tick()).toEqual([]);
    clock.advance(60_000);
    expect(await scheduler.tick()).toEqual(['rpki.refresh']);
    const [last] = await db.dataSource.query<{ created_at: Date }[]>(
      `SELECT created_at FROM job ORDER BY id DESC LIMIT 1`,
    );
    expect(last?.created_at.getTime()).toBe(clock.now().getTime());
  });
});
