import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BirdReplayServer } from '@ixora/bird-client';
import { RouteServer } from '@ixora/domain';
import { LookingGlassService, recordedSocketAnswers } from '@ixora/looking-glass';
import { startApiTestApp, type ApiTestApp } from '../testing/api-test.app.js';

describe('GET /health/live and /health/ready', () => {
  let t: ApiTestApp;
  let bird: BirdReplayServer;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-ready-'));
    bird = await BirdReplayServer.start(path.join(dir, 'bird.ctl'), recordedSocketAnswers());
    t = await startApiTestApp();
  });
  afterAll(async () => {
    await t?.close();
    await bird?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('is live without credentials', async () => {
    expect((await t.http.get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
  });

  it('is not ready while a route server cannot be read, and says which and why', async () => {
    await t.db.dataSource
      .getRepository(RouteServer)
      .update({ name: 'rs1' }, { socketPath: path.join(dir, 'nothing-here.ctl') });
    await t.app.get(LookingGlassService).refresh();
    const res = await t.http.get('/health/ready').expect(503);
    expect(res.body).toMatchObject({
      status: 'not_ready',
      database: 'ok',
      migrations: 'current',
      routeServers: [
        { name: 'rs1', status: 'unreachable', error: expect.stringContaining('nothing-here.ctl') },
      ],
    });
    expect(res.body.reasons).toEqual([
      expect.stringMatching(/^route server rs1 cannot be read: .*nothing-here/),
    ]);
  });

  it('is ready once every route server is read', async () => {
    await t.db.dataSource.getRepository(RouteServer).update({ name: 'rs1' }, { socketPath: bird.socketPath });
    await t.app.get(LookingGlassService).refresh();
    const res = await t.http.get('/health/ready').expect(200);
    expect(res.body).toEqual({
      status: 'ready',
      database: 'ok',
      migrations: 'current',
      routeServers: [{ name: 'rs1', status: 'up' }],
      reasons: [],
    });
  });

  it('is not ready with a migration missing', async () => {
    const [last] = await t.db.dataSource.query<{ id: number; timestamp: string; name: string }[]>(
      `SELECT id, timestamp, name FROM typeorm_migration ORDER BY id DESC LIMIT 1`,
    );
    await t.db.dataSource.query(`DELETE FROM typeorm_migration WHERE id = $1`, [last!.id]);
    try {
      const res = await t.http.get('/health/ready').expect(503);
      expect(res.body).toMatchObject({
        migrations: 'pending',
        reasons: [expect.stringMatching(/pending migrations/)],
      });
    } finally {
      await t.db.dataSource.query(`INSERT INTO typeorm_migration (id, timestamp, name) VALUES ($1, $2, $3)`, [
        last!.id,
        last!.timestamp,
        last!.name,
      ]);
    }
  });
});
