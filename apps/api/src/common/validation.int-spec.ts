import { buildIxfExport } from '@ixora/testing';
import { bearer, startApiTestApp, type ApiTestApp } from '../testing/api-test.app.js';

/** A 400 that names the field and echoes the value, in the one error shape. */
function expectBadValue(body: unknown, field: string, value: unknown): void {
  expect(body).toEqual({
    error: { code: 'invalid_value', status: 400, field, value, message: expect.stringContaining(field) },
  });
}

describe('input validation answers 400 naming the field and the value', () => {
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
    ['AS0', 'AS0'],
    ['abc', 'abc'],
    ['4294967296', '4294967296'],
    [4294967296, 4294967296],
    [-1, -1],
    [64496.5, 64496.5],
  ])('rejects the ASN %p of a new member', async (asn, value) => {
    const res = await t.http
      .post('/api/v1/members')
      .set(...admin)
      .send({ asn, name: 'Example' })
      .expect(400);
    expectBadValue(res.body, 'asn', value);
  });

  it('rejects a bad ASN in a path and in a query', async () => {
    expectBadValue(
      (
        await t.http
          .get('/api/v1/members/AS0')
          .set(...admin)
          .expect(400)
      ).body,
      'asn',
      'AS0',
    );
    expectBadValue(
      (
        await t.http
          .get('/api/v1/members/abc')
          .set(...admin)
          .expect(400)
      ).body,
      'asn',
      'abc',
    );
    expectBadValue(
      (
        await t.http
          .get('/api/v1/sessions?memberAsn=4294967296')
          .set(...admin)
          .expect(400)
      ).body,
      'memberAsn',
      '4294967296',
    );
  });

  it('rejects bad prefixes and a prefix of the wrong family', async () => {
    const base = { name: 'Second LAN', ixp: 'EX-IX' };
    const send = (body: object) =>
      t.http
        .post('/api/v1/peering-lans')
        .set(...admin)
        .send({ ...base, ...body })
        .expect(400);
    expectBadValue((await send({ prefixV4: '198.51.100.0/33' })).body, 'prefixV4', '198.51.100.0/33');
    expectBadValue((await send({ prefixV4: 'not-a-prefix' })).body, 'prefixV4', 'not-a-prefix');
    expectBadValue((await send({ prefixV4: '2001:db8:1::/64' })).body, 'prefixV4', '2001:db8:1::/64');
    expectBadValue((await send({ prefixV6: '198.51.100.0/24' })).body, 'prefixV6', '198.51.100.0/24');
    expectBadValue((await send({ prefixV4: '192.0.2.128/25' })).body, 'prefixV4', '192.0.2.128/25');
  });

  it('rejects an address of the wrong family or outside the peering LAN', async () => {
    const lanId = (
      await t.http
        .get('/api/v1/peering-lans')
        .set(...admin)
        .expect(200)
    ).body.items[0].id as number;
    const send = (body: object) =>
      t.http
        .post('/api/v1/members/AS64499/interfaces')
        .set(...admin)
        .send({ peeringLanId: lanId, ...body })
        .expect(400);
    expectBadValue((await send({ ipv4Address: '2001:db8::99' })).body, 'ipv4Address', '2001:db8::99');
    expectBadValue((await send({ ipv6Address: '192.0.2.99' })).body, 'ipv6Address', '192.0.2.99');
    expectBadValue((await send({ ipv4Address: '198.51.100.7' })).body, 'ipv4Address', '198.51.100.7');
    expectBadValue((await send({ ipv6Address: '2001:db8:ffff::7' })).body, 'ipv6Address', '2001:db8:ffff::7');
    expectBadValue((await send({ ipv4Address: '192.0.2.300' })).body, 'ipv4Address', '192.0.2.300');
    expectBadValue((await send({ ipv4Address: 19202 })).body, 'ipv4Address', 19202);
    expectBadValue(
      (await send({ ipv4Address: '192.0.2.99', macAddresses: ['zz:00'] })).body,
      'macAddresses[0]',
      'zz:00',
    );
  });

  it('rejects a route server with a router id of the wrong family or an address outside every LAN', async () => {
    const rs = { name: 'rs9', asn: 64511, routerId: '192.0.2.9', ipv4Address: '192.0.2.9' };
    const send = (body: object) =>
      t.http
        .post('/api/v1/route-servers')
        .set(...admin)
        .send({ ...rs, ...body })
        .expect(400);
    expectBadValue((await send({ routerId: '2001:db8::9' })).body, 'routerId', '2001:db8::9');
    expectBadValue((await send({ ipv4Address: '203.0.113.9' })).body, 'ipv4Address', '203.0.113.9');
    expectBadValue((await send({ asn: 'AS4294967296' })).body, 'asn', 'AS4294967296');
  });

  it('rejects unknown fields, wrong types, enum values and paging out of range', async () => {
    expectBadValue(
      (
        await t.http
          .post('/api/v1/members')
          .set(...admin)
          .send({ asn: 64500, name: 'x', colour: 'red' })
          .expect(400)
      ).body,
      'colour',
      'red',
    );
    expectBadValue(
      (
        await t.http
          .post('/api/v1/members')
          .set(...admin)
          .send({ asn: 64500, name: 7 })
          .expect(400)
      ).body,
      'name',
      7,
    );
    expectBadValue(
      (
        await t.http
          .patch('/api/v1/members/AS64499')
          .set(...admin)
          .send({ status: 'gone' })
          .expect(400)
      ).body,
      'status',
      'gone',
    );
    expectBadValue(
      (
        await t.http
          .get('/api/v1/members?limit=0')
          .set(...admin)
          .expect(400)
      ).body,
      'limit',
      '0',
    );
    expectBadValue(
      (
        await t.http
          .get('/api/v1/members?limit=501')
          .set(...admin)
          .expect(400)
      ).body,
      'limit',
      '501',
    );
    expectBadValue(
      (
        await t.http
          .get('/api/v1/audit?offset=-1')
          .set(...admin)
          .expect(400)
      ).body,
      'offset',
      '-1',
    );
    expectBadValue(
      (
        await t.http
          .patch('/api/v1/member-interfaces/x')
          .set(...admin)
          .send({})
          .expect(400)
      ).body,
      'id',
      'x',
    );
  });

  it('answers malformed JSON with the same error shape, without internals', async () => {
    const res = await t.http
      .post('/api/v1/members')
      .set(...admin)
      .set('Content-Type', 'application/json')
      .send('{"asn": 64500,')
      .expect(400);
    expect(res.body).toEqual({
      error: { code: 'invalid_value', status: 400, field: 'body', message: expect.any(String) },
    });
    expect(JSON.stringify(res.body)).not.toMatch(/node_modules|at .*\(/);
  });

  it('answers a duplicate with 409 and an unknown object with 404', async () => {
    const dup = await t.http
      .post('/api/v1/members')
      .set(...admin)
      .send({ asn: 64496, name: 'again' })
      .expect(409);
    expect(dup.body.error).toMatchObject({ code: 'conflict', field: 'asn', value: 64496 });
    const missing = await t.http
      .get('/api/v1/route-servers/nope')
      .set(...admin)
      .expect(404);
    expect(missing.body.error).toMatchObject({ code: 'not_found', status: 404 });
    await t.http
      .get('/api/v1/sessions/999999')
      .set(...admin)
      .expect(404);
  });

  it('names the JSON path of a problem in an IX-F import', async () => {
    const doc = buildIxfExport({ members: 4 }) as { member_list: { asnum: unknown }[] };
    doc.member_list[2]!.asnum = 'AS0';
    const res = await t.http
      .post('/api/v1/ixf/import')
      .set(...admin)
      .send(doc)
      .expect(400);
    expect(res.body.error).toMatchObject({
      code: 'invalid_value',
      field: '$.member_list[2].asnum',
      value: 'AS0',
    });
    await t.http
      .post('/api/v1/ixf/import')
      .set(...bearer(t.users.adminA))
      .send(buildIxfExport({ members: 4 }))
      .expect(403);
    const ok = await t.http
      .post('/api/v1/ixf/import')
      .set(...admin)
      .send(buildIxfExport({ members: 4 }))
      .expect(200);
    expect(ok.body.members).toEqual({ created: 0, updated: 0, deleted: 0, unchanged: 4 });
  });
});
