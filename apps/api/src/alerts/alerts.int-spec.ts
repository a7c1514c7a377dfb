import { AlertRepository, type AlertCondition } from '@ixora/alerts';
import { bearer, MEMBER_A, MEMBER_B, startApiTestApp, type ApiTestApp } from '../testing/api-test.app.js';

function condition(kind: AlertCondition['kind'], key: string, asn: number | null): AlertCondition {
  return {
    kind,
    key,
    scope: asn === null ? 'exchange' : `AS${asn}`,
    routeServer: asn === null ? null : 'rs1',
    asn,
    title: `${kind} ${key}`,
    text: `what happened to ${key}`,
    advice: `what to do about ${key}`,
    resolvedText: `${key} is over`,
    details: { key },
  };
}

describe('GET /api/v1/alerts', () => {
  let t: ApiTestApp;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startApiTestApp();
    const repository = new AlertRepository(t.db.dataSource);
    const opened = new Date('2026-03-01T10:00:00Z');
    await repository.reconcile(async (tx) => {
      for (const [key, asn] of [
        ['a-down', MEMBER_A],
        ['a-old', MEMBER_A],
        ['b-down', MEMBER_B],
        ['build', null],
      ] as const) {
        const alert = await tx.open(
          condition(key === 'build' ? 'build_warnings' : 'session_down', key, asn),
          opened,
        );
        ids[key] = alert!.id;
      }
      await tx.resolve(['a-old'], new Date('2026-03-01T11:00:00Z'));
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  const keysOf = (body: { details: { key: string } }[]) => body.map((a) => a.details.key).sort();

  it('lists every alert for staff, newest first, and only open ones when asked', async () => {
    const all = await t.http
      .get('/api/v1/alerts')
      .set(...bearer(t.users.admin))
      .expect(200);
    expect(keysOf(all.body)).toEqual(['a-down', 'a-old', 'b-down', 'build']);
    const open = await t.http
      .get('/api/v1/alerts?open=true')
      .set(...bearer(t.users.admin))
      .expect(200);
    expect(keysOf(open.body)).toEqual(['a-down', 'b-down', 'build']);
    expect(open.body.find((a: { details: { key: string } }) => a.details.key === 'a-down')).toMatchObject({
      kind: 'session_down',
      asn: MEMBER_A,
      routeServer: 'rs1',
      advice: 'what to do about a-down',
      resolvedAt: null,
    });
    const one = await t.http
      .get(`/api/v1/alerts?asn=${MEMBER_B}`)
      .set(...bearer(t.users.admin))
      .expect(200);
    expect(keysOf(one.body)).toEqual(['b-down']);
  });

  it("shows a member's users only their own member's alerts, never the exchange's or another's", async () => {
    const own = await t.http
      .get('/api/v1/alerts')
      .set(...bearer(t.users.userA))
      .expect(200);
    expect(keysOf(own.body)).toEqual(['a-down', 'a-old']);
    const named = await t.http
      .get(`/api/v1/alerts?asn=${MEMBER_A}&open=true`)
      .set(...bearer(t.users.userA))
      .expect(200);
    expect(keysOf(named.body)).toEqual(['a-down']);
    const other = await t.http
      .get(`/api/v1/alerts?asn=${MEMBER_B}`)
      .set(...bearer(t.users.userA))
      .expect(404);
    expect(JSON.stringify(other.body)).toContain(`AS${MEMBER_B}`);
  });

  it('refuses a bad limit or ASN, naming the field and the value', async () => {
    const limit = await t.http
      .get('/api/v1/alerts?limit=0')
      .set(...bearer(t.users.admin))
      .expect(400);
    expect(JSON.stringify(limit.body)).toContain('limit');
    const asn = await t.http
      .get('/api/v1/alerts?asn=AS-FOO')
      .set(...bearer(t.users.admin))
      .expect(400);
    expect(JSON.stringify(asn.body)).toContain('AS-FOO');
  });

  it("lets staff read an alert's delivery log; members and unknown ids get 404", async () => {
    const log = await t.http
      .get(`/api/v1/alerts/${ids['a-down']}/deliveries`)
      .set(...bearer(t.users.admin))
      .expect(200);
    expect(log.body).toEqual([]);
    await t.http
      .get(`/api/v1/alerts/${ids['a-down']}/deliveries`)
      .set(...bearer(t.users.adminA))
      .expect(404);
    await t.http
      .get('/api/v1/alerts/999999/deliveries')
      .set(...bearer(t.users.admin))
      .expect(404);
    await t.http
      .get('/api/v1/alerts/0x10/deliveries')
      .set(...bearer(t.users.admin))
      .expect(400);
  });
});
