import { buildIxfExport } from '@ixora/testing';
import { bearer, startApiTestApp, type ApiTestApp } from '../../apps/api/src/testing/api-test.app.js';

/** `depth` arrays nested in each other around `inner`, as JSON text (no recursion to build it). */
function nestedJson(depth: number, inner = '1'): string {
  return `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
}

/**
 * Issue 11 item 3: odd input (a NUL byte in a path or a query, deeply nested JSON) is a 400 that
 * names the field, never a 500.
 */
describe('hostile: NUL bytes and deep JSON', () => {
  let t: ApiTestApp;
  let admin: [string, string];

  beforeAll(async () => {
    t = await startApiTestApp();
    admin = bearer(t.users.admin);
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([
    '/api/v1/route-servers/rs1%00',
    '/api/v1/members/AS64496%00',
    '/api/v1/ixps/EX-IX%00/policy',
    '/api/v1/route-servers/rs1%00/config/versions',
    '/api/lg/v1/routeservers/rs1%00/status',
    '/api/lg/v1/routeservers/rs1/neighbors/AS64496_v4_1%00/routes/received',
    '/routeservers/rs1%00',
    '/%00',
  ])('a NUL byte in the path %s is a 400 naming the path', async (url) => {
    const res = await t.http
      .get(url)
      .set(...admin)
      .expect(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_value', field: 'path' });
  });

  it.each([
    ['/api/v1/sessions?routeServer=rs1%00', 'routeServer'],
    ['/api/v1/sessions?memberAsn=%0064496', 'memberAsn'],
    ['/api/v1/audit?entityType=member%00', 'entityType'],
    ['/api/lg/v1/lookup/prefix?q=192.0.2.1%00', 'q'],
    ['/search?q=%00', 'q'],
    ['/api/v1/members?x%00=1', 'query'],
  ])('a NUL byte in the query %s is a 400 naming %s', async (url, field) => {
    const res = await t.http
      .get(url)
      .set(...admin)
      .expect(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_value', field });
  });

  it('a broken percent-encoding is a 400, not a 500', async () => {
    await t.http
      .get('/api/v1/members/%E0%A4%A')
      .set(...admin)
      .expect(400);
  });

  it('a NUL character in a JSON string is a 400 naming its field', async () => {
    const login = await t.http
      .post('/api/v1/auth/login')
      .send({ email: 'staff@ix.example.net\u0000', password: 'x' })
      .expect(400);
    expect(login.body.error).toMatchObject({ field: 'email' });
    const member = await t.http
      .post('/api/v1/members')
      .set(...admin)
      .send({ asn: 64500, name: 'ok', asSets: ['AS-OK', 'AS-\u0000'] })
      .expect(400);
    expect(member.body.error).toMatchObject({ field: 'asSets[1]' });
  });

  it('deeply nested JSON is a 400 naming where it got too deep, before and after sign-in', async () => {
    const login = await t.http
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send(`{"email": ${nestedJson(5000)}, "password": "x"}`)
      .expect(400);
    expect(login.body.error.field).toMatch(/^email(\[0\])+$/);
    expect(login.body.error.message).toMatch(/nests deeper than 32 levels/);
    const member = await t.http
      .post('/api/v1/members')
      .set(...admin)
      .set('Content-Type', 'application/json')
      .send(`{"asn": 64500, "name": "x", "asSets": ${nestedJson(200_000)}}`)
      .expect(400);
    expect(member.body.error.field).toMatch(/^asSets(\[0\])+$/);
    const patch = await t.http
      .patch('/api/v1/ixps/EX-IX/policy')
      .set(...admin)
      .set('Content-Type', 'application/json')
      .send(`{"nextHopPolicy": ${nestedJson(100)}}`)
      .expect(400);
    expect(patch.body.error.field).toMatch(/^nextHopPolicy/);
  });

  it('a deeply nested IX-F document is a 400 naming the JSON path', async () => {
    const doc = JSON.stringify(buildIxfExport({ members: 4 })).replace(
      '"name":"Example Network 2',
      `"x_deep":${nestedJson(100_000)},"name":"Example Network 2`,
    );
    const res = await t.http
      .post('/api/v1/ixf/import')
      .set(...admin)
      .set('Content-Type', 'application/json')
      .send(doc)
      .expect(400);
    expect(res.body.error.field).toMatch(/^\$\.member_list\[2\]\.x_deep(\[0\])+$/);
    expect(JSON.stringify(res.body).length).toBeLessThan(1024);
  });
});
