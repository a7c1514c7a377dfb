import {
  createTestDatabase,
  PEERINGDB_FIXTURES_DIR,
  startPeeringDbTestServer,
  type PeeringDbTestServer,
  type TestDatabase,
  LAB_BOGON_ASN_REASON,
} from '@ixora/testing';
import { ixora } from '../run-cli.test-helper.js';

describe('ixora peeringdb … and member add --from-peeringdb', () => {
  let db: TestDatabase;
  let server: PeeringDbTestServer;
  const saved = { DATABASE_URL: process.env.DATABASE_URL, PEERINGDB_URL: process.env.PEERINGDB_URL };

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startPeeringDbTestServer({ fixturesDir: PEERINGDB_FIXTURES_DIR });
    process.env.DATABASE_URL = db.url;
    process.env.PEERINGDB_URL = server.url;
    const [ixp] = await db.dataSource.query<{ id: number }[]>(
      `INSERT INTO ixp (shortname, peeringdb_ix_id) VALUES ('EXAMPLE-IX', 301) RETURNING id`,
    );
    await db.dataSource.query(
      `INSERT INTO peering_lan (ixp_id, name, prefix_v4, prefix_v6) VALUES ($1, 'lan', '192.0.2.0/24', '2001:db8::/64')`,
      [ixp!.id],
    );
  });
  afterAll(async () => {
    process.env.DATABASE_URL = saved.DATABASE_URL;
    process.env.PEERINGDB_URL = saved.PEERINGDB_URL;
    await server.close();
    await db.drop();
  });

  it('syncs, reports retries, and syncs incrementally', async () => {
    server.failNext({ status: 429, retryAfter: '1', path: '/api/org' });
    const full = await ixora('peeringdb', 'sync', '--full');
    expect(full.code).toBe(0);
    expect(full.out).toMatch(/netixlan\s+full\s+7\s+7\s+0\s+0/);
    expect(full.out).toMatch(/30 created, 0 updated, 0 deleted; 1 retried request/);
    expect(full.err).toMatch(/peeringdb: HTTP 429 from .*\/api\/org, retry 1 in 1\.0 s/);
    const incremental = JSON.parse((await ixora('peeringdb', 'sync', '--json')).out);
    expect(incremental.counts.net.mode).toBe('incremental');
    expect(incremental.totals).toMatchObject({ created: 0, updated: 0, deleted: 0 });
  });

  it('adds a member from PeeringDB, keeping values given on the line', async () => {
    const added = await ixora(
      ...['member', 'add', '--asn', '64501', '--from-peeringdb', '--max-prefix-v6', '99'],
      ...['--allow-bogon-asn', LAB_BOGON_ASN_REASON],
    );
    expect(added.code).toBe(0);
    expect(added.out).toMatch(/added member AS64501 Ocean Fiber from PeeringDB/);
    expect(added.out).toMatch(/AS-SETs RIPE::AS-OCEANFIBER, max-prefix 132\/99, policy open/);
    expect(added.out).toMatch(/interface 192\.0\.2\.11 2001:db8::11 \(route-server client\)/);
    const follow = await ixora('peeringdb', 'follow', '64501');
    expect(follow.out).toMatch(
      /follows PeeringDB for: name, url, asSets, maxPrefixV4, peeringPolicy, isNeverViaRouteServers, interfaces/,
    );
    const unknown = await ixora('member', 'add', '--asn', '64499', '--from-peeringdb');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toBe('ixora: PeeringDB network "AS64499" not found\n');
  });

  it('checks the members against PeeringDB', async () => {
    const check = await ixora('peeringdb', 'check');
    expect(check.code).toBe(0);
    expect(check.out).toMatch(/in PeeringDB, not in ixora \(4\)/);
    expect(check.out).toMatch(/64502\s+Northwind Networks\s+192\.0\.2\.21\s+-\s+member_missing/);
    const json = JSON.parse((await ixora('peeringdb', 'check', '--json')).out);
    expect(json.isConsistent).toBe(false);
    expect(json.extra).toEqual([]);
  });

  it('a sync where one type fails exits non-zero naming it, and check says which data is stale', async () => {
    server.failNext({ status: 404, path: '/api/poc' });
    const partial = await ixora('peeringdb', 'sync', '--full', '--no-refresh');
    expect(partial.code).toBe(1);
    // The types that synced are reported (netixlan comes after poc).
    expect(partial.out).toMatch(/netixlan\s+full\s+7\s+/);
    expect(partial.out).not.toMatch(/^poc\s/m);
    expect(partial.err).toMatch(
      /^ixora: peeringdb sync partial \(run \d+\): poc failed and keep their last good data, the other types synced; poc: .*HTTP 404/,
    );
    const check = await ixora('peeringdb', 'check');
    expect(check.code).toBe(0);
    expect(check.out).toMatch(
      /stale: PeeringDB poc data is from \d{4}-\d\d-\d\dT[\d:.]+Z; its sync at \S+ failed: .*HTTP 404/,
    );
    const json = JSON.parse((await ixora('peeringdb', 'check', '--json')).out);
    expect(json.lastSyncRun).toMatchObject({ status: 'partial' });
    expect(json.staleTypes).toEqual([expect.objectContaining({ objectType: 'poc' })]);
    // The next sync reads poc again: nothing is stale any more.
    expect((await ixora('peeringdb', 'sync', '--no-refresh')).code).toBe(0);
    expect((await ixora('peeringdb', 'check')).out).not.toMatch(/stale/);
  });

  it('member readiness: the report of a member onboarded from PeeringDB, in words and as JSON', async () => {
    const text = await ixora('member', 'readiness', 'AS64501', '--no-route-servers');
    expect(text.code).toBe(0);
    expect(text.out).toMatch(
      /^AS64501 {2}Ocean Fiber {2}\(active, before turn-up\)\n\d+ errors?, \d+ warnings?, \d+ ok/,
    );
    expect(text.out).toContain(
      'ok       peeringdb: PeeringDB knows AS64501 as Ocean Fiber: AS-SET RIPE::AS-OCEANFIBER, 120 IPv4 and 40 IPv6 prefixes.',
    );
    expect(text.out).toMatch(
      /ERROR {4}irr: RIPE::AS-OCEANFIBER has not been expanded for IPv4 yet.*\n {11}what to do: Run `ixora irr refresh --asn 64501`/,
    );
    const json = JSON.parse(
      (await ixora('member', 'readiness', '64501', '--json', '--no-route-servers')).out,
    );
    expect(json).toMatchObject({ asn: 64501, phase: 'before_turn_up', severity: 'error' });
    expect(json.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ check: 'rpki', code: 'rpki_not_loaded', severity: 'warning' }),
      ]),
    );
    const missing = await ixora('member', 'readiness', '64999');
    expect(missing.code).not.toBe(0);
    expect(missing.err).toBe(`ixora: member "AS64999" not found\n`);
  });
});
