import { renderRouteServerConfig } from '@ixora/bird-config';
import { buildRouteServerConfigModel, RouteServerConfigRepository } from '@ixora/domain';
import { bearer, startApiTestApp, type ApiTestApp } from '../testing/api-test.app.js';

const WELL_KNOWN_TRANSIT_FREE = [
  174, 701, 1299, 2914, 3257, 3320, 3356, 5511, 6453, 6461, 6762, 6830, 7018, 12956,
];

describe('exchange-wide settings API: GET|PATCH /api/v1/ixps/SHORTNAME', () => {
  let t: ApiTestApp;

  beforeAll(async () => {
    t = await startApiTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  async function renderedConfig(): Promise<string> {
    const repository = new RouteServerConfigRepository(t.db.dataSource.manager);
    const input = await repository.load(await repository.findRouteServer('rs1'), { mode: 'static' });
    return renderRouteServerConfig(buildRouteServerConfigModel(input));
  }

  /** The ASNs of the config's `define IXORA_TRANSIT_FREE_ASNS = [ … ];`. */
  function transitFreeOf(config: string): number[] {
    const list = /define IXORA_TRANSIT_FREE_ASNS = \[([^\]]*)\]/.exec(config)?.[1] ?? '';
    return list
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
  }

  it('starts a new exchange with the well-known transit-free networks, and the config filters them', async () => {
    const res = await t.http
      .get('/api/v1/ixps/EX-IX')
      .set(...bearer(t.users.admin))
      .expect(200);
    expect(res.body).toMatchObject({
      shortname: 'EX-IX',
      transitFreeAsns: WELL_KNOWN_TRANSIT_FREE,
      isGracefulShutdown: false,
      blackholeNextHopV4: null,
    });
    expect(transitFreeOf(await renderedConfig())).toEqual(WELL_KNOWN_TRANSIT_FREE);
  });

  it('changes settings with an audit record, and graceful shutdown reaches every session of the config', async () => {
    const before = await renderedConfig();
    expect(before).not.toMatch(/ixora_export\(\d+, true\)/);
    const res = await t.http
      .patch('/api/v1/ixps/EX-IX')
      .set(...bearer(t.users.admin))
      .send({
        transitFreeAsns: [3356, 174, 1299, 174],
        blackholeNextHopV4: '192.0.2.66',
        blackholeNextHopV6: '2001:db8::66',
        isGracefulShutdown: true,
        maxPrefixHeadroomPercent: 25,
        impactGuardPercent: 20,
      })
      .expect(200);
    expect(res.body).toMatchObject({
      transitFreeAsns: [174, 1299, 3356],
      blackholeNextHopV4: '192.0.2.66',
      blackholeNextHopV6: '2001:db8::66',
      isGracefulShutdown: true,
      maxPrefixHeadroomPercent: 25,
      impactGuardPercent: 20,
    });
    const [audit] = await t.db.dataSource.query(
      `SELECT actor, before, after FROM audit_record WHERE action = 'ixp.settings'`,
    );
    expect(audit.actor).toContain('staff@ix.example.net');
    expect(audit.before).toMatchObject({ isGracefulShutdown: false });
    expect(audit.after).toMatchObject({ isGracefulShutdown: true, transitFreeAsns: [174, 1299, 3356] });

    const after = await renderedConfig();
    const exports = [...after.matchAll(/export where ixora_export\(\d+, (true|false)\)/g)].map((m) => m[1]);
    expect(exports.length).toBeGreaterThan(0);
    expect(new Set(exports)).toEqual(new Set(['true']));
    expect(transitFreeOf(after)).toEqual([174, 1299, 3356]);
    expect(after).toContain('192.0.2.66');

    await t.http
      .patch('/api/v1/ixps/EX-IX')
      .set(...bearer(t.users.admin))
      .send({ isGracefulShutdown: false, blackholeNextHopV6: null })
      .expect(200);
    expect(await renderedConfig()).not.toMatch(/ixora_export\(\d+, true\)/);
  });

  it('answers a bad value with a 400 naming the setting and the value', async () => {
    const admin = bearer(t.users.admin);
    const cases: [object, string, unknown][] = [
      [{ blackholeNextHopV4: '2001:db8::66' }, 'blackholeNextHopV4', '2001:db8::66'],
      [{ blackholeNextHopV4: '198.51.100.1' }, 'blackholeNextHopV4', '198.51.100.1'],
      [{ transitFreeAsns: [174, 0] }, 'transitFreeAsns[1]', 0],
      [{ maxPrefixHeadroomPercent: 5000 }, 'maxPrefixHeadroomPercent', 5000],
      [{ impactGuardPercent: 150 }, 'impactGuardPercent', 150],
      [{ country: 'Germany' }, 'country', 'Germany'],
      [{ isGracefulShutdown: 'yes' }, 'isGracefulShutdown', 'yes'],
      [{ transitFree: [174] }, 'transitFree', [174]],
    ];
    for (const [body, field, value] of cases) {
      const res = await t.http
        .patch('/api/v1/ixps/EX-IX')
        .set(...admin)
        .send(body)
        .expect(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_value', field, value });
    }
    await t.http
      .patch('/api/v1/ixps/NO-SUCH-IX')
      .set(...admin)
      .send({ isGracefulShutdown: true })
      .expect(404);
  });

  it('is for staff only', async () => {
    await t.http
      .get('/api/v1/ixps/EX-IX')
      .set(...bearer(t.users.adminA))
      .expect(403);
    await t.http
      .patch('/api/v1/ixps/EX-IX')
      .set(...bearer(t.users.adminA))
      .send({ isGracefulShutdown: true })
      .expect(403);
    await t.http.get('/api/v1/ixps/EX-IX').expect(401);
  });
});
