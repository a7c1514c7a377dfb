import { existsSync } from 'node:fs';
import path from 'node:path';
import { AuditRecord, cliActor, Member, MemberInterface, RouteServerSession } from '@ixora/domain';
import {
  createTestDatabase,
  PEERINGDB_FIXTURES_DIR,
  startPeeringDbTestServer,
  type PeeringDbTestServer,
  type TestDatabase,
  LAB_BOGON_ASN_REASON,
} from '@ixora/testing';
import { PeeringDbOnboardingService } from './member-onboarding.service.js';
import { PeeringDbClient } from './peeringdb.client.js';
import { PeeringDbApiSource, PeeringDbMirrorSource } from './peeringdb.source.js';
import { syncPeeringDb } from './peeringdb-sync.service.js';

describe('PeeringDbOnboardingService', () => {
  let db: TestDatabase;
  let server: PeeringDbTestServer;
  let api: PeeringDbApiSource;
  let service: PeeringDbOnboardingService;
  const staff = cliActor('noc');
  let lanId: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startPeeringDbTestServer({ fixturesDir: PEERINGDB_FIXTURES_DIR });
    api = new PeeringDbApiSource(new PeeringDbClient({ baseUrl: server.url, requestsPerMinute: 0 }));
    service = new PeeringDbOnboardingService(db.dataSource);
    const [ixp] = await db.dataSource.query<{ id: number }[]>(
      `INSERT INTO ixp (shortname, peeringdb_ix_id, max_prefix_headroom_percent) VALUES ('EXAMPLE-IX', 301, 10) RETURNING id`,
    );
    const [lan] = await db.dataSource.query<{ id: number }[]>(
      `INSERT INTO peering_lan (ixp_id, name, prefix_v4, prefix_v6) VALUES ($1, 'lan', '192.0.2.0/24', '2001:db8::/64') RETURNING id`,
      [ixp!.id],
    );
    lanId = lan!.id;
    await db.dataSource.query(
      `INSERT INTO route_server (name, peering_lan_id, asn, router_id, ipv4_address, ipv6_address)
       VALUES ('rs1', $1, 64500, '192.0.2.250', '192.0.2.250', '2001:db8::250')`,
      [lanId],
    );
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  it('fills every field from PeeringDB and adds the interfaces with their sessions', async () => {
    const result = await service.onboard(staff, api, { allowBogonAsn: LAB_BOGON_ASN_REASON, asn: 64501 });
    expect(result.member).toMatchObject({
      asn: 64501,
      name: 'Ocean Fiber',
      url: 'https://oceanfiber.example',
      asSets: ['RIPE::AS-OCEANFIBER'],
      maxPrefixV4: 132,
      maxPrefixV6: 44,
      peeringPolicy: 'open',
      isNeverViaRouteServers: false,
    });
    expect(
      result.interfaces.map((i) => [i.ipv4Address, i.ipv6Address, i.isRouteServerClient, i.peeringLanId]),
    ).toEqual([
      ['192.0.2.11', '2001:db8::11', true, lanId],
      ['192.0.2.12', '2001:db8::12', true, lanId],
    ]);
    expect(result.follow).toEqual([
      'name',
      'url',
      'asSets',
      'maxPrefixV4',
      'maxPrefixV6',
      'peeringPolicy',
      'isNeverViaRouteServers',
      'interfaces',
    ]);
    const sessions = await db.dataSource.getRepository(RouteServerSession).findBy({});
    expect(sessions.filter((s) => result.interfaces.some((i) => i.id === s.memberInterfaceId))).toHaveLength(
      4,
    );
    const audit = await db.dataSource
      .getRepository(AuditRecord)
      .findBy({ entityType: 'member', action: 'member.create' });
    expect(audit).toEqual([
      expect.objectContaining({ actor: 'cli:noc', after: expect.objectContaining({ source: 'peeringdb' }) }),
    ]);
  });

  it('keeps values staff typed and does not follow them', async () => {
    const result = await service.onboard(staff, api, {
      allowBogonAsn: LAB_BOGON_ASN_REASON,
      asn: 65550,
      overrides: { name: 'Quux (staff name)', maxPrefixV4: 2000 },
    });
    expect(result.member).toMatchObject({
      name: 'Quux (staff name)',
      maxPrefixV4: 2000,
      maxPrefixV6: 220,
      asSets: ['RADB::AS65550:AS-CUSTOMERS'],
    });
    expect(result.follow).not.toContain('name');
    expect(result.follow).not.toContain('maxPrefixV4');
    expect(result.interfaces.map((i) => i.isRouteServerClient)).toEqual([false]);
  });

  it('refuses an ASN PeeringDB does not know and one that is already a member, with clear errors', async () => {
    await expect(
      service.onboard(staff, api, { allowBogonAsn: LAB_BOGON_ASN_REASON, asn: 64499 }),
    ).rejects.toThrow('PeeringDB network "AS64499" not found');
    await expect(
      service.onboard(staff, api, { allowBogonAsn: LAB_BOGON_ASN_REASON, asn: 64501 }),
    ).rejects.toMatchObject({ code: 'conflict' });
    await expect(
      service.onboard(staff, api, { allowBogonAsn: LAB_BOGON_ASN_REASON, asn: 'AS-FOO' }),
    ).rejects.toMatchObject({
      code: 'invalid_value',
      details: { field: 'asn' },
    });
    await expect(
      service.onboard(staff, api, {
        allowBogonAsn: LAB_BOGON_ASN_REASON,
        asn: 64502,
        overrides: { asSets: 'AS-OK;rm' },
      }),
    ).rejects.toMatchObject({
      details: { field: 'asSets' },
    });
  });

  it('onboards from the mirror too, with the never-via-route-servers flag', async () => {
    await syncPeeringDb(db.dataSource, new PeeringDbClient({ baseUrl: server.url, requestsPerMinute: 0 }), {
      full: true,
    });
    const result = await service.onboard(staff, new PeeringDbMirrorSource(db.dataSource.manager), {
      allowBogonAsn: LAB_BOGON_ASN_REASON,
      asn: 64503,
    });
    expect(result.member).toMatchObject({
      name: 'Transit Example',
      isNeverViaRouteServers: true,
      peeringPolicy: 'selective',
    });
    expect(result.interfaces.map((i) => i.ipv4Address)).toEqual(['192.0.2.41']);
  });

  it('refresh follows PeeringDB but never overwrites a value staff changed by hand', async () => {
    const net = server.rows('net').find((n) => n.asn === 64501)!;
    server.put('net', {
      ...net,
      name: 'Ocean Fiber Group',
      info_prefixes4: 200,
      irr_as_set: 'RIPE::AS-OCEANFIBER RIPE::AS-OCEANFIBER6',
    });
    const template = server.rows('netixlan').find((n) => n.id === 801)!;
    server.put('netixlan', { ...template, id: 809, ipaddr4: '192.0.2.13', ipaddr6: '2001:db8::13' });
    // Staff set the AS-SET by hand after onboarding.
    await db.dataSource.getRepository(Member).update({ asn: 64501 }, { asSets: ['RIPE::AS-OCEAN-STAFF'] });

    const result = await service.refresh(staff, api, 64501);

    expect(result.changed).toEqual(['name', 'maxPrefixV4', 'interfaces']);
    expect(result.handSet).toEqual(['asSets']);
    const member = await db.dataSource.getRepository(Member).findOneByOrFail({ asn: 64501 });
    expect(member).toMatchObject({
      name: 'Ocean Fiber Group',
      maxPrefixV4: 220,
      asSets: ['RIPE::AS-OCEAN-STAFF'],
    });
    expect(result.interfacesAdded.map((i) => i.ipv4Address)).toEqual(['192.0.2.13']);
    expect((await service.followOf(64501))!.follow).not.toContain('asSets');

    // Later refreshes leave the hand-set value alone for good.
    server.put('net', {
      ...server.rows('net').find((n) => n.asn === 64501)!,
      irr_as_set: 'AS-SOMETHING-ELSE',
    });
    const again = await service.refresh(staff, api, 64501);
    expect(again.changed).toEqual([]);
    expect((await db.dataSource.getRepository(Member).findOneByOrFail({ asn: 64501 })).asSets).toEqual([
      'RIPE::AS-OCEAN-STAFF',
    ]);
    expect(await db.dataSource.getRepository(MemberInterface).countBy({ memberId: member.id })).toBe(3);
  });

  it('switching a field back on makes it follow PeeringDB again', async () => {
    const follow = await service.setFollow(staff, 64501, ['name', 'asSets']);
    expect(follow).toEqual(['name', 'asSets']);
    const result = await service.refresh(staff, api, 64501);
    expect(result.changed).toEqual(['asSets']);
    expect((await db.dataSource.getRepository(Member).findOneByOrFail({ asn: 64501 })).asSets).toEqual([
      'AS-SOMETHING-ELSE',
    ]);
    const all = await service.refreshAll(staff, api);
    expect(all.map((r) => r.asn)).toEqual([64501, 65550, 64503]);
    expect(all.every((r) => r.warnings.length === 0)).toBe(true);
  });

  it('links a member that came from elsewhere when staff switch fields on', async () => {
    await db.dataSource.query(
      `INSERT INTO member (asn, name, as_sets) VALUES (64502, 'NW (imported)', '{AS-OLD}')`,
    );
    expect(await service.followOf(64502)).toBeUndefined();
    expect(await service.setFollow(staff, 64502, ['name', 'asSets'])).toEqual(['name', 'asSets']);
    const result = await service.refresh(staff, api, 64502);
    expect(result.changed).toEqual(['name', 'asSets']);
    const member = await db.dataSource.getRepository(Member).findOneByOrFail({ asn: 64502 });
    expect(member).toMatchObject({
      name: 'Northwind Networks',
      asSets: ['AS-NORTHWIND', 'AS-NORTHWIND-V6'],
      maxPrefixV4: null,
    });
    await db.dataSource.query(`INSERT INTO member (asn, name) VALUES (64509, 'Not in PeeringDB')`);
    await expect(service.setFollow(staff, 64509, ['name'])).rejects.toThrow(
      /asn: 64509 is not in the PeeringDB mirror/,
    );
  });

  it('refuses unknown follow fields', async () => {
    await expect(service.setFollow(staff, 64501, ['colour'])).rejects.toThrow(
      /follow\[0\]: "colour" must be one of name/,
    );
  });
});

