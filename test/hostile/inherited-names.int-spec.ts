import supertest from 'supertest';
import { TestClock } from '@ixora/testing';
import {
  MEMBER_A,
  MEMBER_B,
  startApiTestApp,
  type ApiTestApp,
} from '../../apps/api/src/testing/api-test.app.js';
import {
  csrfOf,
  enrolmentSecretOf,
  postLogin,
  totpAt,
  WEB_ENV,
  type Browser,
} from '../../apps/api/src/web/web.test-helper.js';

/** Names every plain object inherits: a lookup `table[name]` finds them unless it asks for own keys. */
const INHERITED = ['constructor', 'hasOwnProperty', 'toString', 'valueOf', '__proto__'];

/**
 * A page looks an action or a notice up by a name from the path or the query. A name that only
 * an object's prototype has (`constructor`, `hasOwnProperty`, ...) is unknown like any other: a
 * form answers 404 and changes nothing, a page shows no notice — never a 500 or the text of a
 * JavaScript function.
 */
describe('hostile: inherited names as actions and notices', () => {
  let t: ApiTestApp;
  let clock: TestClock;
  let staff: Browser;
  const browser = (): Browser =>
    supertest.agent(t.app.getHttpServer() as Parameters<typeof supertest.agent>[0]);

  beforeAll(async () => {
    clock = new TestClock();
    t = await startApiTestApp({ clock, env: WEB_ENV });
    await t.addUser('admin@network1.example.net', 'member_admin', MEMBER_B);
    staff = browser();
    expect((await postLogin(staff, t.users.admin.email, t.users.admin.password)).status).toBe(303);
    const enrol = await staff.get('/account/two-factor').expect(200);
    const secret = enrolmentSecretOf(enrol.text);
    await staff
      .post('/account/two-factor')
      .type('form')
      .send({ _csrf: csrfOf(enrol.text), code: await totpAt(secret, clock) })
      .expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  it("answers 404 to a peering request's inherited action and leaves the request pending", async () => {
    const a = browser();
    expect((await postLogin(a, t.users.adminA.email, t.users.adminA.password)).status).toBe(303);
    const form = await a.get(`/portal/peers/AS${MEMBER_B}/request`).expect(200);
    await a
      .post(`/portal/peers/AS${MEMBER_B}/request`)
      .type('form')
      .send({ _csrf: csrfOf(form.text), family4: 'on', message: 'Shall we peer?' })
      .expect(303);
    const [request] = await t.db.dataSource.query<{ id: number }[]>(`SELECT id FROM peering_request`);
    expect(request).toBeDefined();
    const csrf = csrfOf((await a.get('/portal/peers').expect(200)).text);
    for (const action of INHERITED) {
      const answer = await a
        .post(`/portal/peers/requests/${request!.id}/${action}`)
        .type('form')
        .send({ _csrf: csrf, reply: 'x' });
      expect([action, answer.status]).toEqual([action, 404]);
    }
    const [after] = await t.db.dataSource.query<{ state: string; reply: string | null }[]>(
      `SELECT state, reply FROM peering_request WHERE id = $1`,
      [request!.id],
    );
    expect(after).toEqual({ state: 'pending', reply: null });
  });

  it("answers 404 to a member request's inherited decision on the staff page", async () => {
    const csrf = csrfOf((await staff.get('/admin/requests').expect(200)).text);
    for (const decision of INHERITED) {
      const answer = await staff
        .post(`/admin/requests/1/${decision}`)
        .type('form')
        .send({ _csrf: csrf, reason: 'x' });
      expect([decision, answer.status]).toEqual([decision, 404]);
    }
  });

  it('shows no notice for an inherited name in ?done= or ?queued=', async () => {
    const a = browser();
    expect((await postLogin(a, t.users.adminA.email, t.users.adminA.password)).status).toBe(303);
    for (const done of INHERITED) {
      const portal = await a.get(`/portal/sessions?done=${done}`);
      expect([done, portal.status]).toEqual([done, 200]);
      expect(portal.text).not.toMatch(/native code|\[object /);
      expect(portal.text).not.toContain('takes effect with the next config build');
      for (const path of [
        '/admin/ports?done=',
        '/admin/interfaces?done=',
        '/admin/settings?done=',
        '/admin/sources?queued=',
      ]) {
        const console = await staff.get(`${path}${done}`);
        expect([path, done, console.status]).toEqual([path, done, 200]);
        expect(console.text).not.toMatch(/native code|\[object /);
      }
    }
  });

  it('still knows the real names', async () => {
    const a = browser();
    expect((await postLogin(a, t.users.adminA.email, t.users.adminA.password)).status).toBe(303);
    expect((await a.get('/portal/sessions?done=enable').expect(200)).text).toContain(
      'The session was enabled.',
    );
    expect(MEMBER_A).not.toBe(MEMBER_B);
  });
});
