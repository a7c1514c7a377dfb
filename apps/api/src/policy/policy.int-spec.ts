import { IMPORT_POLICY_SETTINGS } from '@ixora/bird-config';
import {
  buildRouteServerConfigModel,
  cliActor,
  ImportPolicyService,
  RouteServerConfigRepository,
} from '@ixora/domain';
import { bearer, startApiTestApp, type ApiTestApp, type TestUser } from '../testing/api-test.app.js';

describe('import policy API: Ixp defaults, member and session overrides', () => {
  let t: ApiTestApp;
  let sessionId: number;

  beforeAll(async () => {
    t = await startApiTestApp();
    const [row] = await t.db.dataSource.query(`
      SELECT s.id FROM route_server_session s JOIN member_interface mi ON mi.id = s.member_interface_id
        JOIN member m ON m.id = mi.member_id WHERE m.asn = 64496 AND s.family = 4`);
    sessionId = row.id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('sets and reads the Ixp defaults and a member override, writing audit records', async () => {
    const admin = bearer(t.users.admin);
    await t.http
      .put('/api/v1/ixps/EX-IX/policy')
      .set(...admin)
      .send({ maxAsPathLength: 40 })
      .expect(200);
    const member = await t.http
      .put('/api/v1/members/AS64496/policy')
      .set(...admin)
      .send({ irrAllowMoreSpecifics: true, maxAsPathLength: 16 })
      .expect(200);
    expect(member.body).toMatchObject({
      irrAllowMoreSpecifics: true,
      maxAsPathLength: 16,
      nextHopPolicy: null,
    });
    const cleared = await t.http
      .put('/api/v1/members/64496/policy')
      .set(...admin)
      .send({ maxAsPathLength: null })
      .expect(200);
    expect(cleared.body).toMatchObject({ irrAllowMoreSpecifics: true, maxAsPathLength: null });
    const actions = await t.db.dataSource.query(
      `SELECT action FROM audit_record WHERE action LIKE '%.policy' ORDER BY id`,
    );
    expect(actions.map((a: { action: string }) => a.action)).toEqual([
      'ixp.policy',
      'member.policy',
      'member.policy',
    ]);
  });

  it('answers bad settings with a 400 naming the field and value', async () => {
    const admin = bearer(t.users.admin);
    const range = await t.http
      .put('/api/v1/members/64496/policy')
      .set(...admin)
      .send({ maxAsPathLength: 0 })
      .expect(400);
    expect(range.body.error).toMatchObject({ code: 'invalid_value', field: 'maxAsPathLength', value: 0 });
    const unknown = await t.http
      .put('/api/v1/members/64496/policy')
      .set(...admin)
      .send({ acceptAll: true })
      .expect(400);
    expect(unknown.body.error.field).toBe('acceptAll');
    const renamed = await t.http
      .put('/api/v1/members/64496/policy')
      .set(...admin)
      .send({ asPathMaxLength: 40 })
      .expect(400);
    expect(renamed.body.error).toMatchObject({
      field: 'asPathMaxLength',
      value: 40,
      message: expect.stringContaining('was renamed to maxAsPathLength'),
    });
    const renamedInSession = await t.http
      .patch(`/api/v1/sessions/${sessionId}/settings`)
      .set(...admin)
      .send({ policy: { isBlackholeAllowed: true } })
      .expect(400);
    expect(renamedInSession.body.error).toMatchObject({
      field: 'policy.isBlackholeAllowed',
      message: expect.stringContaining('was renamed to allowBlackhole'),
    });
    const crossed = await t.http
      .put('/api/v1/members/64496/policy')
      .set(...admin)
      .send({ minPrefixLengthV4: 25, maxPrefixLengthV4: 24 })
      .expect(400);
    expect(crossed.body.error).toMatchObject({ field: 'policy.minPrefixLengthV4', value: 25 });
  });

  it('lets a member read its own policy, not change it, and not see another member', async () => {
    await t.http
      .get('/api/v1/members/64496/policy')
      .set(...bearer(t.users.userA))
      .expect(200);
    await t.http
      .get('/api/v1/members/64497/policy')
      .set(...bearer(t.users.userA))
      .expect(404);
    await t.http
      .put('/api/v1/members/64496/policy')
      .set(...bearer(t.users.adminA))
      .send({ maxAsPathLength: 64 })
      .expect(403);
    await t.http
      .get(`/api/v1/sessions/${sessionId}/settings`)
      .set(...bearer(t.users.userB))
      .expect(404);
  });

  it('sets session settings (MD5 key write-only, redacted in the audit) and the config model follows', async () => {
    const res = await t.http
      .patch(`/api/v1/sessions/${sessionId}/settings`)
      .set(...bearer(t.users.admin))
      .send({ maxPrefix: 500, md5Password: 'Secr3t-key', policy: { nextHopPolicy: 'same-member' } })
      .expect(200);
    expect(res.body).toMatchObject({ id: sessionId, maxPrefix: 500, hasMd5Password: true });
    expect(JSON.stringify(res.body)).not.toContain('Secr3t');
    const [audit] = await t.db.dataSource.query(
      `SELECT after FROM audit_record WHERE action = 'session.settings'`,
    );
    expect(audit.after.md5Password).toBe('[redacted]');
    const badKey = await t.http
      .patch(`/api/v1/sessions/${sessionId}/settings`)
      .set(...bearer(t.users.admin))
      .send({ md5Password: 'has"quote' })
      .expect(400);
    expect(badKey.body.error.field).toBe('md5Password');

    const repository = new RouteServerConfigRepository(t.db.dataSource.manager);
    const model = buildRouteServerConfigModel(
      await repository.load(await repository.findRouteServer('rs1'), { mode: 'static' }),
    );
    const session = model.sessions.find((s) => s.id === sessionId)!;
    expect(session.policy).toMatchObject({
      nextHopPolicy: 'same-member',
      maxPrefixes: 500,
      maxPrefixSource: 'session',
      md5Password: 'Secr3t-key',
      irrAllowMoreSpecifics: true,
      maxAsPathLength: 40,
    });
    const effective = await new ImportPolicyService(t.db.dataSource).effectivePolicy(cliActor('test'), {
      session: sessionId,
    });
    expect(effective).toEqual(
      expect.arrayContaining([
        { setting: 'nextHopPolicy', value: 'same-member', from: 'session' },
        { setting: 'irrAllowMoreSpecifics', value: true, from: 'member' },
        { setting: 'maxAsPathLength', value: 40, from: 'ixp' },
        { setting: 'rpkiPolicy', value: 'reject-invalid', from: 'default' },
        { setting: 'maxPrefix', value: 500, from: 'session' },
      ]),
    );
    expect(effective.every((row) => row.value !== null)).toBe(true);
    const other = model.sessions.find((s) => s.memberAsn === 64497)!;
    expect(other.policy).toMatchObject({
      irrAllowMoreSpecifics: false,
      maxAsPathLength: 40,
      nextHopPolicy: 'strict',
    });
  });

  it('lets a member set only the settings the table marks as member-settable; any other is 403 naming it', async () => {
    const settingsPath = `/api/v1/sessions/${sessionId}/settings`;
    const patchAs = (user: TestUser, body: object) =>
      t.http
        .patch(settingsPath)
        .set(...bearer(user))
        .send(body);
    const memberSettable = IMPORT_POLICY_SETTINGS.filter((spec) => spec.memberMaySet).map((s) => s.key);
    expect(memberSettable.sort()).toEqual(['addPath', 'allowBlackhole', 'bgpRole']);
    const before = (await t.http.get(settingsPath).set(...bearer(t.users.admin))).body;

    for (const spec of IMPORT_POLICY_SETTINGS.filter((s) => !s.memberMaySet)) {
      const refused = await patchAs(t.users.adminA, { policy: { [spec.key]: spec.default } }).expect(403);
      expect(refused.body.error).toMatchObject({
        code: 'forbidden',
        field: `policy.${spec.key}`,
        value: spec.default,
        message: expect.stringContaining('can only be changed by IXP staff'),
      });
    }
    // A member_user may set nothing, but the answer still names what it tried to change.
    const byUser = await patchAs(t.users.userA, { policy: { rpkiPolicy: 'off' } }).expect(403);
    expect(byUser.body.error).toMatchObject({ field: 'policy.rpkiPolicy', value: 'off' });
    const readOnly = await patchAs(t.users.userA, { policy: { addPath: true } }).expect(403);
    expect(readOnly.body.error.message).toContain('read-only');
    // Blackholing only where the exchange lets members opt in (membersMayAllowBlackhole, off here).
    const blackhole = await patchAs(t.users.adminA, { policy: { allowBlackhole: true } }).expect(403);
    expect(blackhole.body.error).toMatchObject({
      code: 'forbidden',
      field: 'policy.allowBlackhole',
      value: true,
    });
    // One refused setting refuses the whole change.
    await patchAs(t.users.adminA, { policy: { addPath: true, allowBlackhole: true } }).expect(403);
    expect((await t.http.get(settingsPath).set(...bearer(t.users.admin))).body).toEqual(before);
    // Names and values are checked as for staff; another member's session does not exist.
    const renamed = await patchAs(t.users.adminA, { policy: { isAddPathEnabled: true } }).expect(400);
    expect(renamed.body.error.field).toBe('policy.isAddPathEnabled');
    const badValue = await patchAs(t.users.adminA, { policy: { bgpRole: 'rs_client' } }).expect(400);
    expect(badValue.body.error).toMatchObject({ field: 'policy.bgpRole', value: 'rs_client' });
    const [otherSession] = await t.db.dataSource.query(`
      SELECT s.id FROM route_server_session s JOIN member_interface mi ON mi.id = s.member_interface_id
        JOIN member m ON m.id = mi.member_id WHERE m.asn = 64497`);
    await t.http
      .patch(`/api/v1/sessions/${otherSession.id as number}/settings`)
      .set(...bearer(t.users.adminA))
      .send({ policy: { addPath: true } })
      .expect(404);

    const allowed = await patchAs(t.users.adminA, { policy: { addPath: true, bgpRole: 'none' } }).expect(200);
    expect(allowed.body.policy).toMatchObject({ ...before.policy, addPath: true, bgpRole: 'none' });
    const [audit] = await t.db.dataSource.query(
      `SELECT actor, after FROM audit_record WHERE action = 'session.settings' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit.actor).toContain('admin@network0.example.net');
    expect(audit.after.policy).toMatchObject({ addPath: true, bgpRole: 'none' });
    const repository = new RouteServerConfigRepository(t.db.dataSource.manager);
    const model = buildRouteServerConfigModel(
      await repository.load(await repository.findRouteServer('rs1'), { mode: 'static' }),
    );
    expect(model.sessions.find((s) => s.id === sessionId)!.policy).toMatchObject({
      addPath: true,
      bgpRole: 'none',
    });
    const cleared = await patchAs(t.users.adminA, { policy: { addPath: null, bgpRole: null } }).expect(200);
    expect(cleared.body).toEqual(before);
  });
});
