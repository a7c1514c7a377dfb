import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MemberInterface, NetworkRepository, PeeringLan } from '@ixora/domain';
import { buildIxfExport } from '@ixora/testing';
import { bearer, startApiTestApp, type ApiTestApp } from '../../apps/api/src/testing/api-test.app.js';
import { ixora } from '../../apps/cli/src/run-cli.test-helper.js';

/**
 * Issue 11 item 1: a member interface may not take a route server's own address or a reserved
 * address of its LAN; a config with `neighbor <the route server itself>` is never built.
 * The seeded exchange: rs1 at 192.0.2.1 and 2001:db8::1 on 192.0.2.0/24 and 2001:db8::/64.
 */
describe('hostile: member interface addresses', () => {
  let t: ApiTestApp;
  let admin: [string, string];
  let lanId: number;
  let dir: string;
  const savedUrl = process.env.DATABASE_URL;

  beforeAll(async () => {
    t = await startApiTestApp();
    admin = bearer(t.users.admin);
    lanId = (await t.db.dataSource.manager.findOneByOrFail(PeeringLan, { vlanId: 10 })).id;
    dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-hostile-'));
    process.env.DATABASE_URL = t.db.url;
  });
  afterAll(async () => {
    process.env.DATABASE_URL = savedUrl;
    await rm(dir, { recursive: true, force: true });
    await t.close();
  });

  const addInterface = (body: object) =>
    t.http
      .post('/api/v1/members/AS64499/interfaces')
      .set(...admin)
      .send({ peeringLanId: lanId, ...body });

  it.each([
    ['ipv4Address', '192.0.2.1', 409, /route server rs1/],
    ['ipv6Address', '2001:db8::1', 409, /route server rs1/],
    ['ipv4Address', '192.0.2.0', 400, /network address/],
    ['ipv4Address', '192.0.2.255', 400, /broadcast address/],
    ['ipv6Address', '2001:db8::', 400, /subnet-router anycast/],
  ])('refuses %s %s over the API (%i)', async (field, address, status, reason) => {
    const res = await addInterface({ [field]: address }).expect(status);
    expect(res.body.error).toMatchObject({ field, value: address, message: expect.stringMatching(reason) });
  });

  it('refuses a route server address spelled differently, and on a change of an existing interface', async () => {
    const res = await addInterface({ ipv6Address: '2001:DB8:0::0001' }).expect(409);
    expect(res.body.error).toMatchObject({ field: 'ipv6Address', value: '2001:db8::1' });
    const member = (
      await t.http
        .get('/api/v1/members/AS64499')
        .set(...admin)
        .expect(200)
    ).body as { interfaces: { id: number }[] };
    const id = member.interfaces[0]!.id;
    const patched = await t.http
      .patch(`/api/v1/member-interfaces/${id}`)
      .set(...admin)
      .send({ ipv4Address: '192.0.2.1' })
      .expect(409);
    expect(patched.body.error).toMatchObject({ field: 'ipv4Address', value: '192.0.2.1' });
  });

  it('refuses a route server on an address a member already holds, or on the LAN broadcast', async () => {
    const taken = await t.http
      .post('/api/v1/route-servers')
      .set(...admin)
      .send({ name: 'rs8', asn: 64510, routerId: '192.0.2.8', ipv4Address: '192.0.2.10' })
      .expect(409);
    expect(taken.body.error).toMatchObject({ field: 'ipv4Address', value: '192.0.2.10' });
    const broadcast = await t.http
      .post('/api/v1/route-servers')
      .set(...admin)
      .send({ name: 'rs8', asn: 64510, routerId: '192.0.2.8', ipv4Address: '192.0.2.255' })
      .expect(400);
    expect(broadcast.body.error).toMatchObject({ field: 'ipv4Address', value: '192.0.2.255' });
  });

  it('refuses an IX-F import (API and CLI) that gives a member the route server address, naming the JSON path', async () => {
    const doc = buildIxfExport({ members: 4 }) as {
      member_list: { connection_list: { vlan_list: { ipv4: { address: string } }[] }[] }[];
    };
    doc.member_list[1]!.connection_list[0]!.vlan_list[0]!.ipv4.address = '192.0.2.1';
    const field = '$.member_list[1].connection_list[0].vlan_list[0].ipv4.address';
    const res = await t.http
      .post('/api/v1/ixf/import')
      .set(...admin)
      .send(doc)
      .expect(409);
    expect(res.body.error).toMatchObject({ field, value: '192.0.2.1' });

    const file = path.join(dir, 'rs-address.json');
    await writeFile(file, JSON.stringify(doc));
    const cli = await ixora('import', 'ixf', file);
    expect(cli.code).not.toBe(0);
    expect(cli.err).toContain(field);
    expect(cli.err).toMatch(/route server rs1/);

    doc.member_list[1]!.connection_list[0]!.vlan_list[0]!.ipv4.address = '192.0.2.255';
    await writeFile(file, JSON.stringify(doc));
    const broadcast = await ixora('import', 'ixf', file);
    expect(broadcast.code).not.toBe(0);
    expect(broadcast.err).toMatch(/broadcast address/);
  });

  it('config build leaves out a session whose neighbour is the route server itself, with a warning, and builds the rest', async () => {
    // Put the bad interface in behind the services' back, as an old database or a manual fix could.
    const m = t.db.dataSource.manager;
    const [row] = await m.query<{ id: number }[]>(`SELECT id FROM member WHERE asn = 64498`);
    const memberId = row!.id;
    await m.save(
      m.create(MemberInterface, {
        memberId,
        peeringLanId: lanId,
        ipv4Address: '192.0.2.1',
        ipv6Address: null,
        macAddresses: [],
        isRouteServerClient: true,
      }),
    );
    await new NetworkRepository(m).reconcileSessions(lanId);
    const out = path.join(dir, 'rs1.conf');
    const strict = await ixora('config', 'build', '--rs', 'rs1', '--out', out, '--strict');
    expect(strict.code).not.toBe(0);
    const build = await ixora('config', 'build', '--rs', 'rs1', '--out', out);
    expect(build.code).toBe(0);
    expect(build.out + build.err).toMatch(
      /AS64498 .*neighbour 192\.0\.2\.1 is the address of route server rs1/,
    );
    const config = await readFile(out, 'utf8');
    expect(config).not.toMatch(/neighbor 192\.0\.2\.1 /);
    expect(config).toMatch(/neighbor 192\.0\.2\.\d+ as 64498/);
    const [version] = await m.query<{ warnings: { code: string }[] }[]>(
      `SELECT warnings FROM config_version ORDER BY id DESC LIMIT 1`,
    );
    expect(version?.warnings.map((w) => w.code)).toContain('neighbour_is_route_server');
  });
});
