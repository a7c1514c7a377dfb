import supertest from 'supertest';
import { IrrTestDatabase, startIrrTestServer, TestClock, type IrrTestServer } from '@ixora/testing';
import {
  MEMBER_A,
  MEMBER_B,
  startApiTestApp,
  type ApiTestApp,
  type TestUser,
} from '../../testing/api-test.app.js';
import {
  csrfOf,
  postForm,
  postLogin,
  totpAt,
  enrolmentSecretOf,
  WEB_ENV,
  type Browser,
} from '../../web/web.test-helper.js';

describe('requests to staff: /portal/requests and /admin/requests', () => {
  let t: ApiTestApp;
  let irr: IrrTestServer;
  let clock: TestClock;
  let adminB: TestUser;
  let staff: Browser;
  const browser = (): Browser =>
    supertest.agent(t.app.getHttpServer() as Parameters<typeof supertest.agent>[0]);
  const signedIn = async (user: TestUser): Promise<Browser> => {
    const b = browser();
    expect((await postLogin(b, user.email, user.password)).status).toBe(303);
    return b;
  };

  beforeAll(async () => {
    const database = new IrrTestDatabase();
    database.addAsSet('AS-EXAMPLE-C', ['AS64496', 'AS64501', 'AS64502'], 'TEST');
    database.addRoute('203.0.113.0/24', 64496, 'TEST');
    database.addRoute('198.51.100.0/24', 64501, 'TEST');
    database.addRoute('198.51.100.0/25', 64502, 'TEST');
    database.addRoute('2001:db8:1000::/36', 64501, 'TEST');
    irr = await startIrrTestServer({ database });
    clock = new TestClock();
    t = await startApiTestApp({ clock, env: { ...WEB_ENV, IRR_HOST: irr.address, IRR_SOURCES: 'TEST' } });
    adminB = await t.addUser('admin@network1.example.net', 'member_admin', MEMBER_B);
    // Staff sign in with a second factor: enrol once here.
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
    await irr.close();
  });
  afterEach(async () => {
    await t.db.dataSource.query(`DELETE FROM member_request`);
    irr.setFault('none');
  });

  it('a member_admin proposes a new AS-SET; staff see its IRR expansion and approve it', async () => {
    const [now] = await t.db.dataSource.query<{ as_sets: string[]; v4: string; v6: string }[]>(
      `SELECT as_sets, coalesce(max_prefix_v4::text, '') AS v4, coalesce(max_prefix_v6::text, '') AS v6
         FROM member WHERE asn = $1`,
      [MEMBER_A],
    );
    const a = await signedIn(t.users.adminA);
    const page = await a.get('/portal/requests').expect(200);
    expect(page.text).toContain('Propose a change');
    const sent = await postForm(a, '/portal/requests', {
      asSets: 'AS-EXAMPLE-C',
      maxPrefixV4: now!.v4,
      maxPrefixV6: now!.v6,
      note: 'Our new customers',
    });
    expect(sent.status).toBe(303);
    const mine = await a.get('/portal/requests').expect(200);
    expect(mine.text).toContain('Proposed: AS-SETs AS-EXAMPLE-C');
    expect(mine.text).toContain('pending');
    // The same field again while one is pending: 409 naming the pending request.
    const again = await postForm(a, '/portal/requests', {
      asSets: 'AS-EXAMPLE-C AS64496',
      maxPrefixV4: '',
      maxPrefixV6: '',
    });
    expect(again.status).toBe(409);
    const nothing = await postForm(a, '/portal/requests', {
      asSets: now!.as_sets.join(' '),
      maxPrefixV4: now!.v4,
      maxPrefixV6: now!.v6,
    });
    expect(nothing.status).toBe(400);

    const console = await staff.get('/admin/requests').expect(200);
    expect(console.text).toContain(`AS${MEMBER_A}`);
    expect(console.text).toContain('Our new customers');
    expect(console.text).toContain('3 ASNs · 3 IPv4 prefixes · 1 IPv6 prefixes');
    expect(console.text).toContain('no IRR data stored for this member yet');
    const id = (await t.db.dataSource.query<{ id: number }[]>(`SELECT id FROM member_request`))[0]!.id;
    // A form without the CSRF token is refused; then staff approve.
    await staff.post(`/admin/requests/${id}/approve`).type('form').send({ reason: 'ok' }).expect(403);
    await staff
      .post(`/admin/requests/${id}/approve`)
      .type('form')
      .send({ _csrf: csrfOf(console.text), reason: 'Checked the set.' })
      .expect(303);
    const [member] = await t.db.dataSource.query<{ as_sets: string[] }[]>(
      `SELECT as_sets FROM member WHERE asn = $1`,
      [MEMBER_A],
    );
    expect(member!.as_sets).toEqual(['AS-EXAMPLE-C']);
    const done = await a.get('/portal/requests').expect(200);
    expect(done.text).toContain('approved');
    expect(done.text).toContain('Checked the set.');
    await t.db.dataSource.query(`UPDATE member SET as_sets = $2 WHERE asn = $1`, [MEMBER_A, now!.as_sets]);
  });

  it('says so on the staff page when the IRR query fails, and declining needs a note', async () => {
    const a = await signedIn(t.users.adminA);
    expect(
      (await postForm(a, '/portal/requests', { asSets: 'AS-EXAMPLE-C', maxPrefixV4: '500', maxPrefixV6: '' }))
        .status,
    ).toBe(303);
    irr.setFault('close');
    const console = await staff.get('/admin/requests').expect(200);
    expect(console.text).toContain('The IRR query for the proposed AS-SETs failed');
    expect(console.text).toContain('IPv4 max-prefix 500');
    const id = (await t.db.dataSource.query<{ id: number }[]>(`SELECT id FROM member_request`))[0]!.id;
    await staff
      .post(`/admin/requests/${id}/decline`)
      .type('form')
      .send({ _csrf: csrfOf(console.text), reason: '' })
      .expect(400);
    await staff
      .post(`/admin/requests/${id}/decline`)
      .type('form')
      .send({ _csrf: csrfOf(console.text), reason: 'Send a smaller set first.' })
      .expect(303);
    expect((await a.get('/portal/requests')).text).toContain('Send a smaller set first.');
  });

  it('keeps another member’s requests and the staff page out of members’ reach', async () => {
    const a = await signedIn(t.users.adminA);
    expect(
      (await postForm(a, '/portal/requests', { asSets: 'AS-EXAMPLE-C', maxPrefixV4: '', maxPrefixV6: '' }))
        .status,
    ).toBe(303);
    const id = (await t.db.dataSource.query<{ id: number }[]>(`SELECT id FROM member_request`))[0]!.id;
    const b = await signedIn(adminB);
    const pageB = await b.get('/portal/requests').expect(200);
    expect(pageB.text).not.toContain('AS-EXAMPLE-C');
    await b
      .post(`/portal/requests/${id}/withdraw`)
      .type('form')
      .send({ _csrf: csrfOf(pageB.text) })
      .expect(404);
    await b.get('/admin/requests').expect(404);
    await b
      .post(`/admin/requests/${id}/approve`)
      .type('form')
      .send({ _csrf: csrfOf(pageB.text) })
      .expect(404);
    const userA = await signedIn(t.users.userA);
    const read = await userA.get('/portal/requests').expect(200);
    expect(read.text).toContain('AS-EXAMPLE-C');
    expect(read.text).not.toContain('Propose a change');
    await userA
      .post(`/portal/requests/${id}/withdraw`)
      .type('form')
      .send({ _csrf: csrfOf(read.text) })
      .expect(404);
    const withdrawn = await postForm(a, '/portal/requests', {}, `/portal/requests/${id}/withdraw`);
    expect(withdrawn.status).toBe(303);
    expect((await a.get('/portal/requests')).text).toContain('withdrawn');
  });
});
