import { spawnSync } from 'node:child_process';
import { JobQueue, JobRunner } from '@ixora/domain';
import { bearer, startApiTestApp, type ApiTestApp } from '../testing/api-test.app.js';

const hasBird = spawnSync('bird', ['--version']).error === undefined;

describe('jobs API: long operations queued and reported with a status', () => {
  let t: ApiTestApp;
  let runner: JobRunner;

  beforeAll(async () => {
    t = await startApiTestApp();
    runner = t.app.get(JobRunner);
  });
  afterAll(async () => {
    await t.close();
  });

  it('queues a job (202), a worker runs it once, and its status, progress and result can be read', async () => {
    const queued = await t.http
      .post('/api/v1/jobs')
      .set(...bearer(t.users.admin))
      .send({ kind: 'config.build', params: { rs: 'rs1' } })
      .expect(202);
    expect(queued.body).toMatchObject({
      kind: 'config.build',
      status: 'queued',
      queuedBy: 'token:test(staff@ix.example.net)',
    });
    expect(await runner.drain()).toBe(1);
    expect(await runner.drain()).toBe(0);
    const done = await t.http
      .get(`/api/v1/jobs/${queued.body.id}`)
      .set(...bearer(t.users.admin))
      .expect(200);
    if (hasBird) {
      expect(done.body).toMatchObject({ status: 'succeeded', error: null });
      expect(done.body.result).toMatchObject({
        configVersionId: expect.any(Number),
        sizeBytes: expect.any(Number),
      });
    } else {
      expect(done.body).toMatchObject({ status: 'failed', error: expect.stringMatching(/bird/) });
    }
    if (hasBird) {
      const admin = bearer(t.users.admin);
      const versions = await t.http
        .get('/api/v1/route-servers/rs1/config/versions')
        .set(...admin)
        .expect(200);
      expect(versions.body).toMatchObject({
        total: 1,
        items: [{ validationStatus: 'valid', deployStatus: null }],
      });
      // No member has IRR data yet: each is named, and the build still succeeded.
      expect(versions.body.items[0].warnings).toEqual(
        [64496, 64497, 64498].map((asn) => ({
          asn,
          member: expect.any(String),
          code: 'irr_missing',
          message: expect.stringMatching(
            new RegExp(`^AS${asn} \\(.*\\): has no IRR data yet .*accept no routes through the IRR step$`),
          ),
        })),
      );
      expect(done.body.result.warnings).toHaveLength(3);
      expect(versions.body.items[0].text).toBeUndefined();
      const one = await t.http
        .get(`/api/v1/route-servers/rs1/config/versions/${versions.body.items[0].id}`)
        .set(...admin)
        .expect(200);
      expect(one.body.text).toMatch(/^router id 192\.0\.2\.1;$/m);
      expect(one.body.warnings).toEqual(versions.body.items[0].warnings);
      const diff = await t.http
        .get('/api/v1/route-servers/rs1/config/diff')
        .set(...admin)
        .expect(200);
      expect(diff.body).toMatchObject({ deployedVersionId: null, isChanged: true });
      await t.http
        .get('/api/v1/route-servers/rs1/config/versions')
        .set(...bearer(t.users.adminA))
        .expect(403);
      await t.http
        .get('/api/v1/route-servers/nope/config/versions/1')
        .set(...admin)
        .expect(404);
    }
    const audit = await t.db.dataSource.query(`SELECT actor FROM audit_record WHERE action = 'job.enqueue'`);
    expect(audit).toEqual([{ actor: 'token:test(staff@ix.example.net)' }]);
  });

  it('records the failure of a job in its status', async () => {
    const queued = await t.http
      .post('/api/v1/jobs')
      .set(...bearer(t.users.admin))
      .send({ kind: 'config.deploy', params: { rs: 'rs1' } })
      .expect(202);
    await runner.drain();
    const failed = await t.http
      .get(`/api/v1/jobs/${queued.body.id}`)
      .set(...bearer(t.users.admin))
      .expect(200);
    expect(failed.body.status).toBe('failed');
    expect(failed.body.error).toMatch(/no control socket|never deployed|no built config/);
    const list = await t.http
      .get('/api/v1/jobs?limit=1')
      .set(...bearer(t.users.admin))
      .expect(200);
    expect(list.body).toMatchObject({ total: 2, limit: 1, items: [{ id: queued.body.id }] });
  });

  it('rejects unknown kinds and bad parameters with the field named, and members get 403', async () => {
    const unknown = await t.http
      .post('/api/v1/jobs')
      .set(...bearer(t.users.admin))
      .send({ kind: 'rm.rf' })
      .expect(400);
    expect(unknown.body.error).toMatchObject({ code: 'invalid_value', field: 'kind' });
    const badRs = await t.http
      .post('/api/v1/jobs')
      .set(...bearer(t.users.admin))
      .send({ kind: 'config.build', params: { rs: 'rs1"; configure' } })
      .expect(400);
    expect(badRs.body.error.field).toBe('params.rs');
    // A field beside kind and params is refused, not dropped (a client's typo is not silently ignored).
    const jobsBefore = await t.db.dataSource.query(`SELECT id FROM job ORDER BY id`);
    const extra = await t.http
      .post('/api/v1/jobs')
      .set(...bearer(t.users.admin))
      .send({ kind: 'config.deploy', params: { rs: 'rs1' }, force: true })
      .expect(400);
    expect(JSON.stringify(extra.body.error)).toContain('force');
    expect(await t.db.dataSource.query(`SELECT id FROM job ORDER BY id`)).toEqual(jobsBefore);
    await t.http
      .post('/api/v1/jobs')
      .set(...bearer(t.users.adminA))
      .send({ kind: 'irr.refresh' })
      .expect(403);
    await t.http
      .get('/api/v1/jobs/999999')
      .set(...bearer(t.users.admin))
      .expect(404);
  });

  it('runs each queued job exactly once when several workers poll at the same time', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await t.http
        .post('/api/v1/jobs')
        .set(...bearer(t.users.admin))
        .send({ kind: 'config.deploy', params: { rs: 'rs1' } })
        .expect(202);
      ids.push(res.body.id);
    }
    const second = new JobRunner(t.app.get(JobQueue));
    second.register('config.deploy', () => Promise.resolve({ ranBy: 'second' }));
    const [a, b] = await Promise.all([runner.drain(), second.drain()]);
    expect(a + b).toBe(6);
    const rows = await t.db.dataSource.query(`SELECT status FROM job WHERE id = ANY($1::bigint[])`, [ids]);
    expect(rows.every((r: { status: string }) => r.status === 'succeeded' || r.status === 'failed')).toBe(
      true,
    );
  });

  (hasBird ? it : it.skip)(
    'config.build with strict: true fails on warnings and stores no version',
    async () => {
      const admin = bearer(t.users.admin);
      const versions = () =>
        t.http
          .get('/api/v1/route-servers/rs1/config/versions')
          .set(...admin)
          .expect(200);
      const before = (await versions()).body.total;
      const strict = await t.http
        .post('/api/v1/jobs')
        .set(...admin)
        .send({ kind: 'config.build', params: { rs: 'rs1', strict: true } })
        .expect(202);
      expect(await runner.drain()).toBe(1);
      const refused = await t.http
        .get(`/api/v1/jobs/${strict.body.id}`)
        .set(...admin)
        .expect(200);
      expect(refused.body).toMatchObject({
        status: 'failed',
        error: expect.stringMatching(
          /^3 warning\(s\) and --strict: no config version stored for rs1 \(AS64496 /,
        ),
      });
      expect((await versions()).body.total).toBe(before);
    },
  );
});

describe('RPKI coverage report API', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await startApiTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('gives staff every member and a member user only its own', async () => {
    const all = await t.http
      .get('/api/v1/rpki/report')
      .set(...bearer(t.users.admin))
      .expect(200);
    expect(all.body.map((r: { asn: number }) => r.asn)).toEqual([64496, 64497, 64498, 64499]);
    const own = await t.http
      .get('/api/v1/rpki/report')
      .set(...bearer(t.users.userA))
      .expect(200);
    expect(own.body).toEqual([
      {
        asn: 64496,
        name: expect.any(String),
        valid: 0,
        invalid: 0,
        unknown: 0,
        irrStatus: { v4: 'none', v6: 'none' },
      },
    ]);
    await t.http
      .get('/api/v1/rpki/report?asn=64497')
      .set(...bearer(t.users.userA))
      .expect(404);
    await t.http.get('/api/v1/rpki/report').expect(401);
  });
});
