import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import supertest from 'supertest';
import type { BirdReplayServer } from '@ixora/bird-client';
import { cliActor, Ixp, IxpService, RouteServerSession } from '@ixora/domain';
import { bearer, startApiTestApp, type ApiTestApp } from '../testing/api-test.app.js';
import { csrfOf, postForm, postLogin, WEB_ENV, type Browser } from '../web/web.test-helper.js';
import { sessionsOf, startRecordedRouteServers, type PortalSessions } from './portal.test-helper.js';

// The member portal's home and sessions pages over the real app and database; route-server
// state comes from the looking glass reading BIRD's recorded replies on a real UNIX socket.

describe('member portal: home and sessions', () => {
  let t: ApiTestApp;
  let bird: BirdReplayServer;
  let dir: string;
  let ids: PortalSessions;
  const browser = (): Browser =>
    supertest.agent(t.app.getHttpServer() as Parameters<typeof supertest.agent>[0]);

  async function signedIn(user: 'adminA' | 'userA' | 'userB'): Promise<Browser> {
    const b = browser();
    await postLogin(b, t.users[user].email, t.users[user].password).then((r) => expect(r.status).toBe(303));
    return b;
  }

  /** Posts a form of the sessions page (with its CSRF token) to `action`; expects `status`. */
  async function postTo(b: Browser, action: string, fields: Record<string, string>, status: number) {
    const res = await postForm(b, '/portal/sessions', fields, action);
    expect(res.status).toBe(status);
    return res;
  }

  /** As staff do with `ixora ixp set membersMayAllowBlackhole=…`. */
  async function setMembersMayAllowBlackhole(value: string): Promise<void> {
    const [ixp] = await t.db.dataSource.getRepository(Ixp).find();
    await t.app
      .get(IxpService)
      .setSettings(cliActor('test'), ixp!.shortname, { membersMayAllowBlackhole: value });
  }

  const sessionRow = (id: number) =>
    t.db.dataSource.getRepository(RouteServerSession).findOneByOrFail({ id });
  const auditCount = async (action: string): Promise<number> => {
    const [row] = await t.db.dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM audit_record WHERE action = $1`,
      [action],
    );
    return Number(row?.n);
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-portal-'));
    t = await startApiTestApp({ env: WEB_ENV });
    ids = await sessionsOf(t);
    bird = await startRecordedRouteServers(t, dir, ids);
  });

  afterAll(async () => {
    await t?.close();
    await bird?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows a member its ports, addresses and sessions with live state, counts and max-prefix use', async () => {
    const b = await signedIn('userA');
    const home = await b.get('/portal').expect(200);
    expect(home.text).toContain(ids.addressA4);
    expect(home.text).toContain('Route server rs1');
    const row = new RegExp(`<tr data-session="${ids.a4}">([\\s\\S]*?)</tr>`).exec(home.text)?.[1] ?? '';
    expect(row).toContain('Established');
    // 5 accepted, 2 filtered, 1 exported; 7 received against a limit of 8.
    expect(row).toMatch(/<td>5<\/td>\s*<td>2<\/td>\s*<td>1<\/td>/);
    expect(row).toContain('7 / 8 (87 %) – close to the limit');
    expect(row).toContain('class="warning"');
    // The recording has no IPv6 neighbor: that session is not in the running config yet.
    expect(home.text).toMatch(new RegExp(`data-session="${ids.a6}">[\\s\\S]*?not configured yet`));
    // rs2 cannot be read: said so for rs2, and the page still answers.
    expect(home.text).toContain('Route server rs2 could not be read just now');
    expect(home.text).not.toContain('Route server rs1 could not be read');
    // Nothing of member B.
    expect(home.text).not.toContain(`data-session="${ids.b4}"`);
    expect(home.text).not.toContain('network1.example.net');
    // member_user: the two-factor link, but not the member_admin's form.
    expect(home.text).toContain('turn it on');
    expect(home.text).not.toContain('/portal/two-factor-required');
    const admin = await signedIn('adminA');
    expect((await admin.get('/portal').expect(200)).text).toContain('/portal/two-factor-required');
  });

  it('lets a member_admin disable and enable a session, audited, and a member_user only see it', async () => {
    const admin = await signedIn('adminA');
    const page = await admin.get('/portal/sessions').expect(200);
    expect(page.text).toContain(`/portal/sessions/${ids.a4}/disable`);
    expect(page.text).toContain('next config build');
    const before = await auditCount('session.disable');
    const res = await postTo(admin, `/portal/sessions/${ids.a4}/disable`, {}, 303);
    expect(res.headers['location']).toBe('/portal/sessions?done=disable');
    expect((await sessionRow(ids.a4)).isEnabled).toBe(false);
    expect(await auditCount('session.disable')).toBe(before + 1);
    const after = await admin.get('/portal/sessions?done=disable').expect(200);
    expect(after.text).toContain('The session was disabled. It takes effect with the next config build');
    await postTo(admin, `/portal/sessions/${ids.a4}/enable`, {}, 303);
    expect((await sessionRow(ids.a4)).isEnabled).toBe(true);

    const user = await signedIn('userA');
    const seen = await user.get('/portal/sessions').expect(200);
    expect(seen.text).toContain(ids.addressA4);
    expect(seen.text).not.toContain('/disable"');
    await postTo(user, `/portal/sessions/${ids.a4}/disable`, {}, 404);
    expect((await sessionRow(ids.a4)).isEnabled).toBe(true);
  });

  it('refuses every session form without the CSRF token', async () => {
    const admin = await signedIn('adminA');
    for (const change of ['disable', 'enable', 'md5', 'blackhole']) {
      await admin
        .post(`/portal/sessions/${ids.a4}/${change}`)
        .type('form')
        .send({ _csrf: 'forged', md5Password: 'Secr3t-key', allow: 'on' })
        .expect(403);
    }
    const row = await sessionRow(ids.a4);
    expect([row.isEnabled, row.md5Password, row.policy.allowBlackhole]).toEqual([true, null, null]);
  });

  it("answers 404 for another member's session on every form and changes nothing", async () => {
    const admin = await signedIn('adminA');
    const before = await sessionRow(ids.b4);
    for (const change of ['disable', 'enable', 'md5', 'blackhole']) {
      await postTo(
        admin,
        `/portal/sessions/${ids.b4}/${change}`,
        { md5Password: 'Secr3t-key', allow: 'on' },
        404,
      );
    }
    await postTo(admin, '/portal/sessions/999999/disable', {}, 404);
    await postTo(admin, '/portal/sessions/x1/disable', {}, 404);
    await postTo(admin, `/portal/sessions/${ids.a4}/delete`, {}, 404);
    expect(await sessionRow(ids.b4)).toEqual(before);
    const other = await signedIn('userB');
    expect((await other.get('/portal/sessions').expect(200)).text).not.toContain(ids.addressA4);
  });

  it('lets a member_admin set, see, replace and clear the MD5 key, hidden from member users, checked before it reaches BIRD', async () => {
    const admin = await signedIn('adminA');
    await postTo(admin, `/portal/sessions/${ids.a4}/md5`, { md5Password: 'Secr3t-key' }, 303);
    expect((await sessionRow(ids.a4)).md5Password).toBe('Secr3t-key');
    const page = await admin.get('/portal/sessions').expect(200);
    // The member's router needs the key: its admins see it (behind "Show the key"), its users do not.
    expect(page.text).toContain('<summary>Show the key</summary><code>Secr3t-key</code>');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('Replace the key');
    const asUser = await (await signedIn('userA')).get('/portal/sessions').expect(200);
    expect(asUser.text).not.toContain('Secr3t-key');
    expect(asUser.text).toContain('set (your member admins can see it)');
    const [audit] = await t.db.dataSource.query(
      `SELECT after FROM audit_record WHERE action = 'session.settings' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit.after.md5Password).toBe('[redacted]');

    const bad = await postTo(admin, `/portal/sessions/${ids.a4}/md5`, { md5Password: 'x"; protocol' }, 400);
    expect(bad.text).toContain('md5Password');
    expect(bad.text).not.toContain('x&quot;; protocol');
    expect((await sessionRow(ids.a4)).md5Password).toBe('Secr3t-key');

    await postTo(admin, `/portal/sessions/${ids.a4}/md5`, { md5Password: 'N3w-key!' }, 303);
    expect((await sessionRow(ids.a4)).md5Password).toBe('N3w-key!');
    await postTo(admin, `/portal/sessions/${ids.a4}/md5`, { clear: 'on' }, 303);
    expect((await sessionRow(ids.a4)).md5Password).toBeNull();
  });

  it('offers blackholing only where the exchange lets members opt in', async () => {
    const admin = await signedIn('adminA');
    expect((await admin.get('/portal/sessions').expect(200)).text).not.toContain('/blackhole"');
    const refused = await postTo(admin, `/portal/sessions/${ids.a4}/blackhole`, { allow: 'on' }, 403);
    expect(refused.text).toContain('policy.allowBlackhole');
    expect((await sessionRow(ids.a4)).policy.allowBlackhole).toBeNull();

    await setMembersMayAllowBlackhole('true');
    expect((await admin.get('/portal/sessions').expect(200)).text).toContain(
      `/portal/sessions/${ids.a4}/blackhole`,
    );
    await postTo(admin, `/portal/sessions/${ids.a4}/blackhole`, { allow: 'on' }, 303);
    expect((await sessionRow(ids.a4)).policy.allowBlackhole).toBe(true);
    await postTo(admin, `/portal/sessions/${ids.a4}/blackhole`, {}, 303);
    expect((await sessionRow(ids.a4)).policy.allowBlackhole).toBeNull();
    await setMembersMayAllowBlackhole('false');
  });

  it("applies the same MD5 and blackholing rules to a member's API changes", async () => {
    const patch = (body: object, id = ids.a4) =>
      t.http
        .patch(`/api/v1/sessions/${id}/settings`)
        .set(...bearer(t.users.adminA))
        .send(body);
    const set = await patch({ md5Password: 'Api-Secr3t' }).expect(200);
    expect(set.body).toMatchObject({ hasMd5Password: true });
    expect(JSON.stringify(set.body)).not.toContain('Api-Secr3t');
    const bad = await patch({ md5Password: 'with space' }).expect(400);
    expect(bad.body.error).toMatchObject({ field: 'md5Password' });
    expect(JSON.stringify(bad.body)).not.toContain('with space');
    await patch({ md5Password: null }).expect(200);
    expect((await sessionRow(ids.a4)).md5Password).toBeNull();
    await patch({ md5Password: 'Api-Secr3t' }, ids.b4).expect(404);
    await patch({ policy: { allowBlackhole: true } }).expect(403);
    await t.http
      .patch(`/api/v1/sessions/${ids.a4}/settings`)
      .set(...bearer(t.users.userA))
      .send({ md5Password: 'Api-Secr3t' })
      .expect(403);
    expect((await sessionRow(ids.b4)).md5Password).toBeNull();
  });

  it('sends a visitor who is not signed in to sign-in, for the pages and the forms', async () => {
    await browser().get('/portal/sessions').expect(303).expect('location', '/login');
    const anon = browser();
    const login = await anon.get('/login');
    await anon
      .post(`/portal/sessions/${ids.a4}/disable`)
      .type('form')
      .send({ _csrf: csrfOf(login.text) })
      .expect(303)
      .expect('location', '/login');
  });
});