describe('onboarding from the real DE-CIX Frankfurt slice in ../shared/fixtures/peeringdb', () => {
  const shared = path.resolve(process.cwd(), '..', 'shared', 'fixtures', 'peeringdb');

  it('fills every field for real records', async () => {
    if (!existsSync(path.join(shared, 'net.json'))) {
      console.log('skipped: ../shared/fixtures/peeringdb is not here');
      return;
    }
    const db = await createTestDatabase();
    const server = await startPeeringDbTestServer({ fixturesDir: shared });
    try {
      const [ixp] = await db.dataSource.query<{ id: number }[]>(
        `INSERT INTO ixp (shortname, peeringdb_ix_id, max_prefix_headroom_percent) VALUES ('DE-CIX-FRA', 31, 10) RETURNING id`,
      );
      await db.dataSource.query(
        `INSERT INTO peering_lan (ixp_id, name, prefix_v4, prefix_v6) VALUES ($1, 'peering', '80.81.192.0/21', '2001:7f8::/64')`,
        [ixp!.id],
      );
      const source = new PeeringDbApiSource(
        new PeeringDbClient({ baseUrl: server.url, requestsPerMinute: 0 }),
      );
      const service = new PeeringDbOnboardingService(db.dataSource);
      const staff = cliActor('noc');

      const he = await service.onboard(staff, source, { asn: 6939 });
      expect(he.member).toMatchObject({
        name: 'Hurricane Electric',
        url: 'http://he.net',
        asSets: ['RADB::AS-HURRICANE', 'RADB::AS-HURRICANEV6'],
        maxPrefixV4: 231000,
        maxPrefixV6: 198000,
        peeringPolicy: 'open',
        isNeverViaRouteServers: false,
      });
      expect(he.interfaces.map((i) => [i.ipv4Address, i.ipv6Address, i.isRouteServerClient])).toEqual([
        ['80.81.192.172', '2001:7f8::1b1b:0:1', true],
      ]);
      const swisscom = await service.onboard(staff, source, { asn: 3303 });
      expect(swisscom.member.asSets).toEqual(['RIPE::AS3303:AS-SWCMGLOBAL']);
      const gtt = await service.onboard(staff, source, { asn: 3257 });
      expect(gtt.member).toMatchObject({
        isNeverViaRouteServers: true,
        peeringPolicy: 'restrictive',
        asSets: ['AS-GTT'],
      });
      expect(gtt.interfaces.map((i) => i.isRouteServerClient)).toEqual([false]);
      expect([he, swisscom, gtt].flatMap((r) => r.warnings)).toEqual([]);
    } finally {
      await server.close();
      await db.drop();
    }
  });
});
