import { MemberInterface } from '@ixora/domain';
import { bearer, startApiTestApp, type ApiTestApp } from '../../apps/api/src/testing/api-test.app.js';
import { ixora } from '../../apps/cli/src/run-cli.test-helper.js';

/** Spellings Number() or a lenient coercion would read as some id, and ids past the column's range. */
const NOT_IDS = ['0x10', '4e0', ' 4 ', '0b100', '0o4', '-1', '+4', '1.0', '04', '0', '2147483648', '1e3'];

/**
 * Issue 11 item 4: `DELETE /member-interfaces/0x10` deleted interface 16. Ids are decimal digits
 * only, on every `:id` route and every CLI id argument, and anything else is a 400 naming the
 * parameter and the value, before any row is touched.
 */
describe('hostile: lenient ids', () => {
  let t: ApiTestApp;
  let admin: [string, string];
  const savedUrl = process.env.DATABASE_URL;

  beforeAll(async () => {
    t = await startApiTestApp();
    admin = bearer(t.users.admin);
    process.env.DATABASE_URL = t.db.url;
  });
  afterAll(async () => {
    process.env.DATABASE_URL = savedUrl;
    await t.close();
  });

  const routes: [method: 'get' | 'patch' | 'delete' | 'post', path: (id: string) => string, body?: object][] =
    [
      ['delete', (id) => `/api/v1/member-interfaces/${id}`],
      ['patch', (id) => `/api/v1/member-interfaces/${id}`, { isRouteServerClient: true }],
      ['get', (id) => `/api/v1/sessions/${id}`],
      ['post', (id) => `/api/v1/sessions/${id}/enable`],
      ['post', (id) => `/api/v1/sessions/${id}/disable`],
      ['get', (id) => `/api/v1/sessions/${id}/settings`],
      ['patch', (id) => `/api/v1/sessions/${id}/settings`, { policy: {} }],
      ['get', (id) => `/api/v1/jobs/${id}`],
      ['patch', (id) => `/api/v1/users/${id}`, { isDisabled: false }],
      ['delete', (id) => `/api/v1/auth/tokens/${id}`],
      ['get', (id) => `/api/v1/route-servers/rs1/config/versions/${id}`],
      ['get', (id) => `/api/v1/member-requests/${id}`],
      ['post', (id) => `/api/v1/member-requests/${id}/withdraw`],
      ['post', (id) => `/api/v1/member-requests/${id}/approve`, {}],
      ['post', (id) => `/api/v1/member-requests/${id}/decline`, { reason: 'no' }],
    ];

  // A job id is a bigint: 2147483648 is one (see below).
  const cases = routes.flatMap(([method, path, body]) =>
    NOT_IDS.filter((id) => !(path(id).includes('/jobs/') && id === '2147483648')).map(
      (id) => [method, path(id), id, body] as const,
    ),
  );
  it.each(cases)('%s %s is a 400 naming id', async (method, url, id, body) => {
    let req = t.http[method](url.replace(/ /g, '%20')).set(...admin);
    if (body) req = req.send(body);
    const res = await req.expect(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_value', field: 'id', value: id });
    expect(res.body.error.message).toContain(JSON.stringify(id));
  });

  it('a job id may be a bigint, but not past it', async () => {
    await t.http
      .get('/api/v1/jobs/9223372036854775807')
      .set(...admin)
      .expect(404);
    const res = await t.http
      .get('/api/v1/jobs/9223372036854775808')
      .set(...admin)
      .expect(400);
    expect(res.body.error).toMatchObject({ field: 'id', value: '9223372036854775808' });
  });

  it('ids in a query are held to the same rule', async () => {
    const res = await t.http
      .get('/api/v1/auth/tokens?userId=0x1')
      .set(...admin)
      .expect(400);
    expect(res.body.error).toMatchObject({ field: 'userId', value: '0x1' });
    const check = await t.http
      .get('/api/v1/peeringdb/check?ixpId=1.0')
      .set(...admin)
      .expect(400);
    expect(check.body.error).toMatchObject({ field: 'ixpId', value: '1.0' });
  });

  it('DELETE /member-interfaces/0x<id> deletes nothing; the decimal id deletes the interface', async () => {
    const m = t.db.dataSource.manager;
    const iface = await m.findOneByOrFail(MemberInterface, {});
    const hex = `0x${iface.id.toString(16)}`;
    await t.http
      .delete(`/api/v1/member-interfaces/${hex}`)
      .set(...admin)
      .expect(400);
    await t.http
      .delete(`/api/v1/member-interfaces/${iface.id.toString()}e0`)
      .set(...admin)
      .expect(400);
    expect(await m.findOneBy(MemberInterface, { id: iface.id })).not.toBeNull();
    // The seeded interface has enabled route-server sessions: removed with it, as asked.
    await t.http
      .delete(`/api/v1/member-interfaces/${iface.id}`)
      .query({ removeSessions: 'true' })
      .set(...admin)
      .expect(204);
    expect(await m.findOneBy(MemberInterface, { id: iface.id })).toBeNull();
  });

  it('a body id (peeringLanId, sessionId) is held to the same rule', async () => {
    const res = await t.http
      .post('/api/v1/members/AS64499/interfaces')
      .set(...admin)
      .send({ peeringLanId: 1.5, ipv4Address: '192.0.2.77' })
      .expect(400);
    expect(res.body.error).toMatchObject({ field: 'peeringLanId', value: 1.5 });
  });

  it.each([
    [['session', 'enable', '0x1'], 'id', '0x1'],
    [['session', 'disable', '1e0'], 'id', '1e0'],
    [['request', 'show', ' 1 '], 'id', ' 1 '],
    [['request', 'approve', '0b1'], 'id', '0b1'],
    [['request', 'decline', '-1', '--reason', 'no'], 'id', '-1'],
    [['policy', 'show', '--session', '1.0'], '--session', '1.0'],
    [['peeringdb', 'check', '--ixp', '0x1'], '--ixp', '0x1'],
  ])('ixora %j refuses the id, naming %s', async (args, field, value) => {
    const run = await ixora(...args);
    expect(run.code).not.toBe(0);
    expect(run.err).toContain(`${field}: ${JSON.stringify(value)} is not an id`);
  });

  it('the CLI still takes a decimal id', async () => {
    const [row] = await t.db.dataSource.query<{ id: number }[]>(
      `SELECT id FROM route_server_session ORDER BY id LIMIT 1`,
    );
    const run = await ixora('session', 'disable', String(row!.id), '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({ id: row!.id, isEnabled: false });
  });
});
