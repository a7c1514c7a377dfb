import { cliActor, IxfImporter, RouteServerService } from '@ixora/domain';
import { buildIxfExport, createTestDatabase, LAB_BOGON_ASN_REASON, type TestDatabase } from '@ixora/testing';
import { ixora } from '../run-cli.test-helper.js';

describe('ixora exchange summary', () => {
  let db: TestDatabase;
  const saved = { DATABASE_URL: process.env.DATABASE_URL, BIRD_SOCKET: process.env.BIRD_SOCKET };

  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
    delete process.env.BIRD_SOCKET;
  });
  afterAll(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await db.drop();
  });

  it('says when there is no exchange yet', async () => {
    const run = await ixora('exchange', 'summary');
    expect(run.code).toBe(0);
    expect(run.out).toContain('no exchange is set up');
  });

  it("computes, stores and prints today's row; run again the same day, it is still one row", async () => {
    await new IxfImporter(db.dataSource).import(
      cliActor('test'),
      JSON.stringify(buildIxfExport({ members: 4 })),
      {
        allowBogonAsn: LAB_BOGON_ASN_REASON,
      },
    );
    // A route server BIRD cannot be reached for: the route figures say so, the rest is computed.
    await new RouteServerService(db.dataSource).add(cliActor('test'), {
      name: 'rs1',
      asn: 64510,
      routerId: '192.0.2.1',
      ipv4Address: '192.0.2.1',
    });
    const text = await ixora('exchange', 'summary');
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/members +4\n/);
    expect(text.out).toMatch(/routes received +0 from 0 of 1 route server\(s\)/);
    expect(text.out).toMatch(/MANRS 5 not met +Provide monitoring and debugging tools/);

    const json = await ixora('exchange', 'summary', '--json');
    expect(json.code).toBe(0);
    const [row] = JSON.parse(json.out) as {
      day: string;
      figures: { members: number; routeServers: number };
    }[];
    expect(row?.figures).toMatchObject({ members: 4, routeServers: 1 });
    // Both runs' days (the same one unless the runs straddled midnight UTC) are the rows stored.
    const firstDay = /^\S+ (\d{4}-\d{2}-\d{2}) /m.exec(text.out)?.[1];
    const rows = await db.dataSource.query<{ day: string }[]>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day FROM exchange_daily_summary ORDER BY day`,
    );
    expect(rows.map((r) => r.day)).toEqual([...new Set([firstDay, row?.day])].sort());
  });
});
