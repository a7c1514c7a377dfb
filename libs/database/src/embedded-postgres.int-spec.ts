import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { migrate, openDatabase } from './index.js';

describe('embedded PostgreSQL (PGlite) through pg and TypeORM', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-embedded-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // Raw SQL only: the data source maps no entity (the app's list lives above this lib).
  it('runs the same migrations, enforces cidr/inet/bigint rules, and keeps data on disk', async () => {
    const first = await openDatabase({ databaseUrl: undefined, embeddedDataDir: dir }, { entities: [] });
    try {
      expect(first.kind).toBe('embedded');
      expect((await migrate(first.dataSource)).length).toBeGreaterThanOrEqual(4);
      const ds = first.dataSource;
      await ds.query(`INSERT INTO ixp (shortname) VALUES ('EMB-IX')`);
      await ds.query(
        `INSERT INTO peering_lan (ixp_id, name, prefix_v4, prefix_v6) SELECT id, 'lan', '192.0.2.0/24', '2001:db8::/64' FROM ixp`,
      );
      await ds.query(`INSERT INTO member (asn, name) VALUES (4200000000, 'Private')`);
      await expect(ds.query(`INSERT INTO member (asn, name) VALUES (0, 'zero')`)).rejects.toThrow(
        /check constraint/,
      );
      await expect(
        ds.query(
          `INSERT INTO member_interface (member_id, peering_lan_id, ipv6_address) SELECT m.id, l.id, '2001:db8:1::1' FROM member m, peering_lan l`,
        ),
      ).rejects.toThrow(/not inside peering LAN/);
      await expect(ds.query(`SELECT '192.0.2.1/24'::cidr`)).rejects.toThrow(/invalid cidr value/);
    } finally {
      await first.close();
    }
    const again = await openDatabase({ databaseUrl: undefined, embeddedDataDir: dir }, { entities: [] });
    try {
      expect(await migrate(again.dataSource)).toEqual([]);
      const rows = await again.dataSource.query(`SELECT asn FROM member`);
      expect(rows).toEqual([{ asn: '4200000000' }]);
      // Reopened, it still runs with the small shared buffers (set on every start, not only at initdb).
      expect(await again.dataSource.query(`SELECT current_setting('shared_buffers') AS value`)).toEqual([
        { value: '32MB' },
      ]);
    } finally {
      await again.close();
    }
  }, 180_000);
});
