import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PeeringLan } from '@ixora/domain';
import { buildIxfExport } from '@ixora/testing';
import { bearer, startApiTestApp, type ApiTestApp } from '../../apps/api/src/testing/api-test.app.js';
import { ixora } from '../../apps/cli/src/run-cli.test-helper.js';

/**
 * Issue 11 item 6: `::ffff:10.0.0.0/120` was accepted as a peering LAN. IPv4-mapped
 * (::ffff:0:0/96) and IPv4-compatible (::/96) IPv6 is refused as a peering LAN, a member
 * interface address and a route-server address, over the API, the CLI and IX-F import: 400 naming
 * the field.
 */
describe('hostile: IPv4-mapped and IPv4-compatible IPv6', () => {
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

  it.each([
    ['::ffff:10.0.0.0/120', /IPv4-mapped/],
    ['::ffff:0:0/96', /IPv4-mapped/],
    ['::a00:0/120', /IPv4-compatible/],
    ['::/64', /IPv4-(mapped|compatible)/],
  ])('refuses the peering LAN prefixV6 %s over the API and the CLI', async (prefix, reason) => {
    const res = await t.http
      .post('/api/v1/peering-lans')
      .set(...admin)
      .send({ name: 'mapped', prefixV6: prefix })
      .expect(400);
    expect(res.body.error).toMatchObject({
      field: 'prefixV6',
      value: prefix,
      message: expect.stringMatching(reason),
    });
    const cli = await ixora('lan', 'add', '--name', 'mapped', '--prefix-v6', prefix);
    expect(cli.code).not.toBe(0);
    expect(cli.err).toContain(`prefixV6: ${JSON.stringify(prefix)}`);
    expect(await t.db.dataSource.manager.findOneBy(PeeringLan, { name: 'mapped' })).toBeNull();
  });

  it.each(['::ffff:192.0.2.50', '::ffff:c000:232', '::192.0.2.50'])(
    'refuses the member interface ipv6Address %s',
    async (address) => {
      const res = await t.http
        .post('/api/v1/members/AS64499/interfaces')
        .set(...admin)
        .send({ peeringLanId: lanId, ipv4Address: '192.0.2.50', ipv6Address: address })
        .expect(400);
      expect(res.body.error).toMatchObject({
        field: 'ipv6Address',
        value: address,
        message: expect.stringMatching(/IPv4-(mapped|compatible)/),
      });
    },
  );

  it('refuses a route server ipv6Address in IPv4-mapped space', async () => {
    const res = await t.http
      .post('/api/v1/route-servers')
      .set(...admin)
      .send({
        name: 'rs9',
        asn: 64511,
        routerId: '192.0.2.9',
        ipv4Address: '192.0.2.9',
        ipv6Address: '::ffff:192.0.2.9',
      })
      .expect(400);
    expect(res.body.error).toMatchObject({ field: 'ipv6Address', value: '::ffff:192.0.2.9' });
    const cli = await ixora(
      'rs',
      'add',
      '--name',
      'rs9',
      '--asn',
      '64511',
      '--router-id',
      '192.0.2.9',
      '--ipv4',
      '192.0.2.9',
      '--ipv6',
      '::ffff:192.0.2.9',
    );
    expect(cli.code).not.toBe(0);
    expect(cli.err).toMatch(/ipv6Address: "::ffff:192.0.2.9" is IPv4-mapped/);
  });

  it('refuses an IX-F import whose VLAN has an IPv4-mapped IPv6 prefix, naming the JSON path (API and CLI)', async () => {
    const doc = buildIxfExport({ members: 2 }) as {
      ixp_list: { vlan: { ipv6?: { prefix: string; mask_length: number } }[] }[];
    };
    doc.ixp_list[0]!.vlan[0]!.ipv6 = { prefix: '::ffff:10.0.0.0', mask_length: 120 };
    const field = '$.ixp_list[0].vlan[0].ipv6.prefix';
    const res = await t.http
      .post('/api/v1/ixf/import')
      .set(...admin)
      .send(doc)
      .expect(400);
    expect(res.body.error).toMatchObject({
      field,
      value: '::ffff:10.0.0.0',
      message: expect.stringMatching(/IPv4-mapped/),
    });
    const file = path.join(dir, 'mapped.json');
    await writeFile(file, JSON.stringify(doc));
    const cli = await ixora('import', 'ixf', file);
    expect(cli.code).not.toBe(0);
    expect(cli.err).toContain(field);
  });

  it('still takes ordinary IPv6 (the seeded LAN 2001:db8::/64)', async () => {
    await t.http
      .post('/api/v1/members/AS64499/interfaces')
      .set(...admin)
      .send({ peeringLanId: lanId, ipv6Address: '2001:db8::50' })
      .expect(201);
  });
});
