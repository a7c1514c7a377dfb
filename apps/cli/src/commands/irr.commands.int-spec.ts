import {
  createTestDatabase,
  loadIrrFixtureDatabase,
  startIrrTestServer,
  type IrrTestServer,
  type TestDatabase,
} from '@ixora/testing';
import { ixora } from '../run-cli.test-helper.js';

describe('ixora irr refresh | show', () => {
  let db: TestDatabase;
  let server: IrrTestServer;
  const saved = {
    DATABASE_URL: process.env.DATABASE_URL,
    IRR_HOST: process.env.IRR_HOST,
    IRR_SOURCES: process.env.IRR_SOURCES,
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    // Public space: documentation prefixes are bogons, which a refresh drops (the route servers
    // reject them anyway); the members accept any length, so every registered prefix is kept.
    server = await startIrrTestServer({ database: loadIrrFixtureDatabase({ publicSpace: true }) });
    process.env.DATABASE_URL = db.url;
    process.env.IRR_HOST = server.address;
    process.env.IRR_SOURCES = 'TESTA,TESTB';
    await db.dataSource.query(
      `INSERT INTO member (asn, name, as_sets, policy_max_prefix_length_v4, policy_max_prefix_length_v6) VALUES
         (64496, 'Transit One', '{AS-IXORA-TRANSIT,AS-IXORA-MISSPELT}', 32, 128),
         (64503, 'Pinned', '{TESTB::AS-IXORA-SPLIT}', 32, 128),
         (65551, 'No Routes', '{AS-IXORA-NOROUTES}', 32, 128),
         (64511, 'Bad Name', '{"AS-FOO;DROP"}', 32, 128)`,
    );
  });

  afterAll(async () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await server.close();
    await db.drop();
  });

  it('refreshes every member, stores PrefixSets and shows them', async () => {
    const refresh = await ixora('irr', 'refresh');
    expect(refresh.code).toBe(0);
    expect(refresh.out).toMatch(
      /refreshed 4 members from 127\.0\.0\.1:\d+: 3 ok, 0 stale \(last good data kept\), 1 without data/,
    );
    expect(refresh.out).toMatch(/warning: AS64511 failed: asSets: "AS-FOO;DROP" is not an RPSL as-set name/);
    expect(server.queries.some((q) => q.includes('FOO'))).toBe(false);

    const show = await ixora('irr', 'show', '64496');
    expect(show.code).toBe(0);
    expect(show.out).toMatch(/IPv4\s+ok\s+5\s+14\s+8\s+TESTA,TESTB/);
    expect(show.out).toContain('  185.0.2.0/24{24,25}');
    expect(show.out).toMatch(/IPv6 prefixes \(9\):\n  2a0b:db8:100::\/48 /);
    expect(show.out).toContain('ASNs: AS64496 AS64497 AS64498 AS64499 AS65536');
    // What the expansion warned about is stored with the set, so a later `irr show` still says it.
    expect(show.out).toContain('warning: AS-SET AS-IXORA-MISSPELT not found or empty in TESTA,TESTB');

    const json = JSON.parse((await ixora('irr', 'show', '65551', '--json')).out);
    expect(json.prefixSets.map((s: { status: string }) => s.status)).toEqual(['ok', 'ok']);
    expect(json.prefixSets[0].warnings).toEqual([
      'no route objects: the IRR check accepts none of its routes for this family',
      'no route or route6 objects for AS65551 and its AS-SETs',
    ]);
    const stored = await db.dataSource.query(
      `SELECT ps.family, ps.status FROM prefix_set ps JOIN member m ON m.id = ps.member_id WHERE m.asn = 65551 ORDER BY ps.family`,
    );
    expect(stored).toEqual([
      { family: 4, status: 'empty' },
      { family: 6, status: 'empty' },
    ]);
  });

  it('keeps the last good PrefixSets, marked stale, when the IRR server breaks', async () => {
    await ixora('irr', 'refresh', '--asn', '64503');
    const before = JSON.parse((await ixora('irr', 'show', '64503', '--json')).out);
    server.setFault('garbage');
    try {
      const refresh = await ixora('irr', 'refresh', '--asn', '64503', '--json');
      expect(refresh.code).toBe(0);
      expect(JSON.parse(refresh.out)).toMatchObject({ ok: 0, stale: 1 });
    } finally {
      server.setFault('none');
    }
    const after = JSON.parse((await ixora('irr', 'show', '64503', '--json')).out);
    for (const family of [0, 1]) {
      const { prefixes, aggregated, asns, fetchedAt } = before.prefixSets[family];
      expect(after.prefixSets[family]).toMatchObject({
        prefixes,
        aggregated,
        asns,
        fetchedAt,
        status: 'stale',
      });
      expect(after.prefixSets[family].error).toMatch(/malformed answer/);
    }
    expect(before.prefixSets[0].aggregated).toEqual(['185.51.100.0/24{25,25}']);
  });

  it('names unknown members', async () => {
    const missing = await ixora('irr', 'show', '64500');
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/member "AS64500" not found/);
  });
});
