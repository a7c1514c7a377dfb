import supertest from 'supertest';
import { ApiToken, User, UserService } from '@ixora/domain';
import { startApiTestApp, type ApiTestApp } from '../testing/api-test.app.js';
import {
  mailText,
  postForm,
  postLogin,
  startTestSmtpServer,
  WEB_ENV,
  type Browser,
} from '../web/web.test-helper.js';

// `/portal/users`: a member's users and API tokens over the real app, database and a local SMTP server.

describe('member portal: users and API tokens', () => {
  let t: ApiTestApp;
  let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
  const browser = (): Browser =>
    supertest.agent(t.app.getHttpServer() as Parameters<typeof supertest.agent>[0]);

  async function signedIn(user: 'adminA' | 'userA' | 'userB'): Promise<Browser> {
    const b = browser();
    await postLogin(b, t.users[user].email, t.users[user].password).then((r) => expect(r.status).toBe(303));
    return b;
  }

  async function postTo(b: Browser, action: string, fields: Record<string, string>, status: number) {
    const res = await postForm(b, '/portal/users', fields, action);
    expect(res.status).toBe(status);
    return res;
  }

  const userByEmail = (email: string) => t.db.dataSource.getRepository(User).findOneByOrFail({ email });

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    t = await startApiTestApp({
      env: {
        ...WEB_ENV,
        SMTP_URL: smtp.url,
        MAIL_FROM: 'IX Example <noc@ix.example.net>',
        PUBLIC_URL: 'https://portal.ix.example.net',
      },
    });
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it("lists the member's users and tokens; a member_user sees them without forms", async () => {
    const user = await signedIn('userA');
    const page = await user.get('/portal/users').expect(200);
    expect(page.text).toContain(t.users.adminA.email);
    expect(page.text).toContain(t.users.userA.email);
    expect(page.text).not.toContain(t.users.userB.email);
    expect(page.text).toMatch(/<td>test<\/td><td>noc@network0\.example\.net<\/td>/);
    expect(page.text).not.toContain('action="/portal/users"');
    expect(page.text).not.toContain('/revoke"');
    await postTo(user, '/portal/users', { email: 'x@network0.example.net', role: 'member_user' }, 404);
    await postTo(user, '/portal/users/tokens', { name: 'mine' }, 404);
    await expect(
      t.db.dataSource.getRepository(User).countBy({ email: 'x@network0.example.net' }),
    ).resolves.toBe(0);
  });

  it('invites a user by e-mail with a link to choose a password, audited', async () => {
    const admin = await signedIn('adminA');
    const res = await postTo(
      admin,
      '/portal/users',
      { email: 'Peering@Network0.example.net', role: 'member_admin' },
      200,
    );
    expect(res.text).toContain('peering@network0.example.net was added and a mail');
    const invited = await userByEmail('peering@network0.example.net');
    expect(invited).toMatchObject({ role: 'member_admin', passwordHash: null });
    const mail = smtp.mails.find((m) => m.to.includes('peering@network0.example.net'));
    const link = /https:\/\/portal\.ix\.example\.net(\/password-reset\/[A-Za-z0-9_-]{43})/.exec(
      mailText(mail?.raw ?? ''),
    )?.[1];
    expect(link).toBeDefined();
    const newcomer = browser();
    await postForm(newcomer, link!, {
      password: 'a long new password',
      password_confirm: 'a long new password',
    }).then((r) => expect(r.status).toBeLessThan(400));
    await postLogin(newcomer, 'peering@network0.example.net', 'a long new password').then((r) =>
      expect(r.headers['location']).toBe('/portal'),
    );
    const [audit] = await t.db.dataSource.query(
      `SELECT actor FROM audit_record WHERE action = 'user.create' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit.actor).toContain(t.users.adminA.email);

    const bad = await postTo(admin, '/portal/users', { email: 'not-an-address', role: 'member_user' }, 400);
    expect(bad.text).toContain('email');
    // A member_admin cannot make staff: refused, nothing added.
    await postTo(admin, '/portal/users', { email: 'boss@network0.example.net', role: 'admin' }, 400);
    await expect(
      t.db.dataSource.getRepository(User).countBy({ email: 'boss@network0.example.net' }),
    ).resolves.toBe(0);
    await postTo(admin, '/portal/users', { email: t.users.userB.email, role: 'member_user' }, 409);
  });

  it('creates an API token shown once, and revokes it', async () => {
    const admin = await signedIn('adminA');
    const created = await postTo(admin, '/portal/users/tokens', { name: 'monitoring' }, 200);
    const token = /<code class="secret new-token">(ixora_[0-9a-f]{12}_[A-Za-z0-9_-]{43})<\/code>/.exec(
      created.text,
    )?.[1];
    expect(token).toBeDefined();
    expect(created.headers['cache-control']).toBe('no-store');
    await t.http.get('/api/v1/sessions').set('Authorization', `Bearer ${token}`).expect(200);
    const page = await admin.get('/portal/users').expect(200);
    expect(page.text).not.toContain(token!);
    const row = await t.db.dataSource.getRepository(ApiToken).findOneByOrFail({ name: 'monitoring' });
    await postTo(admin, `/portal/users/tokens/${row.id}/revoke`, {}, 200);
    await t.http.get('/api/v1/sessions').set('Authorization', `Bearer ${token}`).expect(401);
    // A member_admin revokes a token of its member's other users too.
    const userA = await userByEmail(t.users.userA.email);
    const [userToken] = await t.db.dataSource.getRepository(ApiToken).findBy({ userId: userA.id });
    await postTo(admin, `/portal/users/tokens/${userToken!.id}/revoke`, {}, 200);
    await t.http.get('/api/v1/sessions').set('Authorization', `Bearer ${t.users.userA.token}`).expect(401);
  });

  it('removes a user: it can no longer sign in', async () => {
    const admin = await signedIn('adminA');
    const added = await new UserService(t.db.dataSource).add(
      { label: 'test', userId: null, role: 'admin', memberId: null },
      {
        email: 'leaver@network0.example.net',
        role: 'member_user',
        memberAsn: 64496,
        password: 'correct horse leaver',
      },
    );
    await postTo(admin, `/portal/users/${added.id}/remove`, {}, 200);
    expect((await userByEmail('leaver@network0.example.net')).isDisabled).toBe(true);
    const leaver = browser();
    expect((await postLogin(leaver, 'leaver@network0.example.net', 'correct horse leaver')).status).not.toBe(
      303,
    );
  });

  it("answers 404 for another member's user or token and changes nothing; refuses forms without CSRF", async () => {
    const admin = await signedIn('adminA');
    const userB = await userByEmail(t.users.userB.email);
    const [tokenB] = await t.db.dataSource.getRepository(ApiToken).findBy({ userId: userB.id });
    await postTo(admin, `/portal/users/${userB.id}/remove`, {}, 404);
    await postTo(admin, `/portal/users/tokens/${tokenB!.id}/revoke`, {}, 404);
    await postTo(admin, '/portal/users/999999/remove', {}, 404);
    await postTo(admin, '/portal/users/abc/remove', {}, 404);
    expect((await userByEmail(t.users.userB.email)).isDisabled).toBe(false);
    expect(
      (await t.db.dataSource.getRepository(ApiToken).findOneByOrFail({ id: tokenB!.id })).revokedAt,
    ).toBeNull();
    await t.http.get('/api/v1/sessions').set('Authorization', `Bearer ${t.users.userB.token}`).expect(200);

    for (const action of [
      '/portal/users',
      '/portal/users/tokens',
      `/portal/users/${userB.id}/remove`,
      `/portal/users/tokens/${tokenB!.id}/revoke`,
    ]) {
      await admin
        .post(action)
        .type('form')
        .send({ _csrf: 'forged', email: 'f@network0.example.net', role: 'member_user', name: 'forged' })
        .expect(403);
    }
    await expect(
      t.db.dataSource.getRepository(User).countBy({ email: 'f@network0.example.net' }),
    ).resolves.toBe(0);
    await expect(t.db.dataSource.getRepository(ApiToken).countBy({ name: 'forged' })).resolves.toBe(0);
  });
});
