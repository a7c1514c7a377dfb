import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import {
  buildIxfExport,
  createTestDatabase,
  isEmbeddedTestDatabase,
  LAB_BOGON_ASN_REASON,
  type TestDatabase,
} from '@ixora/testing';
import { cliActor, IxfExporter, IxfImporter, RouteServerService } from '../index.js';

const SHARED = path.resolve(process.cwd(), '..', 'shared', 'fixtures');
const admin = cliActor('test');

function schemaValidator() {
  const file = path.join(SHARED, 'ixf', 'ixp-member-list.schema.json');
  if (!existsSync(file)) return undefined;
  const Ajv04 = Ajv04Module as unknown as typeof import('ajv').Ajv;
  const ajv = new Ajv04({ allErrors: true, strict: false });
  (addFormatsModule as unknown as (a: InstanceType<typeof Ajv04>) => void)(ajv);
  return ajv.compile(JSON.parse(readFileSync(file, 'utf8')) as object);
}

/** Members, their interfaces and addresses, as comparable rows. */
function addressRows(doc: Record<string, any>): string[] {
  return (doc.member_list as any[])
    .flatMap((m) =>
      (m.connection_list as any[]).flatMap((c) =>
        (c.vlan_list ?? []).map(
          (v: any) =>
            `${m.asnum} ${m.name} vlan${v.vlan_id} ${v.ipv4?.address ?? '-'} ${v.ipv6?.address ?? '-'} rs=${v.ipv4?.routeserver ?? v.ipv6?.routeserver}`,
        ),
      ),
    )
    .sort();
}

