import { Logger, type INestApplication } from '@nestjs/common';
import supertest from 'supertest';
import { configuredSecrets, JsonLogger } from '@ixora/app-composition';
import { loadConfig } from '@ixora/config';
import { createTestDatabase, type TestDatabase } from '@ixora/testing';
import { createApiApp } from '../create-api-app.js';

describe('LOG_FORMAT=json in the running API', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const lines: string[] = [];
  const metricsToken = 'metrics-token-for-logs-0123456789';

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = loadConfig({ DATABASE_URL: db.url, LOG_FORMAT: 'json', METRICS_TOKEN: metricsToken });
    app = await createApiApp(config, {
      dataSource: db.dataSource,
      logger: new JsonLogger(configuredSecrets(config), undefined, (line) => lines.push(line)),
    });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it("routes every Nest logger of the app to one JSON line per event, with the database's password and tokens redacted", async () => {
    const password = new URL(db.url).password;
    new Logger('JobRunner').error(`job loop: cannot reach ${db.url}`);
    new Logger('probe').warn(`scraped with Bearer ${metricsToken}`);
    await supertest(app.getHttpServer() as Parameters<typeof supertest>[0])
      .get('/metrics')
      .set('Authorization', `Bearer ${metricsToken}`)
      .expect(200);
    const events = lines.map(
      (line) => JSON.parse(line) as { level: string; context?: string; message: string },
    );
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 'error',
          context: 'JobRunner',
          message: expect.stringMatching(/^job loop/),
        }),
        expect.objectContaining({
          level: 'warn',
          context: 'probe',
          message: 'scraped with Bearer [redacted]',
        }),
      ]),
    );
    const text = lines.join('');
    expect(text).not.toContain(metricsToken);
    if (password) expect(text).not.toContain(`:${password}@`);
  });
});
