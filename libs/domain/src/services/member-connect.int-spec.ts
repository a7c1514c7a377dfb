import { createTestDatabase, LAB_BOGON_ASN_REASON, type TestDatabase } from '@ixora/testing';
import { cliActor, type Actor } from './actor.js';
import { MemberConnectService } from './member-connect.service.js';

const staff = cliActor('noc');

describe('MemberConnectService (PostgreSQL)', () => {
  let db: TestDatabase;
  let service: MemberConnectService;
  let lanId: number;
  let switchId: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    service = new MemberConnectService(db.dataSource);
    const q = db.dataSource;
    const [ixp] = await q.query<{ id: number }[]>(
      `INSERT INTO ixp (shortname) VALUES ('EXAMPLE-IX') RETURNING id`,
    );
    const [lan] = await q.query<{ id: number }[]>(
      `INSERT INTO peering_lan (ixp_id, name, prefix_v4, prefix_v6) VALUES ($1, 'lan', '192.0.2.0/24', '2001:db8::/64') RETURNING id`,
      [ixp!.id],
    );
    lanId = lan!.id;
    const [sw] = await q.query<{ id: number }[]>(
      `INSERT INTO switch (ixp_id, name) VALUES ($1, 'sw1.fra') RETURNING id`,
      [ixp!.id],
    );
    switchId = sw!.id;
    await q.query(
      `INSERT INTO route_server (name, peering_lan_id, asn, router_id, ipv4_address, ipv6_address) VALUES
         ('rs1', $1, 64500, '192.0.2.1', '192.0.2.1', '2001:db8::1'),
         ('rs2', $1, 64500, '192.0.2.2', '192.0.2.2', NULL)`,
      [lanId],
    );
  });
  afterAll(async () => {
    await db.drop();
  });

  const input = {
    asn: 'AS64501',
    name: 'Ocean Fiber',
    asSets: 'RIPE::AS-OCEANFIBER',
    maxPrefixV4: '132',
    maxPrefixV6: '44',
    allowBogonAsn: LAB_BOGON_ASN_REASON,
    ipv4Address: '192.0.2.11',
    ipv6Address: '2001:db8::11',
    isRouteServerClient: 'on',
    portName: 'et-0/0/1',
    speedMbps: '10000',
  };

  it('suggests the lowest free addresses of the LAN, skipping the route servers', async () => {
    const choices = await service.addressChoices(lanId, 3);
    expect(choices.ipv4).toEqual(['192.0.2.3', '192.0.2.4', '192.0.2.5']);
    expect(choices.ipv6).toEqual(['2001:db8::2', '2001:db8::3', '2001:db8::4']);
  });

  it('plans without writing, naming the field and the value of bad input', async () => {
    const plan = await service.plan(staff, {
      ...input,
      peeringLanId: String(lanId),
      switchId: String(switchId),
    });
    expect(plan).toMatchObject({
      asn: 64501,
      member: {
        name: 'Ocean Fiber',
        asSets: ['RIPE::AS-OCEANFIBER'],
        maxPrefixV4: 132,
        status: 'onboarding',
      },
      port: { switchName: 'sw1.fra', portName: 'et-0/0/1', speedMbps: 10000 },
      sessions: [
        { routeServer: 'rs1', family: 4 },
        { routeServer: 'rs1', family: 6 },
        { routeServer: 'rs2', family: 4 },
      ],
    });
    await expect(
      service.plan(staff, { ...input, peeringLanId: lanId, ipv4Address: '198.51.100.1' }),
    ).rejects.toMatchObject({ details: { field: 'ipv4Address', value: '198.51.100.1' } });
    await expect(
      service.plan(staff, { ...input, peeringLanId: lanId, ipv4Address: '192.0.2.1' }),
    ).rejects.toMatchObject({
      code: 'conflict',
      field: 'ipv4Address',
    });
    await expect(
      service.plan(staff, { ...input, peeringLanId: lanId, allowBogonAsn: undefined }),
    ).rejects.toMatchObject({
      field: 'asn',
      message: expect.stringMatching(/is a bogon ASN/),
    });
    const member: Actor = { label: 'user:x', userId: 1, role: 'member_admin', memberId: 1 };
    await expect(service.plan(member, { ...input, peeringLanId: lanId })).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM member`)).toEqual([{ n: 0 }]);
  });

  it('creates member, port, interface and sessions in one transaction, each audited', async () => {
    const result = await service.connect(staff, { ...input, peeringLanId: lanId, switchId });
    expect(result.member).toMatchObject({
      asn: 64501,
      status: 'onboarding',
      bogonAsnReason: LAB_BOGON_ASN_REASON,
    });
    expect(result.memberInterface).toMatchObject({ portId: result.port.id, ipv4Address: '192.0.2.11' });
    expect(result.sessions.map((s) => s.family)).toEqual([4, 6, 4]);
    const audit = await db.dataSource.query<{ action: string }[]>(
      `SELECT action FROM audit_record ORDER BY id`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      'member.create',
      'member.allow_bogon_asn',
      'port.create',
      'member_interface.create',
      'session.create',
      'session.create',
      'session.create',
    ]);
    await expect(service.plan(staff, { ...input, asn: 64502, peeringLanId: lanId })).rejects.toMatchObject({
      code: 'conflict',
      field: 'ipv4Address',
      message: 'ipv4Address: 192.0.2.11 is already used by AS64501 Ocean Fiber',
    });
    await expect(
      service.plan(staff, {
        ...input,
        asn: 64502,
        ipv4Address: '192.0.2.12',
        ipv6Address: '',
        peeringLanId: lanId,
        switchId,
      }),
    ).rejects.toMatchObject({
      code: 'conflict',
      message: 'portName: et-0/0/1 is already a port of switch sw1.fra',
    });
    expect(result.port).toMatchObject({
      isLag: false,
      interfaces: [{ name: 'et-0/0/1', speedMbps: 10000, type: null }],
    });
  });

  it('leaves nothing behind when a step of the transaction fails', async () => {
    const before = await db.dataSource.query(`SELECT count(*)::int AS n FROM audit_record`);
    await expect(
      service.connect(
        staff,
        { ...input, asn: 64502, ipv4Address: '192.0.2.12', ipv6Address: '', peeringLanId: lanId },
        () => Promise.reject(new Error('link failed')),
      ),
    ).rejects.toThrow('link failed');
    expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM member WHERE asn = 64502`)).toEqual([
      { n: 0 },
    ]);
    expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM port`)).toEqual([{ n: 1 }]);
    expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM audit_record`)).toEqual(before);
  });
});
