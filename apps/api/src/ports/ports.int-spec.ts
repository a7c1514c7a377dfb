import { bearer, MEMBER_A, MEMBER_B, startApiTestApp, type ApiTestApp } from '../testing/api-test.app.js';

describe('switches, ports and member interfaces API: /api/v1/switches, /ports, /member-interfaces', () => {
  let t: ApiTestApp;

  beforeAll(async () => {
    t = await startApiTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('lets staff add a switch, a port and an interface over it; the interface gets its sessions', async () => {
    const admin = bearer(t.users.admin);
    const sw = await t.http
      .post('/api/v1/switches')
      .set(...admin)
      .send({
        name: 'sw3.kgl3',
        colo: 'Example DC 3',
        peeringdbFacilityId: 4242,
        managementAddress: '192.0.2.253',
      })
      .expect(201);
    expect(sw.body).toMatchObject({
      ixp: 'EX-IX',
      name: 'sw3.kgl3',
      managementAddress: '192.0.2.253',
      portCount: 0,
    });
    const bad = await t.http
      .post('/api/v1/switches')
      .set(...admin)
      .send({ name: 'sw4', managementAddress: '::ffff:192.0.2.4' })
      .expect(400);
    expect(bad.body.error).toMatchObject({
      code: 'invalid_value',
      field: 'managementAddress',
      value: '::ffff:192.0.2.4',
    });

    const port = await t.http
      .post('/api/v1/ports')
      .set(...admin)
      .send({
        member: MEMBER_B,
        switch: 'sw3.kgl3',
        portName: 'Ethernet3/1',
        linkSpeedMbps: 10000,
        linkType: '10GBASE-LR',
      })
      .expect(201);
    expect(port.body).toMatchObject({
      memberAsn: MEMBER_B,
      switchName: 'sw3.kgl3',
      portName: 'Ethernet3/1',
      isLag: false,
      speedMbps: 10000,
      interfaces: [{ name: 'Ethernet3/1', speedMbps: 10000, type: '10GBASE-LR' }],
      memberInterfaceIds: [],
    });
    const lan = (await t.db.dataSource.query<{ id: number }[]>(`SELECT id FROM peering_lan`))[0]!.id;
    const iface = await t.http
      .post(`/api/v1/members/${MEMBER_B}/interfaces`)
      .set(...admin)
      .send({
        peeringLanId: lan,
        portId: port.body.id,
        ipv4Address: '192.0.2.171',
        ipv6Address: '2001:db8::171',
      })
      .expect(201);
    const view = await t.http
      .get(`/api/v1/member-interfaces/${iface.body.id}`)
      .set(...admin)
      .expect(200);
    expect(view.body).toMatchObject({ memberAsn: MEMBER_B, portName: 'Ethernet3/1', switchName: 'sw3.kgl3' });
    expect(view.body.sessions.map((s: any) => `${s.routeServer}/${s.family}`).sort()).toEqual([
      'rs1/4',
      'rs1/6',
    ]);

    const moved = await t.http
      .post(`/api/v1/ports/${port.body.id}/move`)
      .set(...admin)
      .send({ switch: 'sw1.kgl1', portName: 'Ethernet9/9' })
      .expect(200);
    expect(moved.body).toMatchObject({
      switchName: 'sw1.kgl1',
      portName: 'Ethernet9/9',
      memberInterfaceIds: [iface.body.id],
    });
    const dup = await t.http
      .post('/api/v1/ports')
      .set(...admin)
      .send({ member: MEMBER_A, switch: 'sw1.kgl1', portName: 'Ethernet9/9' })
      .expect(409);
    expect(dup.body.error).toMatchObject({ code: 'conflict', field: 'portName', value: 'Ethernet9/9' });
  });

  it('lets a member read its own ports and interfaces only, and change none', async () => {
    const mine = await t.http
      .get('/api/v1/ports')
      .set(...bearer(t.users.userA))
      .expect(200);
    expect(mine.body.length).toBeGreaterThan(0);
    expect(mine.body.every((p: any) => p.memberAsn === MEMBER_A)).toBe(true);
    const theirs = await t.http
      .get('/api/v1/ports')
      .query({ member: String(MEMBER_B) })
      .set(...bearer(t.users.admin))
      .expect(200);
    await t.http
      .get(`/api/v1/ports/${theirs.body[0].id}`)
      .set(...bearer(t.users.userA))
      .expect(404);
    const ifaces = await t.http
      .get('/api/v1/member-interfaces')
      .set(...bearer(t.users.userA))
      .expect(200);
    expect(ifaces.body.every((i: any) => i.memberAsn === MEMBER_A)).toBe(true);
    const otherIface = theirs.body.find((p: any) => p.memberInterfaceIds.length)!.memberInterfaceIds[0];
    await t.http
      .get(`/api/v1/member-interfaces/${otherIface}`)
      .set(...bearer(t.users.userA))
      .expect(404);
    await t.http
      .post('/api/v1/ports')
      .set(...bearer(t.users.adminA))
      .send({ member: MEMBER_A, switch: 'sw1.kgl1', portName: 'x1' })
      .expect(403);
    await t.http
      .delete(`/api/v1/ports/${mine.body[0].id}`)
      .set(...bearer(t.users.adminA))
      .expect(403);
    await t.http
      .get('/api/v1/switches')
      .set(...bearer(t.users.userA))
      .expect(403);
  });

  it('answers 409 to removing a port with enabled sessions, and removes it with removeSessions=true', async () => {
    const admin = bearer(t.users.admin);
    const [port] = (
      await t.http
        .get('/api/v1/ports')
        .query({ switch: 'sw1.kgl1', member: String(MEMBER_B) })
        .set(...admin)
        .expect(200)
    ).body.filter((p: any) => p.portName === 'Ethernet9/9');
    const refused = await t.http
      .delete(`/api/v1/ports/${port.id}`)
      .set(...admin)
      .expect(409);
    expect(refused.body.error.message).toContain(
      `port ${port.id} (Ethernet9/9) still has 2 enabled route-server sessions`,
    );
    await t.http
      .delete(`/api/v1/ports/${port.id}`)
      .query({ removeSessions: 'true' })
      .set(...admin)
      .expect(204);
    await t.http
      .get(`/api/v1/member-interfaces/${port.memberInterfaceIds[0]}`)
      .set(...admin)
      .expect(404);
    await t.http
      .delete('/api/v1/switches/sw3.kgl3')
      .set(...admin)
      .expect(204);
  });

  it('documents the new routes in OpenAPI', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body as { paths: Record<string, unknown> };
    for (const path of [
      '/api/v1/ports',
      '/api/v1/ports/{id}/move',
      '/api/v1/switches/{ref}',
      '/api/v1/member-interfaces',
    ])
      expect(Object.keys(doc.paths)).toContain(path);
  });
});
