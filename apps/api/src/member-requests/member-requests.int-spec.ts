import {
  bearer,
  itemsOf,
  MEMBER_A,
  MEMBER_B,
  startApiTestApp,
  type ApiTestApp,
  type TestUser,
} from '../testing/api-test.app.js';

interface RequestBody {
  id: number;
  memberAsn: number;
  kind: string;
  sessionId: number | null;
  state: string;
  currentValue: Record<string, unknown>;
  proposedValue: Record<string, unknown>;
  requestedBy: string;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
}

describe('member requests: widening filter changes wait for staff', () => {
  let t: ApiTestApp;
  let adminB: TestUser;
  let sessionOfA: number;

  const memberOf = async (asn: number) =>
    (
      await t.http
        .get(`/api/v1/members/${asn}`)
        .set(...bearer(t.users.admin))
        .expect(200)
    ).body as {
      asSets: string[];
      maxPrefixV4: number | null;
      maxPrefixV6: number | null;
    };
  const auditActions = async (entityType: string, entityId: number | string) =>
    (
      await t.db.dataSource.query<{ action: string; actor: string }[]>(
        `SELECT action, actor FROM audit_record WHERE entity_type = $1 AND entity_id = $2 ORDER BY id`,
        [entityType, String(entityId)],
      )
    ).map((r) => `${r.action} by ${r.actor}`);

  beforeAll(async () => {
    t = await startApiTestApp();
    adminB = await t.addUser('admin@network1.example.net', 'member_admin', MEMBER_B);
    await t.http
      .patch(`/api/v1/members/${MEMBER_A}`)
      .set(...bearer(t.users.admin))
      .send({ asSets: ['AS-EXAMPLE-A'], maxPrefixV4: 100, maxPrefixV6: 20 })
      .expect(200);
    const sessions = await t.http.get(`/api/v1/sessions?memberAsn=${MEMBER_A}`).set(...bearer(t.users.admin));
    sessionOfA = itemsOf<{ id: number }>(sessions)[0]!.id;
    await t.http
      .patch(`/api/v1/sessions/${sessionOfA}/settings`)
      .set(...bearer(t.users.admin))
      .send({ maxPrefix: 50 })
      .expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  afterEach(async () => {
    await t.db.dataSource.query(`DELETE FROM member_request`);
  });

  it('answers 202 with a request for a new AS-SET and changes nothing until approved', async () => {
    const res = await t.http
      .patch(`/api/v1/members/AS${MEMBER_A}`)
      .set(...bearer(t.users.adminA))
      .send({ asSets: ['AS-EXAMPLE-A', 'AS-EXAMPLE-C'], url: 'https://network0.example.net/peering' })
      .expect(202);
    const request = res.body as RequestBody;
    expect(request).toMatchObject({
      memberAsn: MEMBER_A,
      kind: 'member_filters',
      state: 'pending',
      currentValue: { asSets: ['AS-EXAMPLE-A'] },
      proposedValue: { asSets: ['AS-EXAMPLE-A', 'AS-EXAMPLE-C'] },
      requestedBy: 'token:test(admin@network0.example.net)',
      decidedBy: null,
    });
    const member = await memberOf(MEMBER_A);
    expect(member.asSets).toEqual(['AS-EXAMPLE-A']);
    // The part that does not widen (the URL) was applied.
    expect((member as unknown as { url: string }).url).toBe('https://network0.example.net/peering');

    const approved = await t.http
      .post(`/api/v1/member-requests/${request.id}/approve`)
      .set(...bearer(t.users.admin))
      .send({})
      .expect(200);
    expect(approved.body).toMatchObject({ state: 'approved', decidedBy: 'token:test(staff@ix.example.net)' });
    expect(approved.body.decidedAt).toEqual(expect.any(String));
    expect((await memberOf(MEMBER_A)).asSets).toEqual(['AS-EXAMPLE-A', 'AS-EXAMPLE-C']);
    expect(await auditActions('member_request', request.id)).toEqual([
      'member_request.create by token:test(admin@network0.example.net)',
      'member_request.approve by token:test(staff@ix.example.net)',
    ]);
    const memberId = (
      await t.db.dataSource.query<{ id: number }[]>(`SELECT id FROM member WHERE asn = $1`, [MEMBER_A])
    )[0]!.id;
    const last = await t.db.dataSource.query<{ action: string; after: { asSets: string[] } }[]>(
      `SELECT action, after FROM audit_record WHERE entity_type = 'member' AND entity_id = $1 ORDER BY id DESC LIMIT 1`,
      [String(memberId)],
    );
    expect(last[0]).toMatchObject({
      action: 'member.update',
      after: { asSets: ['AS-EXAMPLE-A', 'AS-EXAMPLE-C'] },
    });
    await t.http
      .patch(`/api/v1/members/${MEMBER_A}`)
      .set(...bearer(t.users.admin))
      .send({ asSets: ['AS-EXAMPLE-A'] })
      .expect(200);
  });

  it('applies narrowing changes at once: removing a set, lowering a limit', async () => {
    await t.http
      .patch(`/api/v1/members/${MEMBER_A}`)
      .set(...bearer(t.users.admin))
      .send({ asSets: ['AS-EXAMPLE-A', 'AS-EXAMPLE-D'] })
      .expect(200);
    const res = await t.http
      .patch(`/api/v1/members/${MEMBER_A}`)
      .set(...bearer(t.users.adminA))
      .send({ asSets: ['AS-EXAMPLE-A'], maxPrefixV4: 90 })
      .expect(200);
    expect(res.body).toMatchObject({ asSets: ['AS-EXAMPLE-A'], maxPrefixV4: 90 });
    const lowered = await t.http
      .patch(`/api/v1/sessions/${sessionOfA}/settings`)
      .set(...bearer(t.users.adminA))
      .send({ maxPrefix: 40 })
      .expect(200);
    expect(lowered.body.maxPrefix).toBe(40);
    const listed = await t.http
      .get('/api/v1/member-requests')
      .set(...bearer(t.users.admin))
      .expect(200);
    expect(listed.body.total).toBe(0);
    await t.http
      .patch(`/api/v1/members/${MEMBER_A}`)
      .set(...bearer(t.users.admin))
      .send({ maxPrefixV4: 100 })
      .expect(200);
    await t.http
      .patch(`/api/v1/sessions/${sessionOfA}/settings`)
      .set(...bearer(t.users.admin))
      .send({ maxPrefix: 50 })
      .expect(200);
  });

  it('turns raised or cleared max-prefix limits (member v4/v6, session) into requests', async () => {
    const member = await t.http
      .patch(`/api/v1/members/${MEMBER_A}`)
      .set(...bearer(t.users.adminA))
      .send({ maxPrefixV4: 80, maxPrefixV6: null })
      .expect(202);
    expect(member.body).toMatchObject({
      currentValue: { maxPrefixV6: 20 },
      proposedValue: { maxPrefixV6: null },
    });
    expect(await memberOf(MEMBER_A)).toMatchObject({ maxPrefixV4: 80, maxPrefixV6: 20 });

    const session = await t.http
      .patch(`/api/v1/sessions/${sessionOfA}/settings`)
      .set(...bearer(t.users.adminA))
      .send({ maxPrefix: 5000 })
      .expect(202);
    expect(session.body).toMatchObject({
      kind: 'session_max_prefix',
      sessionId: sessionOfA,
      currentValue: { maxPrefix: 50 },
      proposedValue: { maxPrefix: 5000 },
    });
    const settings = await t.http
      .get(`/api/v1/sessions/${sessionOfA}/settings`)
      .set(...bearer(t.users.admin));
    expect(settings.body.maxPrefix).toBe(50);
    await t.http
      .patch(`/api/v1/sessions/${sessionOfA}/settings`)
      .set(...bearer(t.users.adminA))
      .send({ isPassive: true })
      .expect(400);

    await t.http
      .post(`/api/v1/member-requests/${session.body.id as number}/approve`)
      .set(...bearer(t.users.admin))
      .send({ reason: 'new transit customer' })
      .expect(200);
    const after = await t.http.get(`/api/v1/sessions/${sessionOfA}/settings`).set(...bearer(t.users.admin));
    expect(after.body.maxPrefix).toBe(5000);
    await t.http
      .patch(`/api/v1/sessions/${sessionOfA}/settings`)
      .set(...bearer(t.users.admin))
      .send({ maxPrefix: 50 })
      .expect(200);
    await t.http
      .patch(`/api/v1/members/${MEMBER_A}`)
      .set(...bearer(t.users.admin))
      .send({ maxPrefixV4: 100 })
      .expect(200);
  });

  it('applies staff edits directly, without a request', async () => {
    const res = await t.http
      .patch(`/api/v1/members/${MEMBER_B}`)
      .set(...bearer(t.users.admin))
      .send({ asSets: ['AS-EXAMPLE-B'], maxPrefixV4: 1000 })
      .expect(200);
    expect(res.body).toMatchObject({ asSets: ['AS-EXAMPLE-B'], maxPrefixV4: 1000 });
    const listed = await t.http.get('/api/v1/member-requests').set(...bearer(t.users.admin));
    expect(listed.body.total).toBe(0);
  });

  it('lets members create, list and withdraw their own requests; one pending per target', async () => {
    const created = await t.http
      .post('/api/v1/member-requests')
      .set(...bearer(t.users.adminA))
      .send({ memberAsn: `AS${MEMBER_A}`, maxPrefixV4: 500, note: 'new customer cone' })
      .expect(201);
    expect(created.body).toMatchObject({ state: 'pending', proposedValue: { maxPrefixV4: 500 } });
    const again = await t.http
      .patch(`/api/v1/members/${MEMBER_A}`)
      .set(...bearer(t.users.adminA))
      .send({ maxPrefixV4: 600 })
      .expect(409);
    expect(again.body.error.message).toContain(`request ${created.body.id as number}`);

    const own = await t.http
      .get('/api/v1/member-requests?state=pending')
      .set(...bearer(t.users.userA))
      .expect(200);
    expect(itemsOf<RequestBody>(own).map((r) => r.id)).toEqual([created.body.id]);
    await t.http
      .post(`/api/v1/member-requests/${created.body.id as number}/withdraw`)
      .set(...bearer(t.users.userA))
      .expect(403);
    const withdrawn = await t.http
      .post(`/api/v1/member-requests/${created.body.id as number}/withdraw`)
      .set(...bearer(t.users.adminA))
      .expect(200);
    expect(withdrawn.body).toMatchObject({
      state: 'withdrawn',
      decidedBy: 'token:test(admin@network0.example.net)',
    });
    await t.http
      .post(`/api/v1/member-requests/${created.body.id as number}/approve`)
      .set(...bearer(t.users.admin))
      .send({})
      .expect(409);
    expect((await memberOf(MEMBER_A)).maxPrefixV4).toBe(100);
  });

  it("never shows a member another member's requests: 404, and filtered lists", async () => {
    const ofB = await t.http
      .patch(`/api/v1/members/${MEMBER_B}`)
      .set(...bearer(adminB))
      .send({ asSets: ['AS-EXAMPLE-B', 'AS-EXAMPLE-E'] })
      .expect(202);
    const id = ofB.body.id as number;
    for (const user of [t.users.adminA, t.users.userA]) {
      await t.http
        .get(`/api/v1/member-requests/${id}`)
        .set(...bearer(user))
        .expect(404);
      const list = await t.http
        .get('/api/v1/member-requests')
        .set(...bearer(user))
        .expect(200);
      expect(list.body.total).toBe(0);
      const asked = await t.http
        .get(`/api/v1/member-requests?memberAsn=${MEMBER_B}`)
        .set(...bearer(user))
        .expect(200);
      expect(asked.body.total).toBe(0);
    }
    await t.http
      .post(`/api/v1/member-requests/${id}/withdraw`)
      .set(...bearer(t.users.adminA))
      .expect(404);
    await t.http
      .post('/api/v1/member-requests')
      .set(...bearer(t.users.adminA))
      .send({ memberAsn: MEMBER_B, asSets: ['AS-EXAMPLE-A'] })
      .expect(404);
    await t.http
      .patch(`/api/v1/members/${MEMBER_B}`)
      .set(...bearer(t.users.adminA))
      .send({ asSets: ['AS-EXAMPLE-A'] })
      .expect(404);
    await t.http
      .get(`/api/v1/member-requests/${id}`)
      .set(...bearer(t.users.userB))
      .expect(200);
  });

  it('lets only staff decide; declining needs a reason and changes nothing', async () => {
    const res = await t.http
      .patch(`/api/v1/members/${MEMBER_A}`)
      .set(...bearer(t.users.adminA))
      .send({ asSets: ['AS-EXAMPLE-A', 'AS-EXAMPLE-F'] })
      .expect(202);
    const id = res.body.id as number;
    await t.http
      .post(`/api/v1/member-requests/${id}/approve`)
      .set(...bearer(t.users.adminA))
      .send({})
      .expect(403);
    await t.http
      .post(`/api/v1/member-requests/${id}/decline`)
      .set(...bearer(t.users.admin))
      .send({})
      .expect(400);
    const pending = await t.http.get('/api/v1/member-requests?state=pending').set(...bearer(t.users.admin));
    expect(itemsOf<RequestBody>(pending).map((r) => r.id)).toEqual([id]);
    const declined = await t.http
      .post(`/api/v1/member-requests/${id}/decline`)
      .set(...bearer(t.users.admin))
      .send({ reason: 'AS-EXAMPLE-F holds networks that are not your customers' })
      .expect(200);
    expect(declined.body).toMatchObject({
      state: 'declined',
      reason: 'AS-EXAMPLE-F holds networks that are not your customers',
    });
    expect((await memberOf(MEMBER_A)).asSets).toEqual(['AS-EXAMPLE-A']);
    const seen = await t.http
      .get(`/api/v1/member-requests/${id}`)
      .set(...bearer(t.users.userA))
      .expect(200);
    expect(seen.body.state).toBe('declined');
  });
});
