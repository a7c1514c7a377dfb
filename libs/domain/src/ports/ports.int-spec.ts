import { isIxoraError } from '@ixora/errors';
import { buildIxfExport, createTestDatabase, LAB_BOGON_ASN_REASON, type TestDatabase } from '@ixora/testing';
import {
  cliActor,
  IxfExporter,
  IxfImporter,
  MemberInterfaceService,
  PortService,
  RouteServerService,
  SessionService,
  SwitchService,
  type Actor,
} from '../index.js';

const admin = cliActor('noc');

/** The IxoraError a promise rejects with: its code, field, value and message. */
async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (!isIxoraError(error)) throw error;
    return { code: error.code, field: error.field, value: error.details.value, message: error.message };
  }
  throw new Error('expected a failure');
}

describe('switches, ports and member interfaces by hand', () => {
  let db: TestDatabase;
  let switches: SwitchService;
  let ports: PortService;
  let interfaces: MemberInterfaceService;
  let memberA: Actor;

  beforeAll(async () => {
    db = await createTestDatabase();
    await new IxfImporter(db.dataSource).import(admin, JSON.stringify(buildIxfExport({ members: 4 })), {
      allowBogonAsn: LAB_BOGON_ASN_REASON,
    });
    await new RouteServerService(db.dataSource).add(admin, {
      name: 'rs1',
      asn: 64510,
      routerId: '192.0.2.1',
      ipv4Address: '192.0.2.1',
      ipv6Address: '2001:db8::1',
    });
    switches = new SwitchService(db.dataSource);
    ports = new PortService(db.dataSource);
    interfaces = new MemberInterfaceService(db.dataSource);
    const [row] = await db.dataSource.query<{ id: number }[]>(`SELECT id FROM member WHERE asn = 64496`);
    memberA = { label: 'user:noc@a', userId: null, role: 'member_user', memberId: row!.id };
  });
  afterAll(async () => {
    await db.drop();
  });

  const audits = (entityType: string, id: number) =>
    db.dataSource.query<{ action: string; actor: string; before: any; after: any }[]>(
      `SELECT action, actor, before, after FROM audit_record WHERE entity_type = $1 AND entity_id = $2 ORDER BY id`,
      [entityType, String(id)],
    );

  it('adds, edits and removes a switch, naming the field and value of bad input', async () => {
    const sw = await switches.create(admin, {
      name: 'sw3.kgl3',
      colo: 'Example DC 3',
      peeringdbFacilityId: 4242,
      managementAddress: '2001:DB8:FFFF::3',
    });
    expect(sw).toMatchObject({ name: 'sw3.kgl3', managementAddress: '2001:db8:ffff::3', ixfId: null });
    expect(await failure(switches.create(admin, { name: 'sw3.kgl3' }))).toMatchObject({
      code: 'conflict',
      field: 'name',
    });
    expect(await failure(switches.create(admin, { name: '3rd switch' }))).toMatchObject({
      code: 'invalid_value',
      field: 'name',
      value: '3rd switch',
    });
    const mapped = await failure(
      switches.create(admin, { name: 'sw9', managementAddress: '::ffff:192.0.2.9' }),
    );
    expect(mapped).toMatchObject({ field: 'managementAddress', value: '::ffff:192.0.2.9' });
    expect(mapped.message).toMatch(/IPv4/);
    const edited = await switches.update(admin, 'sw3.kgl3', {
      city: 'Kigali',
      managementAddress: '192.0.2.250',
    });
    expect(edited).toMatchObject({ city: 'Kigali', managementAddress: '192.0.2.250', colo: 'Example DC 3' });
    const [update] = (await audits('switch', sw.id)).filter((a) => a.action === 'switch.update');
    expect(update).toMatchObject({ actor: 'cli:noc', before: { city: null }, after: { city: 'Kigali' } });
    // sw1.kgl1 carries imported ports: refused, saying what to do.
    expect((await failure(switches.remove(admin, 'sw1.kgl1'))).message).toMatch(
      /switch sw1.kgl1 still has \d+ ports?: move them/,
    );
    await switches.remove(admin, sw.id);
    expect(await db.dataSource.query(`SELECT 1 FROM switch WHERE id = $1`, [sw.id])).toEqual([]);
  });

  it('adds a physical port and a LAG, refuses a name already used on the switch, edits and moves them', async () => {
    const physical = await ports.create(admin, {
      member: 'AS64497',
      switch: 'sw1.kgl1',
      portName: 'Ethernet1/1',
      linkSpeedMbps: 100000,
      linkType: '100GBASE-LR4',
    });
    expect(physical).toMatchObject({ memberAsn: 64497, switchName: 'sw1.kgl1' });
    expect(physical.port).toMatchObject({
      isLag: false,
      speedMbps: 100000,
      interfaces: [{ name: 'Ethernet1/1', speedMbps: 100000, type: '100GBASE-LR4' }],
    });
    const lag = await ports.create(admin, {
      member: 64498,
      switch: 'sw1.kgl1',
      portName: 'Port-Channel12',
      isLag: true,
      lagMembers: ['Ethernet2/1', 'Ethernet2/2'],
      linkSpeedMbps: 10000,
    });
    expect(lag.port).toMatchObject({ isLag: true, speedMbps: 20000 });
    expect(lag.port.interfaces.map((i) => i.name)).toEqual(['Ethernet2/1', 'Ethernet2/2']);

    const taken = await failure(
      ports.create(admin, { member: 64499, switch: 'sw1.kgl1', portName: 'Ethernet2/2' }),
    );
    expect(taken).toMatchObject({ code: 'conflict', field: 'portName', value: 'Ethernet2/2' });
    expect(taken.message).toContain(`by port ${lag.port.id} (Port-Channel12) of AS64498`);
    expect(
      await failure(
        ports.create(admin, { member: 64499, switch: 'sw1.kgl1', portName: 'Eth 1', linkSpeedMbps: 1 }),
      ),
    ).toMatchObject({ field: 'portName', value: 'Eth 1' });
    expect(
      await failure(
        ports.create(admin, { member: 64499, switch: 'sw1.kgl1', portName: 'Et9', linkSpeedMbps: 0 }),
      ),
    ).toMatchObject({ field: 'linkSpeedMbps', value: 0 });
    expect(
      await failure(ports.create(admin, { member: 64499, switch: 'sw1.kgl1', portName: 'ae9', isLag: true })),
    ).toMatchObject({ field: 'lagMembers' });
    expect(
      await failure(ports.create(admin, { member: 64499, switch: 'nowhere', portName: 'Et9' })),
    ).toMatchObject({ field: 'switch', value: 'nowhere' });

    // A third link joins the LAG; the speed follows.
    const grown = await ports.update(admin, lag.port.id, {
      lagMembers: 'Ethernet2/1,Ethernet2/2,Ethernet2/3',
    });
    expect(grown.port.speedMbps).toBe(30000);
    expect(await failure(ports.update(admin, lag.port.id, { portName: 'x' }))).toMatchObject({
      field: 'portName',
    });

    const moved = await ports.move(admin, physical.port.id, { switch: 'sw2.kgl2', portName: 'et-0/0/4' });
    expect(moved).toMatchObject({ switchName: 'sw2.kgl2' });
    expect(moved.port.interfaces).toEqual([{ name: 'et-0/0/4', speedMbps: 100000, type: '100GBASE-LR4' }]);
    const [move] = (await audits('port', physical.port.id)).filter((a) => a.action === 'port.move');
    expect(move!.before).toMatchObject({ portName: 'Ethernet1/1' });
    expect(move!.after).toMatchObject({ portName: 'et-0/0/4' });
    // The old name is free again.
    await ports.create(admin, { member: 64499, switch: 'sw1.kgl1', portName: 'Ethernet1/1' });
  });

  it("shows a member its own ports and interfaces only; another member's answers not found", async () => {
    const own = await ports.list(memberA);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((p) => p.memberAsn === 64496)).toBe(true);
    expect(await ports.list(memberA, { member: 64497 })).toEqual([]);
    const other = (await ports.list(admin, { member: 64497 }))[0]!;
    expect(await failure(ports.get(memberA, other.port.id))).toMatchObject({ code: 'not_found' });
    expect(await failure(ports.create(memberA, { member: 64496, switch: 1, portName: 'x1' }))).toMatchObject({
      code: 'forbidden',
    });
    const ifaces = await interfaces.list(memberA);
    expect(ifaces.length).toBeGreaterThan(0);
    expect(ifaces.every((i) => i.memberAsn === 64496)).toBe(true);
    const bySwitch = await ports.list(admin, { switch: 'sw2.kgl2' });
    expect(bySwitch.every((p) => p.switchName === 'sw2.kgl2')).toBe(true);
  });

  it('adds an interface inside the LAN (IPv6 first-class), refusing outside, mapped and duplicate addresses', async () => {
    const [port] = (await ports.list(admin, { member: 64497 })).filter((p) => p.port.portName === 'et-0/0/4');
    const [lan] = await db.dataSource.query<{ id: number }[]>(`SELECT id FROM peering_lan`);
    const base = { peeringLanId: lan!.id, portId: port!.port.id };
    const v6only = await interfaces.create(admin, 64497, { ...base, ipv6Address: '2001:DB8::64:1' });
    expect(v6only).toMatchObject({ ipv4Address: null, ipv6Address: '2001:db8::64:1' });
    const sessions = await db.dataSource.query<{ family: number }[]>(
      `SELECT family FROM route_server_session WHERE member_interface_id = $1`,
      [v6only.id],
    );
    expect(sessions).toEqual([{ family: 6 }]);

    const outside = await failure(interfaces.create(admin, 64497, { ...base, ipv6Address: '2001:db8:1::1' }));
    expect(outside).toMatchObject({ field: 'ipv6Address', value: '2001:db8:1::1' });
    expect(outside.message).toContain('not inside the peering LAN prefix 2001:db8::/64');
    expect(
      await failure(interfaces.create(admin, 64497, { ...base, ipv6Address: '::ffff:192.0.2.77' })),
    ).toMatchObject({ field: 'ipv6Address', value: '::ffff:192.0.2.77' });
    expect(
      await failure(interfaces.create(admin, 64497, { ...base, ipv4Address: '198.51.100.7' })),
    ).toMatchObject({ field: 'ipv4Address', value: '198.51.100.7' });
    // 192.0.2.10 is AS64496's (imported).
    const dup = await failure(interfaces.create(admin, 64497, { ...base, ipv4Address: '192.0.2.10' }));
    expect(dup).toMatchObject({ code: 'conflict', field: 'ipv4Address', value: '192.0.2.10' });
    expect(dup.message).toMatch(/already used on this peering LAN by member interface \d+ of AS64496/);
    const mac = await failure(
      interfaces.create(admin, 64497, {
        ...base,
        ipv4Address: '192.0.2.77',
        macAddresses: ['02:00:5E:00:0A:01'],
      }),
    );
    expect(mac).toMatchObject({ code: 'conflict', field: 'macAddresses[0]', value: '02:00:5e:00:0a:01' });
    const other = (await ports.list(admin, { member: 64498 }))[0]!;
    expect(
      await failure(
        interfaces.create(admin, 64497, { ...base, portId: other.port.id, ipv4Address: '192.0.2.77' }),
      ),
    ).toMatchObject({ field: 'portId' });

    const portless = await interfaces.create(admin, 64499, {
      peeringLanId: lan!.id,
      ipv6Address: '2001:db8::99:5',
    });
    expect(portless).toMatchObject({ portId: null, ipv4Address: null });
    await interfaces.remove(admin, portless.id, { removeSessions: true });

    const edited = await interfaces.update(admin, v6only.id, {
      ipv4Address: '192.0.2.77',
      macAddresses: ['02:00:5e:00:77:01'],
    });
    expect(edited).toMatchObject({ ipv4Address: '192.0.2.77', macAddresses: ['02:00:5e:00:77:01'] });
    const view = await interfaces.get(admin, v6only.id);
    expect(view).toMatchObject({ memberAsn: 64497, portName: 'et-0/0/4', switchName: 'sw2.kgl2' });
    expect(view.sessions.map((s) => `${s.routeServerName}/${s.family}/${s.isEnabled}`).sort()).toEqual([
      'rs1/4/true',
      'rs1/6/true',
    ]);
  });

  it('refuses to remove an interface or port with enabled sessions, unless they are disabled or removed with it', async () => {
    const [port] = (await ports.list(admin, { member: 64497 })).filter((p) => p.port.portName === 'et-0/0/4');
    const [iface] = await interfaces.list(admin, { portId: port!.port.id });
    const refused = await failure(interfaces.remove(admin, iface!.memberInterface.id));
    expect(refused).toMatchObject({ code: 'conflict', field: 'removeSessions' });
    expect(refused.message).toContain(
      `member interface ${iface!.memberInterface.id} still has 2 enabled route-server sessions`,
    );
    expect(refused.message).toContain('rs1, IPv6');
    expect(refused.message).toContain('ixora session disable');
    expect((await failure(ports.remove(admin, port!.port.id))).message).toContain(
      `port ${port!.port.id} (et-0/0/4) still has 2 enabled`,
    );

    // Disabled sessions go with the interface.
    const sessionService = new SessionService(db.dataSource);
    for (const s of iface!.sessions) await sessionService.setEnabled(admin, s.id, false);
    await interfaces.remove(admin, iface!.memberInterface.id);
    const removedSessions = await db.dataSource.query<{ action: string }[]>(
      `SELECT action FROM audit_record WHERE entity_type = 'route_server_session' AND action = 'route_server_session.delete'
         AND entity_id = ANY($1)`,
      [iface!.sessions.map((s) => String(s.id))],
    );
    expect(removedSessions).toHaveLength(2);

    // A port of AS64496 with an imported interface and enabled sessions: removed with --remove-sessions.
    const [portA] = await ports.list(admin, { member: 64496 });
    expect(portA!.memberInterfaceIds.length).toBeGreaterThan(0);
    await ports.remove(admin, portA!.port.id, { removeSessions: true });
    expect(
      await db.dataSource.query(`SELECT id FROM member_interface WHERE port_id = $1`, [portA!.port.id]),
    ).toEqual([]);
    expect(await audits('port', portA!.port.id)).toContainEqual(
      expect.objectContaining({
        action: 'port.delete',
        after: null,
        before: expect.objectContaining({ id: portA!.port.id }),
      }),
    );
  });

  it('exports ports made by hand in IX-F, and re-importing that export changes nothing', async () => {
    const sw = await switches.create(admin, { name: 'sw4.kgl4', colo: 'Example DC 4' });
    const lag = await ports.create(admin, {
      member: 64499,
      switch: sw.id,
      portName: 'ae7',
      isLag: true,
      lagMembers: ['et-0/0/1', 'et-0/0/2'],
      linkSpeedMbps: 100000,
    });
    const [lan] = await db.dataSource.query<{ id: number }[]>(`SELECT id FROM peering_lan`);
    await interfaces.create(admin, 64499, {
      peeringLanId: lan!.id,
      portId: lag.port.id,
      ipv4Address: '192.0.2.199',
      ipv6Address: '2001:db8::199',
    });
    const doc = (await new IxfExporter(db.dataSource).export('full')) as any;
    expect(doc.ixp_list[0].switch).toContainEqual({ id: sw.id, name: 'sw4.kgl4', colo: 'Example DC 4' });
    const member = doc.member_list.find((m: any) => m.asnum === 64499);
    const connection = member.connection_list.find((c: any) =>
      c.vlan_list.some((v: any) => v.ipv4?.address === '192.0.2.199'),
    );
    expect(connection.if_list).toEqual([
      { switch_id: sw.id, if_speed: 100000 },
      { switch_id: sw.id, if_speed: 100000 },
    ]);
    expect(connection.vlan_list[0].ipv6.address).toBe('2001:db8::199');

    const result = await new IxfImporter(db.dataSource).import(admin, JSON.stringify(doc));
    expect(result.switches).toMatchObject({ created: 0, deleted: 0 });
    expect(result.ports).toMatchObject({ created: 0, deleted: 0 });
    expect(result.memberInterfaces).toMatchObject({ created: 0, updated: 0, deleted: 0 });
    const after = await ports.get(admin, lag.port.id);
    expect(after.port).toMatchObject({ portName: 'ae7', isLag: true, speedMbps: 200000 });
    expect(after.port.interfaces.map((i) => i.name)).toEqual(['et-0/0/1', 'et-0/0/2']);
  });
});