describe('IX-F Member Export import and export', () => {
  let db: TestDatabase;
  let importer: IxfImporter;
  let exporter: IxfExporter;

  beforeAll(async () => {
    db = await createTestDatabase();
    importer = new IxfImporter(db.dataSource);
    exporter = new IxfExporter(db.dataSource);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('imports an IXP-Manager-shaped export with LAGs, v4-only and v6-only members', async () => {
    const doc = buildIxfExport({ members: 30 });
    const result = await importer.import(admin, JSON.stringify(doc), { allowBogonAsn: LAB_BOGON_ASN_REASON });
    expect(result.ixps.created).toBe(1);
    expect(result.peeringLans.created).toBe(1); // the VLAN without prefixes carries no peering
    expect(result.members.created).toBe(30);
    const interfaceCount = (doc.member_list as any[]).reduce((n, m) => n + m.connection_list.length, 0);
    expect(result.memberInterfaces.created).toBe(interfaceCount);
    const [v4only] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM member_interface WHERE ipv6_address IS NULL`,
    );
    const [v6only] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM member_interface WHERE ipv4_address IS NULL`,
    );
    expect(v4only.n).toBeGreaterThan(0);
    expect(v6only.n).toBeGreaterThan(0);
    const [member] = await db.dataSource.query(`SELECT as_sets, max_prefix_v4 FROM member WHERE asn = 64497`);
    expect(member.as_sets).toEqual(['RIPE::AS64497:AS-CUSTOMERS']);
    expect(member.max_prefix_v4).toBe(110);
  });

  it('writes an audit record of every entity it creates, naming who imported', async () => {
    const rows = await db.dataSource.query(
      `SELECT actor, entity_type, count(*)::int AS n FROM audit_record WHERE action = 'ixf.import.create' GROUP BY 1, 2 ORDER BY 2`,
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        { actor: 'cli:test', entity_type: 'member', n: 30 },
        { actor: 'cli:test', entity_type: 'ixp', n: 1 },
      ]),
    );
    const [member] = await db.dataSource.query(
      `SELECT before, after->>'asn' AS asn FROM audit_record WHERE action = 'ixf.import.create' AND entity_type = 'member' ORDER BY id LIMIT 1`,
    );
    expect(member).toEqual({ before: null, asn: '64496' });
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await db.dataSource.query(`SELECT * FROM member_interface ORDER BY id`);
    const auditedBefore = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_record WHERE action LIKE 'ixf.import.%'`,
    );
    const result = await importer.import(admin, JSON.stringify(buildIxfExport({ members: 30 })), {
      allowBogonAsn: LAB_BOGON_ASN_REASON,
    });
    for (const kind of ['ixps', 'peeringLans', 'switches', 'members', 'ports', 'memberInterfaces'] as const) {
      expect({ kind, ...result[kind], unchanged: 0 }).toEqual({
        kind,
        created: 0,
        updated: 0,
        deleted: 0,
        unchanged: 0,
      });
    }
    expect(await db.dataSource.query(`SELECT * FROM member_interface ORDER BY id`)).toEqual(before);
    const audited = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_record WHERE action LIKE 'ixf.import.%'`,
    );
    expect(audited[0].n).toBe(auditedBefore[0].n);
  });

  it('creates route-server sessions for flagged interfaces per family, whichever came first', async () => {
    const routeServers = new RouteServerService(db.dataSource);
    const { sessionsCreated } = await routeServers.add(admin, {
      name: 'rs1',
      asn: 65551,
      routerId: '192.0.2.1',
      ipv4Address: '192.0.2.1',
      ipv6Address: '2001:db8::1',
    });
    const [expected] = await db.dataSource.query(`
      SELECT (count(ipv4_address) + count(ipv6_address))::int AS n FROM member_interface WHERE is_route_server_client`);
    expect(sessionsCreated).toBe(expected.n);
    // An interface added after the route server gets its sessions on import too.
    const doc = buildIxfExport({ members: 31 });
    const result = await importer.import(admin, JSON.stringify(doc), { allowBogonAsn: LAB_BOGON_ASN_REASON });
    expect(result.members.created).toBe(1);
    expect(result.sessionsCreated).toBe(2);
  });

  it('round-trips members, interfaces and addresses through the full export', async () => {
    const exported = await exporter.export('full');
    expect(addressRows(exported)).toEqual(addressRows(buildIxfExport({ members: 31 })));
    const again = await importer.import(admin, JSON.stringify(exported), {
      allowBogonAsn: LAB_BOGON_ASN_REASON,
    });
    expect(again.members).toEqual({ created: 0, updated: 0, deleted: 0, unchanged: 31 });
    expect(
      again.memberInterfaces.created + again.memberInterfaces.updated + again.memberInterfaces.deleted,
    ).toBe(0);
  });

  it('writes an export that validates against the IX-F 1.0 JSON schema', async () => {
    const validate = schemaValidator();
    if (!validate) {
      console.log('skipped: ../shared/fixtures/ixf/ixp-member-list.schema.json is not here');
      return;
    }
    for (const view of ['public', 'full'] as const) {
      const exported = await exporter.export(view);
      const ok = validate(exported);
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('rejects a malformed file with the JSON path of the first problem and writes nothing', async () => {
    const count = async () =>
      (await db.dataSource.query(`SELECT count(*)::int AS n FROM member`))[0].n as number;
    const before = await count();
    const doc = buildIxfExport({ members: 32 }) as any;
    doc.member_list[31].connection_list[0].vlan_list[0].ipv4.address = '198.51.100.7';
    await expect(
      importer.import(admin, JSON.stringify(doc), { allowBogonAsn: LAB_BOGON_ASN_REASON }),
    ).rejects.toThrow(
      '$.member_list[31].connection_list[0].vlan_list[0].ipv4.address: "198.51.100.7" is not inside VLAN Peering LAN (192.0.2.0/24)',
    );
    doc.member_list[31].connection_list[0].vlan_list[0].ipv4.address = '192.0.2.250';
    doc.member_list[3].asnum = 'AS64499';
    await expect(
      importer.import(admin, JSON.stringify(doc), { allowBogonAsn: LAB_BOGON_ASN_REASON }),
    ).rejects.toThrow(/^\$\.member_list\[3\]\.asnum: "AS64499"/);
    doc.member_list[3].asnum = 0;
    await expect(
      importer.import(admin, JSON.stringify(doc), { allowBogonAsn: LAB_BOGON_ASN_REASON }),
    ).rejects.toThrow(/^\$\.member_list\[3\]\.asnum: 0 /);
    await expect(importer.import(admin, '{"version": "1.0"')).rejects.toThrow(/^\$: not JSON/);
    expect(await count()).toBe(before);
    const runs = await db.dataSource.query(
      `SELECT status FROM run_record WHERE kind = 'ixf_import' ORDER BY id`,
    );
    expect(runs.map((r: any) => r.status)).toContain('failed');
  });

  it('imports a realistic export built from the PeeringDB reference data (DE-CIX slice)', async () => {
    const dir = path.join(SHARED, 'peeringdb');
    if (!existsSync(path.join(dir, 'netixlan.json')) || isEmbeddedTestDatabase()) {
      console.log(
        'skipped: ../shared/fixtures/peeringdb is not here, or the embedded test database has no second database',
      );
      return;
    }
    const read = (name: string) =>
      (JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8')) as { data: any[] }).data;
    const [ix] = read('ix');
    const nets = new Map(read('net').map((n) => [n.id, n]));
    const pfx = read('ixpfx');
    const v4 = pfx.find((p) => p.protocol === 'IPv4').prefix.split('/');
    const v6 = pfx.find((p) => p.protocol === 'IPv6').prefix.split('/');
    const byAsn = new Map<number, any[]>();
    for (const nx of read('netixlan')) byAsn.set(nx.asn, [...(byAsn.get(nx.asn) ?? []), nx]);
    const doc = {
      version: '1.0',
      timestamp: '2026-04-16T00:00:00Z',
      ixp_list: [
        {
          ixp_id: 1,
          ixf_id: 1000 + ix.id,
          shortname: ix.name,
          peeringdb_id: ix.id,
          vlan: [
            {
              id: 1,
              name: 'Peering LAN',
              ipv4: { prefix: v4[0], mask_length: Number(v4[1]) },
              ipv6: { prefix: v6[0], mask_length: Number(v6[1]) },
            },
          ],
        },
      ],
      member_list: [...byAsn].map(([asn, nxs]) => ({
        asnum: asn,
        name: nets.get(nxs[0].net_id)?.name ?? `AS${asn}`,
        connection_list: nxs.map((nx) => ({
          ixp_id: 1,
          if_list: [{ if_speed: nx.speed }],
          vlan_list: [
            {
              vlan_id: 1,
              ...(nx.ipaddr4 ? { ipv4: { address: nx.ipaddr4, routeserver: nx.is_rs_peer } } : {}),
              ...(nx.ipaddr6 ? { ipv6: { address: nx.ipaddr6, routeserver: nx.is_rs_peer } } : {}),
            },
          ],
        })),
      })),
    };
    const fresh = await createTestDatabase();
    try {
      const imp = new IxfImporter(fresh.dataSource);
      const result = await imp.import(admin, JSON.stringify(doc), { allowBogonAsn: LAB_BOGON_ASN_REASON });
      expect(result.members.created).toBe(byAsn.size);
      expect(addressRows(await new IxfExporter(fresh.dataSource).export())).toEqual(addressRows(doc));
    } finally {
      await fresh.drop();
    }
  });
});
