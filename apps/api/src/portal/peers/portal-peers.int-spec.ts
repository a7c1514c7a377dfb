import supertest from 'supertest';
import { TestClock } from '@ixora/testing';
import {
  bearer,
  itemsOf,
  MEMBER_A,
  MEMBER_B,
  startApiTestApp,
  type ApiTestApp,
  type TestUser,
} from '../../testing/api-test.app.js';
import {
  csrfOf,
  mailText,
  postForm,
  postLogin,
  startTestSmtpServer,
  WEB_ENV,
  type Browser,
} from '../../web/web.test-helper.js';

const MEMBER_C = 64498;
const MEMBER_D = 64499;

interface RequestBody {
  id: number;
  from: { asn: number };
  to: { asn: number };
  direction: string;
  families: number[];
  addresses: string[];
  state: string;
  reply: string | null;
}

describe('peering requests: API for tokens and the /portal/peers pages', () => {
  let t: ApiTestApp;
  let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
  let adminB: TestUser;
  let adminC: TestUser;
  const browser = (): Browser =>
    supertest.agent(t.app.getHttpServer() as Parameters<typeof supertest.agent>[0]);
  const signedIn = async (user: TestUser): Promise<Browser> => {
    const b = browser();
    await postLogin(b, user.email, user.password).then((res) => expect(res.status).toBe(303));
    return b;
  };

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    t = await startApiTestApp({
      clock: new TestClock(),
      env: { ...WEB_ENV, SMTP_URL: smtp.url, PUBLIC_URL: 'https://portal.ix.example.net' },
    });
    adminB = await t.addUser('admin@network1.example.net', 'member_admin', MEMBER_B);
    adminC = await t.addUser('admin@network2.example.net', 'member_admin', MEMBER_C);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });
  afterEach(async () => {
    await t.db.dataSource.query(`DELETE FROM bilateral_peer; DELETE FROM peering_request`);
    smtp.mails.length = 0;
  });

  it('sends, lists and accepts a request through the API, mailing the other side’s admins', async () => {
    const created = await t.http
      .post(`/api/v1/members/AS${MEMBER_A}/peering-requests`)
      .set(...bearer(t.users.adminA))
      .send({ toAsn: MEMBER_B, families: [4, 'ipv6'], message: 'Shall we peer?' })
      .expect(201);
    const request = created.body as RequestBody;
    expect(request).toMatchObject({
      from: { asn: MEMBER_A },
      to: { asn: MEMBER_B },
      direction: 'outgoing',
      state: 'pending',
    });
    expect(request.families).toEqual([4, 6]);
    expect(smtp.mails.map((m) => m.to)).toEqual([[adminB.email]]);
    expect(mailText(smtp.mails[0]!.raw)).toContain('https://portal.ix.example.net/portal/peers');

    const inbox = await t.http
      .get(`/api/v1/members/${MEMBER_B}/peering-requests?direction=incoming&state=pending`)
      .set(...bearer(adminB))
      .expect(200);
    expect(itemsOf<RequestBody>(inbox).map((r) => [r.id, r.direction])).toEqual([[request.id, 'incoming']]);
    // Another member's request, through its own path or the owner's path: 404.
    await t.http
      .get(`/api/v1/members/${MEMBER_C}/peering-requests/${request.id}`)
      .set(...bearer(adminC))
      .expect(404);
    await t.http
      .get(`/api/v1/members/${MEMBER_A}/peering-requests/${request.id}`)
      .set(...bearer(adminC))
      .expect(404);
    await t.http
      .post(`/api/v1/members/${MEMBER_A}/peering-requests/${request.id}/withdraw`)
      .set(...bearer(adminC))
      .expect(404);
    // member_user reads and may not act.
    await t.http
      .get(`/api/v1/members/${MEMBER_B}/peering-requests/${request.id}`)
      .set(...bearer(t.users.userB))
      .expect(200);
    await t.http
      .post(`/api/v1/members/${MEMBER_B}/peering-requests/${request.id}/accept`)
      .set(...bearer(t.users.userB))
      .send({})
      .expect(403);
    await t.http
      .post(`/api/v1/members/${MEMBER_A}/peering-requests`)
      .set(...bearer(t.users.adminA))
      .send({ toAsn: MEMBER_B, families: [4], message: 'again' })
      .expect(409);

    const accepted = await t.http
      .post(`/api/v1/members/${MEMBER_B}/peering-requests/${request.id}/accept`)
      .set(...bearer(adminB))
      .send({ reply: 'Configured.' })
      .expect(200);
    expect(accepted.body).toMatchObject({ state: 'accepted', reply: 'Configured.' });
    expect(smtp.mails.map((m) => m.to)).toContainEqual([t.users.adminA.email]);
    const peers = await t.http
      .get(`/api/v1/members/${MEMBER_A}/bilateral-peers`)
      .set(...bearer(t.users.adminA))
      .expect(200);
    expect(peers.body).toMatchObject([
      { peer: { asn: MEMBER_B }, source: 'request', peeringRequestId: request.id },
    ]);
  });

  it('records and removes a bilateral peer through the API and refuses bad input with the field', async () => {
    await t.http
      .post(`/api/v1/members/${MEMBER_A}/bilateral-peers`)
      .set(...bearer(t.users.adminA))
      .send({ peerAsn: `AS${MEMBER_D}`, note: 'PNI' })
      .expect(201);
    await t.http
      .get(`/api/v1/members/${MEMBER_A}/bilateral-peers`)
      .set(...bearer(adminC))
      .expect(404);
    await t.http
      .delete(`/api/v1/members/${MEMBER_A}/bilateral-peers/${MEMBER_D}`)
      .set(...bearer(t.users.adminA))
      .expect(204);
    const bad = await t.http
      .post(`/api/v1/members/${MEMBER_A}/peering-requests`)
      .set(...bearer(t.users.adminA))
      .send({ toAsn: MEMBER_B, families: [4], message: '   ' })
      .expect(400);
    expect(JSON.stringify(bad.body)).toContain('message');
  });

  it('shows the directory, sends a request from the form, and B accepts it on its page', async () => {
    const a = await signedIn(t.users.adminA);
    const list = await a.get('/portal/peers').expect(200);
    expect(list.text).toContain(`AS${MEMBER_B}`);
    expect(list.text).not.toMatch(/02:00:5e/i);
    expect(list.text).toContain(`/portal/peers/AS${MEMBER_B}/request`);
    const filtered = await a.get('/portal/peers?rs=no').expect(200);
    expect(filtered.text).toContain(`AS${MEMBER_D}`);
    expect(filtered.text).not.toContain(`>AS${MEMBER_B}<`);
    await a.get('/portal/peers?policy=sometimes').expect(400);

    const sent = await postForm(a, `/portal/peers/AS${MEMBER_B}/request`, {
      family4: 'on',
      message: 'Hello from A',
    });
    expect(sent.status).toBe(303);
    expect(smtp.mails.map((m) => m.to)).toEqual([[adminB.email]]);
    expect(mailText(smtp.mails[0]!.raw)).toContain('Hello from A');

    const b = await signedIn(adminB);
    const inbox = await b.get('/portal/peers').expect(200);
    expect(inbox.text).toContain('Hello from A');
    const id = (await t.db.dataSource.query<{ id: number }[]>(`SELECT id FROM peering_request`))[0]!.id;
    // Another member cannot answer it (404), and a form without the CSRF token is refused.
    const c = await signedIn(adminC);
    const cPage = await c.get('/portal/peers');
    await c
      .post(`/portal/peers/requests/${id}/accept`)
      .type('form')
      .send({ _csrf: csrfOf(cPage.text) })
      .expect(404);
    await b.post(`/portal/peers/requests/${id}/accept`).type('form').send({ reply: 'no token' }).expect(403);
    await b
      .post(`/portal/peers/requests/${id}/accept`)
      .type('form')
      .send({ _csrf: csrfOf(inbox.text), reply: 'Welcome' })
      .expect(303);
    const after = await a.get('/portal/peers').expect(200);
    expect(after.text).toContain('yes (request accepted)');
    expect(after.text).toContain('Welcome');
  });

  it('keeps member users read-only and other members’ forms at 404', async () => {
    const userA = await signedIn(t.users.userA);
    const page = await userA.get('/portal/peers').expect(200);
    expect(page.text).not.toContain('Request peering');
    await userA.get(`/portal/peers/AS${MEMBER_B}/request`).expect(404);
    await userA
      .post('/portal/peers/record')
      .type('form')
      .send({ _csrf: csrfOf(page.text), peerAsn: String(MEMBER_B) })
      .expect(404);
    const a = await signedIn(t.users.adminA);
    await a.get('/portal/peers/AS64511/request').expect(404);
    const recorded = await postForm(
      a,
      '/portal/peers',
      { peerAsn: `AS${MEMBER_C}`, note: 'PNI' },
      '/portal/peers/record',
    );
    expect(recorded.status).toBe(303);
    const again = await postForm(a, '/portal/peers', { peerAsn: `AS${MEMBER_C}` }, '/portal/peers/record');
    expect(again.status).toBe(409);
    expect((await a.get('/portal/peers')).text).toContain('yes (recorded by you)');
  });
});
