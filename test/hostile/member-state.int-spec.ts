import {
  bearer,
  MEMBER_A,
  startApiTestApp,
  type ApiTestApp,
} from '../../apps/api/src/testing/api-test.app.js';

/** A member that is not active gives its users no access; re-enabling a user does not revive its tokens. */
describe('member state and disabled users limit access', () => {
  let t: ApiTestApp;

  beforeAll(async () => {
    t = await startApiTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  const setStatus = (status: string) =>
    t.http
      .patch(`/api/v1/members/${MEMBER_A}`)
      .set(...bearer(t.users.admin))
      .send({ status })
      .expect(200);
  const login = (user: { email: string; password: string }) =>
    t.http.post('/api/v1/auth/login').send({ email: user.email, password: user.password });

  it.each(['left', 'suspended', 'onboarding'])(
    'users of a member that is %s cannot sign in, read, change data or create users',
    async (status) => {
      await setStatus(status);
      try {
        const { adminA, userA, userB } = t.users;
        await t.http
          .get('/api/v1/auth/me')
          .set(...bearer(adminA))
          .expect(401);
        await t.http
          .get('/api/v1/auth/me')
          .set(...bearer(userA))
          .expect(401);
        await login(adminA).expect(401);
        await t.http
          .patch(`/api/v1/members/${MEMBER_A}`)
          .set(...bearer(adminA))
          .send({ url: 'https://left.example.net' })
          .expect(401);
        await t.http
          .post('/api/v1/users')
          .set(...bearer(adminA))
          .send({ email: `new-${status}@network0.example.net`, role: 'member_user', memberAsn: MEMBER_A })
          .expect(401);
        expect(
          await t.db.dataSource.query(`SELECT 1 FROM app_user WHERE email = $1`, [
            `new-${status}@network0.example.net`,
          ]),
        ).toEqual([]);
        // Other members' users and staff are not affected.
        await t.http
          .get('/api/v1/auth/me')
          .set(...bearer(userB))
          .expect(200);
        await t.http
          .get('/api/v1/auth/me')
          .set(...bearer(t.users.admin))
          .expect(200);
      } finally {
        await setStatus('active');
      }
      // Active again: the member's users are back.
      await t.http
        .get('/api/v1/auth/me')
        .set(...bearer(t.users.adminA))
        .expect(200);
    },
  );

  it('disabling a user revokes its tokens: enabling it again does not bring them back', async () => {
    const user = await t.addUser('ops@network0.example.net', 'member_user', MEMBER_A);
    const [row] = await t.db.dataSource.query<{ id: number }[]>(`SELECT id FROM app_user WHERE email = $1`, [
      user.email,
    ]);
    const id = row!.id;
    await t.http
      .get('/api/v1/auth/me')
      .set(...bearer(user))
      .expect(200);
    await t.http
      .patch(`/api/v1/users/${id}`)
      .set(...bearer(t.users.adminA))
      .send({ isDisabled: true })
      .expect(200);
    await t.http
      .get('/api/v1/auth/me')
      .set(...bearer(user))
      .expect(401);
    await login(user).expect(401);
    await t.http
      .patch(`/api/v1/users/${id}`)
      .set(...bearer(t.users.adminA))
      .send({ isDisabled: false })
      .expect(200);

    await t.http
      .get('/api/v1/auth/me')
      .set(...bearer(user))
      .expect(401);
    const fresh = await login(user).expect(200);
    await t.http
      .get('/api/v1/auth/me')
      .set('Authorization', `Bearer ${fresh.body.token as string}`)
      .expect(200);
    const tokens = await t.db.dataSource.query<{ revoked_at: Date | null }[]>(
      `SELECT revoked_at FROM api_token WHERE user_id = $1 ORDER BY id`,
      [id],
    );
    expect(tokens.map((r) => r.revoked_at !== null)).toEqual([true, false]);
  });
});
