import type { INestApplication } from '@nestjs/common';
import supertest from 'supertest';
import { loadConfig } from '@ixora/config';
import { RateLimitStore } from '@ixora/domain';
import { LOGIN_LIMITS } from '../../apps/api/src/auth/auth.service.js';
import { clientKey } from '../../apps/api/src/common/client-key.js';
import { createApiApp } from '../../apps/api/src/create-api-app.js';
import { startApiTestApp, type ApiTestApp } from '../../apps/api/src/testing/api-test.app.js';

/**
 * The login throttle and the looking glass's rate limit hold across `serve` processes and
 * restarts: two API apps on one database count against the same limits.
 */
describe('limits shared by every API process', () => {
  let t: ApiTestApp;
  const extra: INestApplication[] = [];

  const startAnother = async (env: Record<string, string> = {}): Promise<INestApplication> => {
    const app = await createApiApp(
      loadConfig({ DATABASE_URL: t.db.url, TRUST_PROXY: 'loopback', LG_RATE_LIMIT_PER_MINUTE: '4', ...env }),
      { dataSource: t.db.dataSource, logger: false },
    );
    extra.push(app);
    return app;
  };
  const http = (app: INestApplication) => supertest(app.getHttpServer() as Parameters<typeof supertest>[0]);
  const stop = async (app: INestApplication) => {
    extra.splice(extra.indexOf(app), 1);
    await app.close();
  };

  beforeAll(async () => {
    t = await startApiTestApp();
  });

  afterAll(async () => {
    for (const app of extra) await app.close();
    await t.close();
  });

  it('the looking-glass rate limit counts requests to both processes, and a restart does not reset it', async () => {
    const one = await startAnother();
    const two = await startAnother();
    const lg = (app: INestApplication) =>
      http(app).get('/api/lg/v1/routeservers').set('X-Forwarded-For', '198.51.100.7');
    await lg(one).expect(200);
    await lg(two).expect(200);
    await lg(one).expect(200);
    await lg(two).expect(200);
    const refused = await lg(one).expect(429);
    expect(Number(refused.headers['retry-after'])).toBe(15);
    expect(refused.body.error.code).toBe('rate_limited');
    await lg(two).expect(429);
    // Another client is not affected.
    await http(two).get('/api/lg/v1/routeservers').set('X-Forwarded-For', '198.51.100.8').expect(200);

    await stop(one);
    await stop(two);
    const restarted = await startAnother();
    await lg(restarted).expect(429);
  });

  it('failed logins count across processes; the lock is per account and source, with Retry-After', async () => {
    const { email, password } = t.users.userB;
    const one = await startAnother();
    const two = await startAnother();
    const login = (app: INestApplication, from: string, pass: string) =>
      http(app).post('/api/v1/auth/login').set('X-Forwarded-For', from).send({ email, password: pass });

    // Five wrong guesses at each process: ten in all, the limit.
    for (let i = 0; i < 5; i++) {
      await login(one, '203.0.113.66', `wrong guess ${i}`).expect(401);
      await login(two, '203.0.113.66', `wrong guess ${i}`).expect(401);
    }
    const locked = await login(one, '203.0.113.66', password).expect(429);
    expect(locked.body.error.code).toBe('rate_limited');
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
    await login(two, '203.0.113.66', password).expect(429);

    // The owner, elsewhere, still signs in with the right password: the guesser locked only itself out.
    const owner = await login(two, '192.0.2.200', password).expect(200);
    expect(owner.body.token).toMatch(/^ixora_/);

    // A restart keeps the lock.
    await stop(one);
    await stop(two);
    const restarted = await startAnother();
    await login(restarted, '203.0.113.66', password).expect(429);
  });

  it('many accounts guessed from one source: the source is locked for all of them', async () => {
    const app = await startAnother();
    // 99 failures recorded as the other process would have (each real login costs a password
    // hash, which made 100 requests take minutes on a busy machine), then the 100th by HTTP.
    const limits = t.app.get(RateLimitStore);
    const { scope, maxFailures, windowMs } = LOGIN_LIMITS.source;
    for (let i = 0; i < maxFailures - 1; i++)
      await limits.recordFailure(scope, clientKey('2001:db8:66::1'), windowMs);
    await http(app)
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', '2001:db8:66::1')
      .send({ email: 'nobody@example.net', password: 'not a password' })
      .expect(401);
    // Another address of the same /64 is the same source.
    await http(app)
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', '2001:db8:66::2')
      .send({ email: t.users.userA.email, password: t.users.userA.password })
      .expect(429);
  });
});
