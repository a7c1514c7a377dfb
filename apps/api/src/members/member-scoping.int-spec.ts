import { LAB_BOGON_ASN_REASON } from '@ixora/testing';
import { UserService } from '@ixora/domain';
import {
  bearer,
  itemsOf,
  MEMBER_A,
  MEMBER_B,
  startApiTestApp,
  type ApiTestApp,
} from '../testing/api-test.app.js';

interface Session {
  id: number;
  memberAsn: number;
  isEnabled: boolean;
}

describe('member users see and change only their own member', () => {
  let t: ApiTestApp;
  let sessionOfA: Session;
  let sessionOfB: Session;

  beforeAll(async () => {
    t = await startApiTestApp();
    const all = await t.http
      .get('/api/v1/sessions?limit=500')
      .set(...bearer(t.users.admin))
      .expect(200);
    sessionOfA = (all.body.items as Session[]).find((s) => s.memberAsn === MEMBER_A)!;
    sessionOfB = (all.body.items as Session[]).find((s) => s.memberAsn === MEMBER_B)!;
    expect(sessionOfA).toBeDefined();
    expect(sessionOfB).toBeDefined();
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists only the own member for member users, all for staff', async () => {
    const own = await t.http
      .get('/api/v1/members')
      .set(...bearer(t.users.userA))
      .expect(200);
    expect(own.body).toMatchObject({ total: 1, limit: 100, offset: 0 });
    expect(itemsOf<{ asn: number }>(own).map((m) => m.asn)).toEqual([MEMBER_A]);
    const all = await t.http
      .get('/api/v1/members?limit=2&offset=1')
      .set(...bearer(t.users.admin))
      .expect(200);
    expect(all.body).toMatchObject({ total: 4, limit: 2, offset: 1 });
    expect(itemsOf<{ asn: number }>(all).map((m) => m.asn)).toEqual([64497, 64498]);
  });

  it("answers 404 on another member's data and 200 on its own", async () => {
    const other = await t.http
      .get(`/api/v1/members/AS${MEMBER_B}`)
      .set(...bearer(t.users.userA))
      .expect(404);
    expect(other.body.error).toMatchObject({ code: 'not_found', status: 404 });
    await t.http
      .get(`/api/v1/members/${MEMBER_A}`)
      .set(...bearer(t.users.userB))
      .expect(404);
    const own = await t.http
      .get(`/api/v1/members/AS${MEMBER_A}`)
      .set(...bearer(t.users.userA))
      .expect(200);
    expect(own.body.asn).toBe(MEMBER_A);
    expect(own.body.interfaces.length).toBeGreaterThan(0);
    expect((own.body as { sessions: { id: number }[] }).sessions.map((s) => s.id)).toContain(sessionOfA.id);
    expect(JSON.stringify(own.body)).not.toMatch(/md5Password|passwordHash/);
  });

  it("filters other members' sessions out of /sessions", async () => {
    const own = await t.http
      .get('/api/v1/sessions')
      .set(...bearer(t.users.userA))
      .expect(200);
    expect(own.body.total).toBeGreaterThan(0);
    expect(new Set(itemsOf<Session>(own).map((s) => s.memberAsn))).toEqual(new Set([MEMBER_A]));
    const asked = await t.http
      .get(`/api/v1/sessions?memberAsn=AS${MEMBER_B}`)
      .set(...bearer(t.users.userA))
      .expect(200);
    expect(asked.body).toMatchObject({ items: [], total: 0 });
    const staff = await t.http
      .get(`/api/v1/sessions?memberAsn=${MEMBER_B}&routeServer=rs1`)
      .set(...bearer(t.users.admin))
      .expect(200);
    expect(staff.body.total).toBeGreaterThan(0);
    expect(new Set(itemsOf<Session>(staff).map((s) => s.memberAsn))).toEqual(new Set([MEMBER_B]));
  });

  it("answers 404 on another member's session, also for enable/disable, and changes nothing", async () => {
    await t.http
      .get(`/api/v1/sessions/${sessionOfB.id}`)
      .set(...bearer(t.users.userA))
      .expect(404);
    await t.http
      .post(`/api/v1/sessions/${sessionOfB.id}/disable`)
      .set(...bearer(t.users.adminA))
      .expect(404);
    await t.http
      .post(`/api/v1/sessions/${sessionOfB.id}/enable`)
      .set(...bearer(t.users.userA))
      .expect(404);
    const b = await t.http
      .get(`/api/v1/sessions/${sessionOfB.id}`)
      .set(...bearer(t.users.admin))
      .expect(200);
    expect(b.body.isEnabled).toBe(true);
  });

  it('forbids changes to a member_user (403), even of its own member', async () => {
    const patch = await t.http
      .patch(`/api/v1/members/AS${MEMBER_A}`)
      .set(...bearer(t.users.userA))
      .send({ peeringPolicy: 'open' })
      .expect(403);
    expect(patch.body.error).toMatchObject({ code: 'forbidden', status: 403 });
    await t.http
      .post(`/api/v1/sessions/${sessionOfA.id}/disable`)
      .set(...bearer(t.users.userA))
      .expect(403);
    await t.http
      .post('/api/v1/users')
      .set(...bearer(t.users.userA))
      .send({ email: 'x@network0.example.net', role: 'member_user', memberAsn: MEMBER_A })
      .expect(403);
  });

  it('lets a member_admin switch its own sessions and change the fields members own', async () => {
    const off = await t.http
      .post(`/api/v1/sessions/${sessionOfA.id}/disable`)
      .set(...bearer(t.users.adminA))
      .expect(200);
    expect(off.body).toMatchObject({ id: sessionOfA.id, isEnabled: false, memberAsn: MEMBER_A });
    const on = await t.http
      .post(`/api/v1/sessions/${sessionOfA.id}/enable`)
      .set(...bearer(t.users.adminA))
      .expect(200);
    expect(on.body.isEnabled).toBe(true);

    const patched = await t.http
      .patch(`/api/v1/members/AS${MEMBER_A}`)
      .set(...bearer(t.users.adminA))
      .send({ peeringPolicy: 'selective' })
      .expect(200);
    expect(patched.body).toMatchObject({ asn: MEMBER_A, peeringPolicy: 'selective' });
    // AS-SET and max-prefix changes that widen the filter are requests (member-requests.int-spec.ts).

    const staffField = await t.http
      .patch(`/api/v1/members/AS${MEMBER_A}`)
      .set(...bearer(t.users.adminA))
      .send({ isNeverViaRouteServers: true })
      .expect(400);
    expect(staffField.body.error).toMatchObject({ field: 'isNeverViaRouteServers', value: true });
    await t.http
      .patch(`/api/v1/members/AS${MEMBER_B}`)
      .set(...bearer(t.users.adminA))
      .send({ peeringPolicy: 'open' })
      .expect(404);
    await t.http
      .delete(`/api/v1/members/AS${MEMBER_A}`)
      .set(...bearer(t.users.adminA))
      .expect(403);
    await t.http
      .post('/api/v1/members')
      .set(...bearer(t.users.adminA))
      .send({ asn: 64499, name: 'x' })
      .expect(403);
  });

  it('lets a member_admin add users of its own member only', async () => {
    await t.http
      .post('/api/v1/users')
      .set(...bearer(t.users.adminA))
      .send({ email: 'ops@network0.example.net', role: 'member_user', memberAsn: MEMBER_A })
      .expect(201);
    await t.http
      .post('/api/v1/users')
      .set(...bearer(t.users.adminA))
      .send({ email: 'ops@network1.example.net', role: 'member_user', memberAsn: MEMBER_B })
      .expect(403);
    const users = await t.http
      .get('/api/v1/users')
      .set(...bearer(t.users.adminA))
      .expect(200);
    expect(
      itemsOf<{ email: string }>(users)
        .map((u) => u.email)
        .sort(),
    ).toEqual(['admin@network0.example.net', 'noc@network0.example.net', 'ops@network0.example.net'].sort());
    expect(JSON.stringify(users.body)).not.toContain('argon2');
  });

  it('writes an audit record for every change, readable by staff only, newest first', async () => {
    await t.http
      .get('/api/v1/audit')
      .set(...bearer(t.users.userA))
      .expect(403);
    await t.http
      .get('/api/v1/audit')
      .set(...bearer(t.users.adminA))
      .expect(403);
    const res = await t.http
      .get('/api/v1/audit?limit=6')
      .set(...bearer(t.users.admin))
      .expect(200);
    const actions = itemsOf<{ action: string }>(res).map((r) => r.action);
    expect(actions.slice(0, 4)).toEqual([
      'user.create',
      'member.update',
      'session.enable',
      'session.disable',
    ]);
    const ids = itemsOf<{ id: string }>(res).map((r) => Number(r.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const update = itemsOf<{ action: string }>(res).find((r) => r.action === 'member.update');
    expect(update).toMatchObject({
      actor: `token:test(${t.users.adminA.email})`,
      entityType: 'member',
      before: expect.objectContaining({ peeringPolicy: 'open' }),
      after: expect.objectContaining({ peeringPolicy: 'selective' }),
    });
    const filtered = await t.http
      .get(`/api/v1/audit?entityType=route_server_session&entityId=${sessionOfA.id}`)
      .set(...bearer(t.users.admin))
      .expect(200);
    expect(itemsOf<{ action: string }>(filtered).map((r) => r.action)).toEqual([
      'session.enable',
      'session.disable',
    ]);
  });

  it('runs the staff workflow: member, interface, route server, with an audit record each', async () => {
    const admin = bearer(t.users.admin);
    const lanId = (
      await t.http
        .get('/api/v1/peering-lans')
        .set(...admin)
        .expect(200)
    ).body.items[0].id as number;
    await t.http
      .post('/api/v1/members')
      .set(...admin)
      .send({
        asn: 'AS65550',
        name: 'Example Network 50',
        asSets: 'AS-EXAMPLE50',
        allowBogonAsn: LAB_BOGON_ASN_REASON,
      })
      .expect(201);
    const iface = await t.http
      .post('/api/v1/members/AS65550/interfaces')
      .set(...admin)
      .send({
        peeringLanId: lanId,
        ipv4Address: '192.0.2.250',
        ipv6Address: '2001:db8::fa:1',
        macAddresses: ['02:00:5e:00:fa:01'],
      })
      .expect(201);
    expect(iface.body).toMatchObject({
      ipv4Address: '192.0.2.250',
      ipv6Address: '2001:db8::fa:1',
      isRouteServerClient: true,
    });
    const sessions = await t.http
      .get('/api/v1/sessions?memberAsn=65550')
      .set(...admin)
      .expect(200);
    expect(
      itemsOf<{ family: number }>(sessions)
        .map((s) => s.family)
        .sort(),
    ).toEqual([4, 6]);
    await t.http
      .patch(`/api/v1/member-interfaces/${iface.body.id}`)
      .set(...admin)
      .send({ isRouteServerClient: false })
      .expect(200);
    expect((await t.http.get('/api/v1/sessions?memberAsn=65550').set(...admin)).body.total).toBe(0);
    await t.http
      .delete(`/api/v1/member-interfaces/${iface.body.id}`)
      .set(...admin)
      .expect(204);
    await t.http
      .delete('/api/v1/members/AS65550')
      .set(...admin)
      .expect(204);
    await t.http
      .get('/api/v1/members/AS65550')
      .set(...admin)
      .expect(404);
    const rs = await t.http
      .post('/api/v1/route-servers')
      .set(...admin)
      .send({
        name: 'rs2',
        asn: 64510,
        routerId: '192.0.2.2',
        ipv4Address: '192.0.2.2',
        ipv6Address: '2001:db8::2',
      })
      .expect(201);
    expect(rs.body.sessionsCreated).toBeGreaterThan(0);
    const seen = await t.http
      .get('/api/v1/route-servers/rs2')
      .set(...bearer(t.users.userA))
      .expect(200);
    expect(seen.body).not.toHaveProperty('socketPath');

    const audit = await t.http
      .get('/api/v1/audit?limit=8')
      .set(...admin)
      .expect(200);
    expect(itemsOf<{ action: string }>(audit).map((r) => r.action)).toEqual([
      'route_server.create',
      'member.delete',
      'member_interface.delete',
      'member_interface.update',
      'member_interface.create',
      'member.allow_bogon_asn',
      'member.create',
      'user.create',
    ]);
  });

  it('lets staff and a member_admin disable users, whose tokens and passwords then stop working', async () => {
    const ops = await t.addUser('ops2@network0.example.net', 'member_user', MEMBER_A);
    const other = await t.addUser('ops2@network1.example.net', 'member_user', MEMBER_B);
    const idOf = async (email: string): Promise<number> =>
      itemsOf<{ id: number; email: string }>(
        await t.http
          .get('/api/v1/users?limit=500')
          .set(...bearer(t.users.admin))
          .expect(200),
      ).find((u) => u.email === email)!.id;
    const opsId = await idOf(ops.email);
    await t.http
      .get('/api/v1/auth/me')
      .set(...bearer(ops))
      .expect(200);

    const off = await t.http
      .patch(`/api/v1/users/${opsId}`)
      .set(...bearer(t.users.adminA))
      .send({ isDisabled: true })
      .expect(200);
    expect(off.body).toMatchObject({ email: ops.email, isDisabled: true });
    await t.http
      .get('/api/v1/auth/me')
      .set(...bearer(ops))
      .expect(401);
    await t.http.post('/api/v1/auth/login').send({ email: ops.email, password: ops.password }).expect(401);
    await t.http
      .patch(`/api/v1/users/${opsId}`)
      .set(...bearer(t.users.adminA))
      .send({ isDisabled: false })
      .expect(200);
    // Disabling revoked the old token: enabling again brings the password back, not the token.
    await t.http
      .get('/api/v1/auth/me')
      .set(...bearer(ops))
      .expect(401);
    const again = await t.http
      .post('/api/v1/auth/login')
      .send({ email: ops.email, password: ops.password })
      .expect(200);
    await t.http
      .get('/api/v1/auth/me')
      .set('Authorization', `Bearer ${(again.body as { token: string }).token}`)
      .expect(200);

    // Another member's user does not exist for a member_admin; a member_user may not disable anyone.
    await t.http
      .patch(`/api/v1/users/${await idOf(other.email)}`)
      .set(...bearer(t.users.adminA))
      .send({ isDisabled: true })
      .expect(404);
    await t.http
      .patch(`/api/v1/users/${opsId}`)
      .set(...bearer(t.users.userA))
      .send({ isDisabled: true })
      .expect(403);
    const bad = await t.http
      .patch(`/api/v1/users/${opsId}`)
      .set(...bearer(t.users.admin))
      .send({ isDisabled: 'yes' })
      .expect(400);
    expect(JSON.stringify(bad.body)).toContain('isDisabled');
    // The last enabled admin stays enabled.
    const last = await t.http
      .patch(`/api/v1/users/${await idOf(t.users.admin.email)}`)
      .set(...bearer(t.users.admin))
      .send({ isDisabled: true })
      .expect(400);
    expect(last.body.error.message).toMatch(/last enabled admin/);
    const audit = await t.http
      .get('/api/v1/audit?limit=10')
      .set(...bearer(t.users.admin))
      .expect(200);
    expect(
      itemsOf<{ action: string; entityId: string }>(audit)
        .filter((r) => r.action.startsWith('user.'))
        .slice(0, 2)
        .map((r) => [r.action, Number(r.entityId)]),
    ).toEqual([
      ['user.enable', opsId],
      ['user.disable', opsId],
    ]);

    // Two admins disabling each other at the same time: one wins, the other is the last admin.
    const second = await t.addUser('staff2@ix.example.net', 'admin');
    const [firstId, secondId] = [await idOf(t.users.admin.email), await idOf(second.email)];
    const users = t.app.get(UserService);
    const staff = (userId: number) => ({ label: 'test', userId, role: 'admin' as const, memberId: null });
    const results = await Promise.allSettled([
      users.setDisabled(staff(firstId), secondId, true),
      users.setDisabled(staff(secondId), firstId, true),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const [enabled] = await t.db.dataSource.query(
      `SELECT count(*)::int AS n FROM app_user WHERE role = 'admin' AND NOT is_disabled`,
    );
    expect(enabled.n).toBe(1);
    await users.setDisabled(staff(firstId), firstId, false);
    await users.setDisabled(staff(firstId), secondId, false);
  });

  it("lets staff change how a route server's BIRD is read, with an audit record", async () => {
    // A staff user of its own: the race above may have disabled t.users.admin, which revokes its
    // token for good (re-enabling brings no token back).
    const admin = bearer(await t.addUser('routing@ix.example.net', 'admin'));
    const moved = await t.http
      .patch('/api/v1/route-servers/rs1')
      .set(...admin)
      .send({ socketPath: '/run/bird/rs1.ctl', agentUrl: null })
      .expect(200);
    expect(moved.body).toMatchObject({ name: 'rs1', socketPath: '/run/bird/rs1.ctl', agentUrl: null });
    const remote = await t.http
      .patch('/api/v1/route-servers/rs1')
      .set(...admin)
      .send({ socketPath: null, agentUrl: 'https://rs1.ix.example.net:8443' })
      .expect(200);
    expect(remote.body).toMatchObject({ socketPath: null, agentUrl: 'https://rs1.ix.example.net:8443' });

    const both = await t.http
      .patch('/api/v1/route-servers/rs1')
      .set(...admin)
      .send({ socketPath: '/run/bird/rs1.ctl', agentUrl: 'https://rs1.ix.example.net:8443' })
      .expect(400);
    expect(both.body.error).toMatchObject({ field: 'agentUrl' });
    const relative = await t.http
      .patch('/api/v1/route-servers/rs1')
      .set(...admin)
      .send({ socketPath: 'bird.ctl', agentUrl: null })
      .expect(400);
    expect(relative.body.error).toMatchObject({ field: 'socketPath', value: 'bird.ctl' });
    await t.http
      .patch('/api/v1/route-servers/nope')
      .set(...admin)
      .send({ socketPath: null, agentUrl: null })
      .expect(404);
    await t.http
      .patch('/api/v1/route-servers/rs1')
      .set(...bearer(t.users.adminA))
      .send({ socketPath: null, agentUrl: null })
      .expect(403);

    const audit = await t.http
      .get('/api/v1/audit?limit=2')
      .set(...admin)
      .expect(200);
    expect(itemsOf<{ action: string }>(audit).map((r) => r.action)).toEqual([
      'route_server.update',
      'route_server.update',
    ]);
  });
});
