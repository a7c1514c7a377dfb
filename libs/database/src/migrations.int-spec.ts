import { createTestDatabase, type TestDatabase } from '@ixora/testing';
import { migrate } from './index.js';

describe('migrations on PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('are all applied to the template and re-running applies nothing', async () => {
    expect(await migrate(db.dataSource)).toEqual([]);
    const tables = await db.dataSource.query<{ table_name: string }[]>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining([
        'ixp',
        'member',
        'member_interface',
        'route_server_session',
        'prefix_set',
        'vrp',
      ]),
    );
  });

  it('rejects ASNs outside 1..4294967295', async () => {
    await expect(db.dataSource.query(`INSERT INTO member (asn, name) VALUES (0, 'zero')`)).rejects.toThrow(
      /check constraint/,
    );
    await expect(
      db.dataSource.query(`INSERT INTO member (asn, name) VALUES (4294967296, 'big')`),
    ).rejects.toThrow(/check constraint/);
    await db.dataSource.query(`INSERT INTO member (asn, name) VALUES (4294967295, 'max')`);
  });

  it('keeps member addresses unique per LAN and inside the LAN prefix', async () => {
    const [ixp] = await db.dataSource.query<{ id: number }[]>(
      `INSERT INTO ixp (shortname) VALUES ('T-IX') RETURNING id`,
    );
    const [lan] = await db.dataSource.query<{ id: number }[]>(
      `INSERT INTO peering_lan (ixp_id, name, prefix_v4, prefix_v6) VALUES ($1, 'lan', '192.0.2.0/24', '2001:db8::/64') RETURNING id`,
      [ixp!.id],
    );
    const [m] = await db.dataSource.query<{ id: number }[]>(
      `INSERT INTO member (asn, name) VALUES (64500, 'Example') RETURNING id`,
    );
    const insert = (v4: string | null, v6: string | null) =>
      db.dataSource.query(
        `INSERT INTO member_interface (member_id, peering_lan_id, ipv4_address, ipv6_address) VALUES ($1, $2, $3, $4)`,
        [m!.id, lan!.id, v4, v6],
      );
    await insert('192.0.2.10', '2001:db8::10');
    await expect(insert('192.0.2.10', null)).rejects.toThrow(/duplicate key/);
    await expect(insert('198.51.100.1', null)).rejects.toThrow(/not inside peering LAN/);
    await expect(insert(null, '2001:db8:1::1')).rejects.toThrow(/not inside peering LAN/);
    await expect(insert('2001:db8::11', null)).rejects.toThrow(/not inside peering LAN|check constraint/);
    await expect(
      db.dataSource.query(
        `INSERT INTO route_server (name, peering_lan_id, asn, router_id, ipv6_address) VALUES ('rs9', $1, 64511, '192.0.2.1', '2001:db8:ffff::1')`,
        [lan!.id],
      ),
    ).rejects.toThrow(/ipv6_address 2001:db8:ffff::1 is not inside peering LAN lan/);
  });
});
