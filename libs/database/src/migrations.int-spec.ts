import { MIGRATIONS } from '@ixora/migrations';
import { createTestDatabase, type TestDatabase } from '@ixora/testing';
import { migrate } from './index.js';

const WELL_KNOWN_TRANSIT_FREE = '{174,701,1299,2914,3257,3320,3356,5511,6453,6461,6762,6830,7018,12956}';

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

  it('gives exchanges with an empty transit-free list the well-known networks, and keeps an edited list', async () => {
    await db.dataSource.query(
      `INSERT INTO ixp (shortname, transit_free_asns) VALUES ('EMPTY-IX', '{}'), ('EDITED-IX', '{64502}')`,
    );
    const migration = MIGRATIONS.find((m) => m.name === 'TransitFreeDefault1764400000043')!;
    const runner = db.dataSource.createQueryRunner();
    try {
      await new migration().up(runner);
    } finally {
      await runner.release();
    }
    const rows = await db.dataSource.query<{ shortname: string; transit_free_asns: string }[]>(
      `SELECT shortname, transit_free_asns::text FROM ixp WHERE shortname IN ('EMPTY-IX', 'EDITED-IX', 'NEW-IX') ORDER BY 1`,
    );
    expect(rows).toEqual([
      { shortname: 'EDITED-IX', transit_free_asns: '{64502}' },
      { shortname: 'EMPTY-IX', transit_free_asns: WELL_KNOWN_TRANSIT_FREE },
    ]);
    const [created] = await db.dataSource.query<{ transit_free_asns: string }[]>(
      `INSERT INTO ixp (shortname) VALUES ('NEW-IX') RETURNING transit_free_asns::text`,
    );
    expect(created!.transit_free_asns).toBe(WELL_KNOWN_TRANSIT_FREE);
  });
});
