import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { cliActor, JobRunner, PrefixSet, RouteServerConfigService, type Member } from '@ixora/domain';
import { bearer, startApiTestApp, type ApiTestApp } from '../testing/api-test.app.js';

const canRunBird =
  spawnSync('bird', ['--version']).error === undefined &&
  process.getuid?.() === 0 &&
  spawnSync('unshare', ['--version']).error === undefined;
const operator = cliActor('test');

async function waitForFile(file: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (
      await stat(file).then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${file} did not appear within ${timeoutMs} ms`);
}

/** The API's rollback: checked at once, run as a job through the deploy path, against a real BIRD. */
(canRunBird ? describe : describe.skip)('POST /api/v1/route-servers/:name/config/rollback', () => {
  let t: ApiTestApp;
  let dir: string;
  let bird: ChildProcess;
  let oldId: number;
  let configs: RouteServerConfigService;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-api-rollback-'));
    const etc = path.join(dir, 'etc');
    await mkdir(etc, { recursive: true });
    const socket = path.join(dir, 'bird.ctl');
    t = await startApiTestApp({ env: { BIRD_SOCKET: socket, BIRD_CONFIG_DIR: etc } });
    configs = t.app.get(RouteServerConfigService);
    const old = await configs.build(operator, 'rs1');
    oldId = old.version.id;
    await writeFile(path.join(etc, 'rs1.conf'), old.version.text);
    bird = spawn('unshare', ['--net', 'bird', '-f', '-c', path.join(etc, 'rs1.conf'), '-s', socket], {
      stdio: 'ignore',
    });
    await waitForFile(socket, 15_000);
    await configs.deploy(operator, 'rs1');
    const [member] = await t.db.dataSource.manager.find<Member>('Member', { order: { asn: 'ASC' }, take: 1 });
    await t.db.dataSource.manager.insert(PrefixSet, {
      memberId: member!.id,
      family: 4,
      asns: [member!.asn],
      prefixes: ['198.51.100.0/24'],
      aggregated: ['198.51.100.0/24{24,24}'],
      status: 'ok',
      source: 'RIPE',
      fetchedAt: new Date(),
    });
    await configs.build(operator, 'rs1');
    await configs.deploy(operator, 'rs1');
  }, 60_000);

  afterAll(async () => {
    bird?.kill('SIGTERM');
    await t?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('queues a rollback job that deploys the earlier version again and reports it', async () => {
    const lease = await t.http
      .get('/api/v1/route-servers/rs1/config/lease')
      .set(...bearer(t.users.admin))
      .expect(200);
    expect(lease.body).toEqual({ heldBy: null });
    const queued = await t.http
      .post('/api/v1/route-servers/rs1/config/rollback')
      .set(...bearer(t.users.admin))
      .send({ to: oldId })
      .expect(202);
    expect(queued.body).toMatchObject({
      kind: 'config.rollback',
      status: 'queued',
      params: { rs: 'rs1', to: oldId },
    });
    expect(await t.app.get(JobRunner).drain()).toBe(1);
    const done = await t.http
      .get(`/api/v1/jobs/${queued.body.id}`)
      .set(...bearer(t.users.admin))
      .expect(200);
    expect(done.body).toMatchObject({
      status: 'succeeded',
      result: { rollbackOfId: oldId, message: expect.stringMatching(/Reconfigured/), sessionsWaitedFor: 0 },
    });
    const versions = await t.http
      .get('/api/v1/route-servers/rs1/config/versions')
      .set(...bearer(t.users.admin))
      .expect(200);
    expect(versions.body.items[0]).toMatchObject({
      id: done.body.result.configVersionId,
      rollbackOfId: oldId,
      deployStatus: 'deployed',
    });
    const old = await configs.version(operator, 'rs1', oldId);
    expect(await readFile(path.join(dir, 'etc', 'rs1.conf'), 'utf8')).toBe(old.text);
  });

  it('answers an unknown version, one of another route server or a bad value naming `to`, and queues nothing', async () => {
    const admin = bearer(t.users.admin);
    const unknown = await t.http
      .post('/api/v1/route-servers/rs1/config/rollback')
      .set(...admin)
      .send({ to: 424242 })
      .expect(404);
    expect(unknown.body.error).toMatchObject({
      code: 'not_found',
      message: 'to: config version 424242 not found',
      field: 'to',
      value: 424242,
    });
    const bad = await t.http
      .post('/api/v1/route-servers/rs1/config/rollback')
      .set(...admin)
      .send({ to: 'yesterday' })
      .expect(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_value', field: 'to', value: 'yesterday' });
    await t.http
      .post('/api/v1/route-servers/nope/config/rollback')
      .set(...admin)
      .send({ to: oldId })
      .expect(404);
    const jobs = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM job`);
    expect(jobs).toEqual([{ n: 1 }]);
  });

  it('is for staff only', async () => {
    await t.http
      .post('/api/v1/route-servers/rs1/config/rollback')
      .set(...bearer(t.users.adminA))
      .send({ to: oldId })
      .expect(403);
    await t.http.post('/api/v1/route-servers/rs1/config/rollback').send({ to: oldId }).expect(401);
  });
});
