import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { cliActor, IxfImporter, RouteServerService } from '@ixora/domain';
import { buildIxfExport, createTestDatabase, LAB_BOGON_ASN_REASON, type TestDatabase } from '@ixora/testing';
import { ixora } from '../run-cli.test-helper.js';

describe('ixora switch | port | interface', () => {
  let db: TestDatabase;
  const saved = process.env.DATABASE_URL;

  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
    const operator = cliActor('test');
    await new IxfImporter(db.dataSource).import(operator, JSON.stringify(buildIxfExport({ members: 4 })), {
      allowBogonAsn: LAB_BOGON_ASN_REASON,
    });
    await new RouteServerService(db.dataSource).add(operator, {
      name: 'rs1',
      asn: 64510,
      routerId: '192.0.2.1',
      ipv4Address: '192.0.2.1',
      ipv6Address: '2001:db8::1',
    });
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
    await db.drop();
  });

  it('adds a switch, a LAG on it and an IPv6 interface over it; moves, edits, lists and exports them', async () => {
    const sw = await ixora(
      'switch',
      'add',
      '--name',
      'sw3.kgl3',
      '--colo',
      'Example DC 3',
      '--facility',
      '4242',
      '--management-address',
      '2001:db8:ffff::3',
      '--json',
    );
    expect(sw.code).toBe(0);
    expect(JSON.parse(sw.out)).toMatchObject({
      name: 'sw3.kgl3',
      managementAddress: '2001:db8:ffff::3',
      portCount: 0,
    });
    expect((await ixora('switch', 'list')).out).toMatch(
      /sw3\.kgl3\s+Example DC 3\s+4242\s+2001:db8:ffff::3\s+0/,
    );

    const added = await ixora(
      'port',
      'add',
      '--member',
      'AS64497',
      '--switch',
      'sw3.kgl3',
      '--name',
      'ae7',
      '--lag',
      '--lag-member',
      'et-0/0/1',
      '--lag-member',
      'et-0/0/2',
      '--speed',
      '100000',
      '--type',
      '100GBASE-LR4',
    );
    expect(added.code).toBe(0);
    expect(added.out).toMatch(
      /^added port (\d+) \(AS64497, sw3\.kgl3 ae7, LAG of et-0\/0\/1 et-0\/0\/2\)\n$/,
    );
    const portId = /port (\d+)/.exec(added.out)![1]!;

    const clash = await ixora(
      'port',
      'add',
      '--member',
      '64498',
      '--switch',
      'sw3.kgl3',
      '--name',
      'et-0/0/2',
    );
    expect(clash.code).toBe(1);
    expect(clash.err).toBe(
      `ixora: portName: "et-0/0/2" is already used on switch sw3.kgl3 by port ${portId} (ae7) of AS64497\n`,
    );
    const badSpeed = await ixora(
      'port',
      'add',
      '--member',
      '64498',
      '--switch',
      'sw3.kgl3',
      '--name',
      'x1',
      '--speed',
      '10G',
    );
    expect(badSpeed.err).toMatch(/^ixora: linkSpeedMbps: "10G" must be a whole number of Mbit\/s/);

    const listed = JSON.parse((await ixora('port', 'list', '--switch', 'sw3.kgl3', '--json')).out);
    expect(listed).toEqual([
      expect.objectContaining({
        id: Number(portId),
        memberAsn: 64497,
        isLag: true,
        speedMbps: 200000,
        lagMembers: ['et-0/0/1', 'et-0/0/2'],
      }),
    ]);

    const lans = JSON.parse((await ixora('lan', 'list', '--json')).out);
    const iface = await ixora(
      'interface',
      'add',
      '--member',
      '64497',
      '--lan',
      String(lans[0].id),
      '--port',
      portId,
      '--ipv6',
      '2001:db8::97:7',
      '--mac',
      '02:00:5e:00:97:07',
      '--json',
    );
    expect(iface.code).toBe(0);
    const created = JSON.parse(iface.out);
    expect(created).toMatchObject({
      ipv4Address: null,
      ipv6Address: '2001:db8::97:7',
      portName: 'ae7',
      switchName: 'sw3.kgl3',
    });
    expect(created.sessions).toEqual([
      expect.objectContaining({ routeServerName: 'rs1', family: 6, isEnabled: true }),
    ]);

    const outside = await ixora('interface', 'edit', String(created.id), '--ipv4', '198.51.100.1');
    expect(outside.err).toBe(
      'ixora: ipv4Address: "198.51.100.1" is not inside the peering LAN prefix 192.0.2.0/24\n',
    );
    const edited = await ixora('interface', 'edit', String(created.id), '--ipv4', '192.0.2.97');
    expect(edited.out).toBe(`changed member interface ${created.id} (192.0.2.97, 2001:db8::97:7)\n`);
    const table = (await ixora('interface', 'list', '--member', '64497')).out;
    expect(table).toMatch(
      new RegExp(
        `${created.id}\\s+64497\\s+Peering LAN\\s+${portId} sw3.kgl3 ae7\\s+192.0.2.97\\s+2001:db8::97:7`,
      ),
    );

    const moved = await ixora('port', 'move', portId, '--name', 'ae8', '--lag-member', 'et-0/0/3,et-0/0/4');
    expect(moved.out).toBe(`moved port ${portId} (AS64497, sw3.kgl3 ae8, LAG of et-0/0/3 et-0/0/4)\n`);
    const edit = JSON.parse((await ixora('port', 'edit', portId, '--state', 'connected', '--json')).out);
    expect(edit).toMatchObject({ state: 'connected', portName: 'ae8', speedMbps: 200000 });

    const dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-ports-'));
    const out = path.join(dir, 'ixf.json');
    expect((await ixora('export', 'ixf', '--out', out)).code).toBe(0);
    const doc = JSON.parse(await readFile(out, 'utf8'));
    expect(doc.ixp_list[0].switch).toContainEqual(expect.objectContaining({ name: 'sw3.kgl3' }));
    const member = doc.member_list.find((m: any) => m.asnum === 64497);
    expect(member.connection_list).toContainEqual(
      expect.objectContaining({
        if_list: [
          expect.objectContaining({ if_speed: 100000 }),
          expect.objectContaining({ if_speed: 100000 }),
        ],
      }),
    );
  });

  it('refuses to remove an interface or port with enabled sessions unless --remove-sessions, and a switch with ports', async () => {
    const [row] = JSON.parse((await ixora('interface', 'list', '--member', '64497', '--json')).out).filter(
      (r: any) => r.switchName === 'sw3.kgl3',
    );
    const refused = await ixora('interface', 'remove', String(row.id));
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(
      new RegExp(
        `^ixora: member interface ${row.id} still has 2 enabled route-server sessions: session \\d+ \\(rs1, IPv6`,
      ),
    );
    expect(refused.err).toContain('--remove-sessions');
    const sw = await ixora('switch', 'remove', 'sw3.kgl3');
    expect(sw.err).toBe(
      'ixora: switch sw3.kgl3 still has 1 port: move them to another switch or remove them first\n',
    );

    const removed = await ixora('port', 'remove', String(row.portId), '--remove-sessions');
    expect(removed).toMatchObject({ code: 0, out: `removed port ${row.portId}\n` });
    const audit = await db.dataSource.query<{ action: string; actor: string }[]>(
      `SELECT action, actor FROM audit_record WHERE action IN ('route_server_session.delete', 'member_interface.delete', 'port.delete') ORDER BY id`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      'route_server_session.delete',
      'route_server_session.delete',
      'member_interface.delete',
      'port.delete',
    ]);
    expect(audit.every((a) => a.actor.startsWith('cli:'))).toBe(true);
    expect((await ixora('switch', 'remove', 'sw3.kgl3')).out).toBe('removed switch sw3.kgl3\n');
  });
});
