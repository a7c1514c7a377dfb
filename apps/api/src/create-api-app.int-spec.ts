import pg from 'pg';
import supertest from 'supertest';
import { loadConfig } from '@ixora/config';
import { createTestDatabase, isEmbeddedTestDatabase, type TestDatabase } from '@ixora/testing';
import { createApiApp } from './create-api-app.js';

async function sessionsOn(db: TestDatabase): Promise<number> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

describe('createApiApp as `ixora serve` starts it', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.dataSource.destroy();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('opens the configured database itself, answers on a port and closes the database on close()', async () => {
    const app = await createApiApp(loadConfig({ DATABASE_URL: db.url }), { logger: false });
    await app.listen(0, '127.0.0.1');
    const url = await app.getUrl();
    expect((await supertest(url).get('/api/v1/health').expect(200)).body).toEqual({
      status: 'ok',
      database: 'ok',
    });
    await supertest(url).get('/api/v1/members').expect(401);
    if (isEmbeddedTestDatabase()) {
      // PGlite keeps no pg_stat_activity: only the close itself can be checked there.
      await app.close();
      return;
    }
    expect(await sessionsOn(db)).toBeGreaterThan(0);
    await app.close();
    // A backend leaves pg_stat_activity a moment after its client disconnected.
    let open = await sessionsOn(db);
    for (let i = 0; i < 20 && open > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      open = await sessionsOn(db);
    }
    expect(open).toBe(0);
  });
});
