import supertest from 'supertest';
import { loadConfig } from '@ixora/config';
import { TestClock } from '@ixora/testing';
import { createApiApp } from '../create-api-app.js';
import { MEMBER_A, startApiTestApp, type ApiTestApp } from '../testing/api-test.app.js';
import {
  csrfOf,
  enrolmentSecretOf,
  mailText,
  postForm,
  postLogin,
  recoveryCodesOf,
  startTestSmtpServer,
  totpAt,
  WEB_ENV,
  type Browser,
} from './web.test-helper.js';

const MINUTE_MS = 60_000;

describe('browser sign-in: sessions, CSRF, two-factor, password reset', () => {
  let t: ApiTestApp;
  let clock: TestClock;
  let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
  const browser = (): Browser =>
    supertest.agent(t.app.getHttpServer() as Parameters<typeof supertest.agent>[0]);

  beforeAll(async () => {
    clock = new TestClock();
    smtp = await startTestSmtpServer();
    t = await startApiTestApp({
      clock,
      env: {
        ...WEB_ENV,
        SESSION_IDLE_MINUTES: '30',
        SESSION_ABSOLUTE_HOURS: '2',
        SMTP_URL: smtp.url,
        MAIL_FROM: 'IX Example <noc@ix.example.net>',
        PUBLIC_URL: 'https://portal.ix.example.net',
        TRUST_PROXY: 'loopback',
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('signs a member user in with a cookie session and shows who it is on /portal', async () => {
    const b = browser();
    const form = await b.get('/login').expect(200);
    expect(form.text).toContain('name="email"');
    expect(form.text).toContain('name="password"');
    expect(form.headers['cache-control']).toBe('no-store');
    const res = await b
      .post('/login')
      .type('form')
      .send({ _csrf: csrfOf(form.text), email: t.users.userA.email, password: t.users.userA.password })
      .expect(303);
    expect(res.headers['location']).toBe('/portal');
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) =>
      c.startsWith('ixora_session='),
    )!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    // Only the id's hash is stored.
    const [row] = await t.db.dataSource.query<{ token_hash: string; stage: string }[]>(
      `SELECT token_hash, stage FROM web_session ORDER BY id DESC LIMIT 1`,
    );
    expect(row!.stage).toBe('full');
    expect(decodeURIComponent(cookie)).not.toContain(row!.token_hash);

    const portal = await b.get('/portal').expect(200);
    expect(portal.text).toContain(t.users.userA.email);
    expect(portal.text).toContain('member user');
    expect(portal.text).toContain(`AS${MEMBER_A}`);
    await b.get('/admin').expect(404);
    await b.get('/login').expect(303).expect('location', '/portal');

    await b
      .post('/logout')
      .type('form')
      .send({ _csrf: csrfOf(portal.text) })
      .expect(303);
    await b.get('/portal').expect(303).expect('location', '/login');
  });

  it('sets the cookie Secure when the request came over HTTPS (through a trusted proxy)', async () => {
    const b = browser();
    // The form over plain HTTP: the test's cookie jar would not send a Secure cookie back over it.
    const form = await b.get('/login');
    const res = await b
      .post('/login')
      .set('X-Forwarded-Proto', 'https')
      .type('form')
      .send({ _csrf: csrfOf(form.text), email: t.users.userB.email, password: t.users.userB.password })
      .expect(303);
    const cookies = res.headers['set-cookie'] as unknown as string[];
    expect(cookies.find((c) => c.startsWith('ixora_session='))).toMatch(/; Secure$/);
  });

  it('refuses forms without this browser’s CSRF token with 403', async () => {
    const b = browser();
    await b.get('/login').expect(200);
    const noToken = await b
      .post('/login')
      .type('form')
      .send({ email: t.users.userA.email, password: t.users.userA.password })
      .expect(403);
    expect(noToken.text).toContain('CSRF');
    // Another browser's token does not fit this browser's cookie.
    const other = browser();
    const otherForm = await other.get('/login');
    await b
      .post('/login')
      .type('form')
      .send({ _csrf: csrfOf(otherForm.text), email: t.users.userA.email, password: t.users.userA.password })
      .expect(403);
    // Signed in, the token is bound to the session: the pre-sign-in one no longer passes.
    const preToken = csrfOf((await b.get('/login')).text);
    await postLogin(b, t.users.userA.email, t.users.userA.password).then((r) => expect(r.status).toBe(303));
    await b.post('/logout').type('form').send({ _csrf: preToken }).expect(403);
    await b.post('/portal/two-factor-required').type('form').send({ _csrf: 'x', required: 'on' }).expect(403);
    await b.get('/portal').expect(200);
  });

  it('answers a wrong password 401, and the login throttle locks the form after 10 failures', async () => {
    const email = 'throttled@network0.example.net';
    const user = await t.addUser(email, 'member_user', MEMBER_A);
    const b = browser();
    const wrong = await postLogin(b, email, 'not the password at all');
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('Wrong e-mail address or password');
    for (let i = 0; i < 9; i++) expect((await postLogin(b, email, `wrong ${i}`)).status).toBe(401);
    const locked = await postLogin(b, email, user.password);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('ends a session after the idle timeout and after the absolute timeout, on the injected clock', async () => {
    const b = browser();
    expect((await postLogin(b, t.users.userB.email, t.users.userB.password)).status).toBe(303);
    clock.advance(29 * MINUTE_MS);
    await b.get('/portal').expect(200);
    clock.advance(29 * MINUTE_MS);
    await b.get('/portal').expect(200);
    clock.advance(30 * MINUTE_MS);
    await b.get('/portal').expect(303).expect('location', '/login');

    const busy = browser();
    expect((await postLogin(busy, t.users.userB.email, t.users.userB.password)).status).toBe(303);
    for (let i = 0; i < 5; i++) {
      clock.advance(20 * MINUTE_MS);
      await busy.get('/portal').expect(200);
    }
    clock.advance(20 * MINUTE_MS); // two hours after sign-in, however busy
    await busy.get('/portal').expect(303).expect('location', '/login');
  });

  it('sends staff without a second factor to enrol, then signs in with a TOTP code, each code once', async () => {
    const b = browser();
    const first = await postLogin(b, t.users.admin.email, t.users.admin.password);
    expect(first.headers['location']).toBe('/account/two-factor');
    await b.get('/admin').expect(303).expect('location', '/account/two-factor');
    const enrol = await b.get('/account/two-factor').expect(200);
    expect(enrol.text).toMatch(/<img class="qr" src="data:image\/png;base64,[A-Za-z0-9+/]+(&#x3D;)*"/);
    const secret = enrolmentSecretOf(enrol.text);

    const bad = await b
      .post('/account/two-factor')
      .type('form')
      .send({ _csrf: csrfOf(enrol.text), code: '000000' });
    expect(bad.status).toBe(400);
    expect(enrolmentSecretOf(bad.text)).toBe(secret);
    const done = await b
      .post('/account/two-factor')
      .type('form')
      .send({ _csrf: csrfOf(enrol.text), code: await totpAt(secret, clock) })
      .expect(200);
    const codes = recoveryCodesOf(done.text);
    expect(codes).toHaveLength(10);
    const admin = await b.get('/admin').expect(200);
    expect(admin.text).toContain('staff (admin)');
    expect(admin.text).toContain(t.users.admin.email);

    // Next sign-in: password, then the code of the app.
    clock.advance(30_000);
    const again = browser();
    const step1 = await postLogin(again, t.users.admin.email, t.users.admin.password);
    expect(step1.headers['location']).toBe('/login/two-factor');
    await again.get('/admin').expect(303).expect('location', '/login/two-factor');
    const code = await totpAt(secret, clock);
    const wrong = await postForm(again, '/login/two-factor', {
      code: code === '123456' ? '654321' : '123456',
    });
    expect(wrong.status).toBe(401);
    await postForm(again, '/login/two-factor', { code }).then((r) =>
      expect(r.headers['location']).toBe('/admin'),
    );
    await again.get('/admin').expect(200);

    // The same code does not sign in a second time (RFC 6238 §5.2).
    const replay = browser();
    await postLogin(replay, t.users.admin.email, t.users.admin.password);
    expect((await postForm(replay, '/login/two-factor', { code })).status).toBe(401);

    // A recovery code signs in once, and only once.
    expect((await postForm(replay, '/login/two-factor', { code: codes[0]!.toUpperCase() })).status).toBe(303);
    await replay.get('/admin').expect(200);
    const reuse = browser();
    await postLogin(reuse, t.users.admin.email, t.users.admin.password);
    expect((await postForm(reuse, '/login/two-factor', { code: codes[0]! })).status).toBe(401);
    expect((await postForm(reuse, '/login/two-factor', { code: codes[1]! })).status).toBe(303);
    const [{ count }] = await t.db.dataSource.query<[{ count: string }]>(
      `SELECT count(*) FROM recovery_code WHERE used_at IS NULL`,
    );
    expect(count).toBe('8');
  });

  it('lets a member_admin require a second factor for its member’s users', async () => {
    const user = browser();
    await postLogin(user, t.users.userA.email, t.users.userA.password);
    await user.get('/portal').expect(200);
    const admin = browser();
    expect((await postLogin(admin, t.users.adminA.email, t.users.adminA.password)).headers['location']).toBe(
      '/portal',
    );
    await postForm(admin, '/portal', { required: 'on' }, '/portal/two-factor-required').then((r) =>
      expect(r.status).toBe(303),
    );
    // The signed-in user of the member must enrol before going on; so must the admin itself.
    await user.get('/portal').expect(303).expect('location', '/account/two-factor');
    await admin.get('/portal').expect(303).expect('location', '/account/two-factor');
    await t.db.dataSource.query(`UPDATE member SET is_two_factor_required = false WHERE asn = $1`, [
      MEMBER_A,
    ]);
    await user.get('/portal').expect(200);
  });

  it('refuses users of a member that is not active, and disabled users, and ends their sessions', async () => {
    const email = 'noc2@network0.example.net';
    const user = await t.addUser(email, 'member_user', MEMBER_A);
    const b = browser();
    expect((await postLogin(b, email, user.password)).status).toBe(303);
    await t.db.dataSource.query(`UPDATE member SET status = 'suspended' WHERE asn = $1`, [MEMBER_A]);
    try {
      await b.get('/portal').expect(303).expect('location', '/login');
      expect((await postLogin(browser(), email, user.password)).status).toBe(401);
    } finally {
      await t.db.dataSource.query(`UPDATE member SET status = 'active' WHERE asn = $1`, [MEMBER_A]);
    }
    expect((await postLogin(b, email, user.password)).status).toBe(303);
    await t.db.dataSource.query(`UPDATE app_user SET is_disabled = true WHERE email = $1`, [email]);
    await b.get('/portal').expect(303).expect('location', '/login');
    expect((await postLogin(browser(), email, user.password)).status).toBe(401);
  });

  it('resets a password with a one-time link mailed through SMTP', async () => {
    const email = 'reset@network1.example.net';
    const user = await t.addUser(email, 'member_user', 64497);
    const signedIn = browser();
    await postLogin(signedIn, email, user.password);

    const b = browser();
    const sent = await postForm(b, '/password-reset', { email }).then((r) => r);
    expect(sent.status).toBe(200);
    expect(sent.text).toContain('Check your mail');
    // An unknown address gets the same page and no mail.
    const unknown = await postForm(b, '/password-reset', { email: 'nobody@example.net' });
    expect(unknown.text).toBe(sent.text);
    const mails = smtp.mails.filter((m) => m.to.includes(email));
    expect(mails).toHaveLength(1);
    expect(smtp.mails.some((m) => m.to.includes('nobody@example.net'))).toBe(false);
    const text = mailText(mails[0]!.raw);
    expect(text).toMatch(/^From: IX Example <noc@ix\.example\.net>/m);
    expect(text).toMatch(/^Subject: ixora: reset your password/m);
    const link = /https:\/\/portal\.ix\.example\.net(\/password-reset\/[A-Za-z0-9_-]{43})/.exec(text)?.[1];
    expect(link).toBeDefined();

    const form = await b.get(link!).expect(200);
    expect(form.headers['referrer-policy']).toBe('no-referrer');
    const newPassword = 'a brand new passphrase';
    const differ = await b
      .post(link!)
      .type('form')
      .send({ _csrf: csrfOf(form.text), password: newPassword, password_confirm: 'something else entirely' });
    expect(differ.status).toBe(400);
    const short = await b
      .post(link!)
      .type('form')
      .send({ _csrf: csrfOf(form.text), password: 'short', password_confirm: 'short' });
    expect(short.status).toBe(400);
    expect(short.text).toContain('at least 12 characters');
    await b
      .post(link!)
      .type('form')
      .send({ _csrf: csrfOf(form.text), password: newPassword, password_confirm: newPassword })
      .expect(303)
      .expect('location', '/login?reset=1');

    // Used once: the link is gone, the old password and the old sessions too.
    await b.get(link!).expect(410);
    await signedIn.get('/portal').expect(303).expect('location', '/login');
    expect((await postLogin(browser(), email, user.password)).status).toBe(401);
    expect((await postLogin(browser(), email, newPassword)).status).toBe(303);

    // A link is good for an hour.
    await postForm(b, '/password-reset', { email });
    const late = /(\/password-reset\/[A-Za-z0-9_-]{43})/.exec(mailText(smtp.mails.at(-1)!.raw))![1]!;
    clock.advance(61 * MINUTE_MS);
    await b.get(late).expect(410);
  });

  it('serves the stylesheet as a file and no inline style or script on the pages', async () => {
    const css = await browser().get('/assets/account.css').expect(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    const page = await browser().get('/login');
    expect(page.text).not.toMatch(/<style|<script|style="/);
  });
});

describe('sign-in pages switched off, or on without a secret', () => {
  it('does not serve /login without WEB_SIGN_IN, and refuses to start without SESSION_SECRET', async () => {
    const off = await startApiTestApp({ seed: false });
    try {
      await off.http.get('/login').expect(404);
    } finally {
      await off.close();
    }
    await expect(createApiApp(loadConfig({ WEB_SIGN_IN: 'true' }), { logger: false })).rejects.toThrow(
      /SESSION_SECRET: must be set/,
    );
  });
});
