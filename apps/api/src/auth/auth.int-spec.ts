import { TestClock } from '@ixora/testing';
import { bearer, itemsOf, MEMBER_A, startApiTestApp, type ApiTestApp } from '../testing/api-test.app.js';

/** `ixora_<12 hex>_<secret>`; the secret is base64url and may itself hold "_". */
const secretOf = (token: string) => token.slice('ixora_'.length + 13);

describe('login and API tokens', () => {
  let t: ApiTestApp;

  beforeAll(async () => {
    t = await startApiTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('stores passwords as argon2id hashes', async () => {
    const rows: { password_hash: string }[] = await t.db.dataSource.query(
      `SELECT password_hash FROM app_user`,
    );
    expect(rows.length).toBe(4);
    for (const row of rows) expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$/);
  });

  it('logs in with e-mail and password and returns a token shown once, stored only hashed', async () => {
    const { email, password } = t.users.adminA;
    const res = await t.http
      .post('/api/v1/auth/login')
      .send({ email: email.toUpperCase(), password })
      .expect(200);
    expect(res.body).toEqual({
      token: expect.stringMatching(/^ixora_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/),
      id: expect.any(Number),
      name: expect.stringMatching(/^login \d{4}-\d\d-\d\d \d\d\.\d\d\.\d\d$/),
      userId: expect.any(Number),
      createdAt: expect.any(String),
      lastUsedAt: null,
      expiresAt: expect.any(String),
      revokedAt: null,
    });
    const lifetimeMs = Date.parse(res.body.expiresAt as string) - Date.parse(res.body.createdAt as string);
    expect(Math.abs(lifetimeMs - 12 * 3600_000)).toBeLessThan(60_000);
    const token = res.body.token as string;
    const secret = secretOf(token);
    const stored = JSON.stringify(await t.db.dataSource.query(`SELECT * FROM api_token`));
    expect(stored).not.toContain(secret);

    const me = await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(me.body).toEqual({
      label: `token:${res.body.name}(${email})`,
      userId: res.body.userId,
      role: 'member_admin',
      memberAsn: MEMBER_A,
    });
  });

  it('answers 401 for a wrong password and for an unknown e-mail alike', async () => {
    const wrong = await t.http
      .post('/api/v1/auth/login')
      .send({ email: t.users.userA.email, password: 'not the password' })
      .expect(401);
    const unknown = await t.http
      .post('/api/v1/auth/login')
      .send({ email: 'nobody@example.net', password: 'whatever12345' })
      .expect(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error).toEqual({
      code: 'unauthorized',
      message: 'wrong e-mail or password',
      status: 401,
    });
  });

  it('checks the login body shape and names the field', async () => {
    const res = await t.http.post('/api/v1/auth/login').send({ email: t.users.userA.email }).expect(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_value', field: 'password' });
  });

  it('lets a user create tokens for itself; only staff for others', async () => {
    const own = await t.http
      .post('/api/v1/auth/tokens')
      .set(...bearer(t.users.userA))
      .send({ name: 'grafana' })
      .expect(201);
    await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${own.body.token}`).expect(200);

    const adminUserId = (await t.http.get('/api/v1/auth/me').set(...bearer(t.users.admin))).body
      .userId as number;
    const denied = await t.http
      .post('/api/v1/auth/tokens')
      .set(...bearer(t.users.userA))
      .send({ name: 'steal', userId: adminUserId });
    expect(denied.status).toBe(403);

    const userBId = (await t.http.get('/api/v1/auth/me').set(...bearer(t.users.userB))).body.userId as number;
    const forB = await t.http
      .post('/api/v1/auth/tokens')
      .set(...bearer(t.users.admin))
      .send({ name: 'for b', userId: userBId })
      .expect(201);
    const meB = await t.http
      .get('/api/v1/auth/me')
      .set('Authorization', `Bearer ${forB.body.token}`)
      .expect(200);
    expect(meB.body.role).toBe('member_user');

    const audit = await t.http
      .get('/api/v1/audit?entityType=api_token')
      .set(...bearer(t.users.admin))
      .expect(200);
    expect(itemsOf<{ action: string }>(audit).map((r) => r.action)).toContain('api_token.create');
    expect(JSON.stringify(audit.body)).not.toContain(secretOf((forB.body as { token: string }).token));
  });

  it('lists your tokens without secrets and revokes one at once (logout)', async () => {
    const { email, password } = t.users.userA;
    const login = await t.http.post('/api/v1/auth/login').send({ email, password }).expect(200);
    const session = ['Authorization', `Bearer ${login.body.token}`] as [string, string];
    const mine = await t.http
      .get('/api/v1/auth/tokens')
      .set(...session)
      .expect(200);
    expect((mine.body as { id: number }[]).map((tk) => tk.id)).toContain(login.body.id);
    expect(JSON.stringify(mine.body)).not.toContain(secretOf(login.body.token as string));
    expect((mine.body as { lastUsedAt: string | null }[]).find((tk) => tk.lastUsedAt !== null)).toBeDefined();

    // Another user's token is "not found" for a member user, and nobody lists others' tokens but staff.
    const adminTokens = await t.http
      .get('/api/v1/auth/tokens')
      .set(...bearer(t.users.admin))
      .expect(200);
    const adminTokenId = (adminTokens.body as { id: number }[])[0]!.id;
    await t.http
      .delete(`/api/v1/auth/tokens/${adminTokenId}`)
      .set(...session)
      .expect(404);
    const adminUserId = (await t.http.get('/api/v1/auth/me').set(...bearer(t.users.admin))).body
      .userId as number;
    await t.http
      .get(`/api/v1/auth/tokens?userId=${adminUserId}`)
      .set(...session)
      .expect(403);

    await t.http
      .delete(`/api/v1/auth/tokens/${login.body.id}`)
      .set(...session)
      .expect(204);
    await t.http
      .get('/api/v1/auth/me')
      .set(...session)
      .expect(401);
    await t.http
      .get('/api/v1/auth/me')
      .set(...bearer(t.users.userA))
      .expect(200);
    const audit = await t.http
      .get('/api/v1/audit?action=api_token.revoke')
      .set(...bearer(t.users.admin))
      .expect(200);
    expect(itemsOf<{ entityId: string }>(audit).map((r) => r.entityId)).toEqual([String(login.body.id)]);
  });

  it('creates tokens that expire when asked to', async () => {
    const res = await t.http
      .post('/api/v1/auth/tokens')
      .set(...bearer(t.users.userA))
      .send({ name: 'ci', expiresInDays: 30 })
      .expect(201);
    const lifetimeMs = Date.parse(res.body.expiresAt as string) - Date.parse(res.body.createdAt as string);
    expect(Math.abs(lifetimeMs - 30 * 86_400_000)).toBeLessThan(60_000);
    await t.db.dataSource.query(
      `UPDATE api_token SET expires_at = now() - interval '1 second' WHERE id = $1`,
      [res.body.id],
    );
    await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${res.body.token}`).expect(401);
    const bad = await t.http
      .post('/api/v1/auth/tokens')
      .set(...bearer(t.users.userA))
      .send({ name: 'x', expiresInDays: 0 })
      .expect(400);
    expect(bad.body.error).toMatchObject({ field: 'expiresInDays', value: 0 });
  });

  it('refuses further logins with 429 after repeated failures', async () => {
    const email = t.users.userB.email;
    for (let i = 0; i < 10; i++) {
      await t.http
        .post('/api/v1/auth/login')
        .send({ email, password: `guess number ${i}` })
        .expect(401);
    }
    const res = await t.http
      .post('/api/v1/auth/login')
      .send({ email, password: t.users.userB.password })
      .expect(429);
    expect(res.body.error).toMatchObject({ code: 'rate_limited', status: 429 });
  });
});

describe('token expiry is judged by the clock, not the calendar', () => {
  const HOUR_MS = 3600_000;
  const DAY_MS = 24 * HOUR_MS;
  // A year from now, so the test says what happens whatever day it runs on.
  const clock = TestClock.yearAhead();
  let t: ApiTestApp;

  beforeAll(async () => {
    t = await startApiTestApp({ clock });
  });
  afterAll(async () => {
    await t.close();
  });

  it('a login token works for 12 hours of the clock, then answers 401', async () => {
    const { email, password } = t.users.userB;
    const login = await t.http.post('/api/v1/auth/login').send({ email, password }).expect(200);
    expect(Date.parse(login.body.expiresAt as string)).toBe(clock.now().getTime() + 12 * HOUR_MS);
    const auth = ['Authorization', `Bearer ${login.body.token as string}`] as const;
    clock.advance(12 * HOUR_MS - 1000);
    await t.http
      .get('/api/v1/auth/me')
      .set(...auth)
      .expect(200);
    clock.advance(1000);
    await t.http
      .get('/api/v1/auth/me')
      .set(...auth)
      .expect(401);
  });

  it("a token's lastUsedAt follows its use to the minute, with at most one write a minute", async () => {
    const res = await t.http
      .post('/api/v1/auth/tokens')
      .set(...bearer(t.users.userA))
      .send({ name: 'last-used' })
      .expect(201);
    const auth = ['Authorization', `Bearer ${res.body.token as string}`] as const;
    const lastUsed = async (): Promise<number> => {
      const [row] = await t.db.dataSource.query<{ last_used_at: Date }[]>(
        `SELECT last_used_at FROM api_token WHERE id = $1`,
        [res.body.id],
      );
      return row!.last_used_at.getTime();
    };
    await t.http
      .get('/api/v1/auth/me')
      .set(...auth)
      .expect(200);
    const first = clock.now().getTime();
    expect(await lastUsed()).toBe(first);
    clock.advance(59_000);
    await t.http
      .get('/api/v1/auth/me')
      .set(...auth)
      .expect(200);
    expect(await lastUsed()).toBe(first);
    clock.advance(1_000);
    await t.http
      .get('/api/v1/auth/me')
      .set(...auth)
      .expect(200);
    expect(await lastUsed()).toBe(first + 60_000);
  });

  it('a token asked for 30 days works on day 29 and not on day 31', async () => {
    const res = await t.http
      .post('/api/v1/auth/tokens')
      .set(...bearer(t.users.userA))
      .send({ name: 'ci', expiresInDays: 30 })
      .expect(201);
    expect(Date.parse(res.body.expiresAt as string)).toBe(clock.now().getTime() + 30 * DAY_MS);
    const auth = ['Authorization', `Bearer ${res.body.token as string}`] as const;
    clock.advance(29 * DAY_MS);
    await t.http
      .get('/api/v1/auth/me')
      .set(...auth)
      .expect(200);
    clock.advance(2 * DAY_MS);
    await t.http
      .get('/api/v1/auth/me')
      .set(...auth)
      .expect(401);
    // Tokens without an expiry keep working.
    await t.http
      .get('/api/v1/auth/me')
      .set(...bearer(t.users.userA))
      .expect(200);
  });
});
