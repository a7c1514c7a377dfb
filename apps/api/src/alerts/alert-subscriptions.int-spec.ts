import { bearer, MEMBER_A, MEMBER_B, startApiTestApp, type ApiTestApp } from '../testing/api-test.app.js';

describe('GET/PUT /api/v1/members/{asn}/alert-subscriptions', () => {
  let t: ApiTestApp;
  const path = (asn: number) => `/api/v1/members/${asn}/alert-subscriptions`;

  beforeAll(async () => {
    t = await startApiTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('starts empty: a member gets no alerts until it chooses', async () => {
    const res = await t.http
      .get(path(MEMBER_A))
      .set(...bearer(t.users.userA))
      .expect(200);
    expect(res.body).toEqual({
      asn: MEMBER_A,
      kinds: [],
      emails: [],
      peeringDbPocIds: [],
      availablePocs: [],
      updatedAt: null,
    });
  });

  it('lets the member_admin choose events and NOC addresses, and keeps them', async () => {
    const res = await t.http
      .put(path(MEMBER_A))
      .set(...bearer(t.users.adminA))
      .send({
        kinds: ['session_down', 'max_prefix_hit', 'routes_filtered'],
        emails: ['NOC@Network0.example.net'],
      })
      .expect(200);
    expect(res.body).toMatchObject({
      kinds: ['max_prefix_hit', 'routes_filtered', 'session_down'],
      emails: ['noc@network0.example.net'],
    });
    const again = await t.http
      .get(path(MEMBER_A))
      .set(...bearer(t.users.userA))
      .expect(200);
    expect(again.body.kinds).toEqual(['max_prefix_hit', 'routes_filtered', 'session_down']);
    const [audit] = await t.db.dataSource.query<{ action: string }[]>(
      `SELECT action FROM audit_record WHERE action = 'alert_subscription.update'`,
    );
    expect(audit).toEqual({ action: 'alert_subscription.update' });
  });

  it('refuses an unknown event and a bad address, naming the field and the value', async () => {
    const kind = await t.http
      .put(path(MEMBER_A))
      .set(...bearer(t.users.adminA))
      .send({ kinds: ['session_flap'] })
      .expect(400);
    expect(JSON.stringify(kind.body)).toContain('session_flap');
    const email = await t.http
      .put(path(MEMBER_A))
      .set(...bearer(t.users.adminA))
      .send({ kinds: ['session_down'], emails: ['not an address'] })
      .expect(400);
    expect(email.body.error).toMatchObject({
      code: 'invalid_value',
      field: 'emails',
      value: 'not an address',
      message: 'emails: "not an address" is not an e-mail address',
    });
  });

  it("lets a member_user read but not write, and hides other members' settings", async () => {
    await t.http
      .put(path(MEMBER_A))
      .set(...bearer(t.users.userA))
      .send({ kinds: [] })
      .expect(403);
    await t.http
      .get(path(MEMBER_A))
      .set(...bearer(t.users.userB))
      .expect(404);
    await t.http
      .get(path(MEMBER_B))
      .set(...bearer(t.users.adminA))
      .expect(404);
    await t.http.get(path(MEMBER_A)).expect(401);
    await t.http
      .put(path(MEMBER_B))
      .set(...bearer(t.users.admin))
      .send({ kinds: ['deploy_failed'] })
      .expect(200);
  });
});
