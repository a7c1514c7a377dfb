import { bearer, MEMBER_A, MEMBER_B, startApiTestApp, type ApiTestApp } from '../testing/api-test.app.js';

interface Finding {
  check: string;
  code: string;
  severity: string;
  action: string | null;
}

describe('GET /api/v1/members/{asn}/readiness', () => {
  let t: ApiTestApp;

  beforeAll(async () => {
    t = await startApiTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it("gives staff any member's report, each finding with a severity and what to do", async () => {
    const res = await t.http
      .get(`/api/v1/members/AS${MEMBER_B}/readiness`)
      .set(...bearer(t.users.admin))
      .expect(200);
    expect(res.body).toMatchObject({
      asn: MEMBER_B,
      phase: 'before_turn_up',
      severity: 'error',
      generatedAt: expect.any(String),
      counts: { ok: expect.any(Number), warning: expect.any(Number), error: expect.any(Number) },
    });
    const findings = res.body.findings as Finding[];
    expect(findings.map((f) => f.code)).toEqual(
      expect.arrayContaining([
        'peeringdb_mirror_empty',
        'irr_missing',
        'rpki_not_loaded',
        'route_server_unreadable',
      ]),
    );
    for (const f of findings)
      expect(f.severity === 'ok' ? f.action === null : typeof f.action === 'string').toBe(true);
  });

  it('lets a member read its own report and answers 404 for another member', async () => {
    await t.http
      .get(`/api/v1/members/${MEMBER_A}/readiness`)
      .set(...bearer(t.users.userA))
      .expect(200);
    const other = await t.http
      .get(`/api/v1/members/${MEMBER_B}/readiness`)
      .set(...bearer(t.users.userA))
      .expect(404);
    expect(other.body.error).toMatchObject({ code: 'not_found' });
    await t.http.get(`/api/v1/members/${MEMBER_A}/readiness`).expect(401);
  });

  it('names the field and the value of a bad ASN', async () => {
    const res = await t.http
      .get('/api/v1/members/AS-FOO/readiness')
      .set(...bearer(t.users.admin))
      .expect(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_value', field: 'asn', value: 'AS-FOO' });
  });
});
