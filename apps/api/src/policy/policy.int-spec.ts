import {
  buildRouteServerConfigModel,
  cliActor,
  ImportPolicyService,
  RouteServerConfigRepository,
} from '@ixora/domain';
import { bearer, startApiTestApp, type ApiTestApp } from '../testing/api-test.app.js';

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
      .send({ asPathMaxLength: 40 })
      .expect(200);
    const member = await t.http
      .put('/api/v1/members/AS64496/policy')
      .set(...admin)
      .send({ isIrrMoreSpecificAllowed: true, asPathMaxLength: 16 })
      .expect(200);
    expect(member.body).toMatchObject({
      isIrrMoreSpecificAllowed: true,
      asPathMaxLength: 16,
      nextHopPolicy: null,
    });
    const cleared = await t.http
      .put('/api/v1/members/64496/policy')
      .set(...admin)
      .send({ asPathMaxLength: null })
      .expect(200);
    expect(cleared.body).toMatchObject({ isIrrMoreSpecificAllowed: true, asPathMaxLength: null });
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
      .send({ asPathMaxLength: 0 })
      .expect(400);
    expect(range.body.error).toMatchObject({ code: 'invalid_value', field: 'asPathMaxLength', value: 0 });
    const unknown = await t.http
      .put('/api/v1/members/64496/policy')
      .set(...admin)
      .send({ acceptAll: true })
      .expect(400);
    expect(unknown.body.error.field).toBe('acceptAll');
    const crossed = await t.http
      .put('/api/v1/members/64496/policy')
      .set(...admin)
      .send({ prefixMinLengthV4: 25, prefixMaxLengthV4: 24 })
      .expect(400);
    expect(crossed.body.error).toMatchObject({ field: 'policy.prefixMinLengthV4', value: 25 });
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
      .send({ asPathMaxLength: 64 })
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
        { setting: 'isIrrMoreSpecificAllowed', value: true, from: 'member' },
        { setting: 'asPathMaxLength', value: 40, from: 'ixp' },
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
});
