import { cliActor, type Actor } from '@ixora/domain';
import { RecordedReader } from '@ixora/looking-glass';
import {
  PeeringDbClient,
  PeeringDbMirrorSource,
  PeeringDbOnboardingService,
  syncPeeringDb,
} from '@ixora/peeringdb';
import {
  createTestDatabase,
  LAB_BOGON_ASN_REASON,
  PEERINGDB_FIXTURES_DIR,
  startPeeringDbTestServer,
  TestClock,
  type PeeringDbTestServer,
  type TestDatabase,
} from '@ixora/testing';
import { MemberReadinessService } from './member-readiness.service.js';
import type { MemberReadinessReport } from './member-readiness.types.js';
import { readRouteServersOnce } from './one-shot.looking-glass.js';

const staff = cliActor('noc');
const byCode = (report: MemberReadinessReport) => new Map(report.findings.map((f) => [f.code, f]));

describe('MemberReadinessService (PostgreSQL, the PeeringDB test server, recorded route server)', () => {
  let db: TestDatabase;
  let server: PeeringDbTestServer;
  const clock = new TestClock(new Date('2026-12-01T12:00:00Z'));
  let service: MemberReadinessService;

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startPeeringDbTestServer({ fixturesDir: PEERINGDB_FIXTURES_DIR });
    const q = db.dataSource;
    const [ixp] = await q.query<{ id: number }[]>(
      `INSERT INTO ixp (shortname, peeringdb_ix_id) VALUES ('EXAMPLE-IX', 301) RETURNING id`,
    );
    const [lan] = await q.query<{ id: number }[]>(
      `INSERT INTO peering_lan (ixp_id, name, prefix_v4, prefix_v6) VALUES ($1, 'lan', '192.0.2.0/24', '2001:db8::/64') RETURNING id`,
      [ixp!.id],
    );
    // AS65000: the route server of the BIRD recordings the looking glass reads below.
    await q.query(
      `INSERT INTO route_server (name, peering_lan_id, asn, router_id, ipv4_address, ipv6_address)
       VALUES ('rs1', $1, 65000, '192.0.2.250', '192.0.2.250', '2001:db8::250')`,
      [lan!.id],
    );
    service = new MemberReadinessService(db.dataSource, clock);
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  it('before the PeeringDB mirror is synced, says so and what to run', async () => {
    await db.dataSource.query(
      `INSERT INTO member (asn, name, status, bogon_asn_reason, bogon_asn_allowed_by, bogon_asn_allowed_at)
       VALUES (65001, 'Lab Router', 'active', $1, 'cli:test', now())`,
      [LAB_BOGON_ASN_REASON],
    );
    const report = await service.report(staff, 'AS65001');
    expect(report).toMatchObject({ asn: 65001, phase: 'before_turn_up', severity: 'error' });
    expect(byCode(report).get('peeringdb_mirror_empty')?.action).toMatch(/ixora peeringdb sync/);
    // Without an interface yet, both families count as the member's: no data for them blocks it.
    expect(byCode(report).get('irr_missing')).toMatchObject({
      severity: 'error',
      action: 'Run `ixora irr refresh --asn 65001` (the scheduled refresh does it too).',
    });
    expect(byCode(report).get('rpki_not_loaded')?.severity).toBe('warning');
    expect(byCode(report).get('no_sessions')?.severity).toBe('warning');
  });

  it('compares a member onboarded from PeeringDB with the mirror and its IRR prefixes with the ROAs', async () => {
    await syncPeeringDb(db.dataSource, new PeeringDbClient({ baseUrl: server.url, requestsPerMinute: 0 }), {
      full: true,
    });
    const onboarded = await new PeeringDbOnboardingService(db.dataSource).onboard(
      staff,
      new PeeringDbMirrorSource(db.dataSource.manager),
      { asn: 64501, allowBogonAsn: LAB_BOGON_ASN_REASON },
    );
    expect(onboarded.interfaces).toHaveLength(2);
    const q = db.dataSource;
    const memberId = onboarded.member.id;
    await q.query(
      `INSERT INTO prefix_set (member_id, family, as_sets, asns, prefixes, aggregated, fetched_at, attempted_at, status, error, warnings) VALUES
         ($1, 4, '{RIPE::AS-OCEANFIBER}', '{64501}', '{198.51.100.0/24,203.0.113.0/24}', '{}', $2, $2, 'ok', NULL, '{"AS-OCEANFIBER-CUSTOMERS not found in RIPE"}'),
         ($1, 6, '{RIPE::AS-OCEANFIBER}', '{64501}', '{2001:db8:1000::/36}', '{}', $2, $3, 'stale', 'connection refused', '{}')`,
      [memberId, new Date('2026-12-01T06:00:00Z'), new Date('2026-12-01T11:00:00Z')],
    );
    const [snapshot] = await q.query<{ id: number }[]>(
      `INSERT INTO rpki_snapshot (source, format, vrp_count, is_current, loaded_at) VALUES ('test', 'rpki-client', 3, true, $1) RETURNING id`,
      [new Date('2026-12-01T11:30:00Z')],
    );
    await q.query(
      `INSERT INTO vrp (snapshot_id, prefix, max_length, asn, trust_anchor) VALUES
         ($1, '198.51.100.0/24', 24, 64501, 'ripe'),
         ($1, '203.0.113.0/24', 24, 64499, 'ripe'),
         ($1, '203.0.0.0/8', 24, 64511, 'ripe')`,
      [snapshot!.id],
    );
    // The member record drifts from PeeringDB: another AS-SET and an address of its second router.
    await q.query(`UPDATE member SET as_sets = '{AS-OCEAN}' WHERE id = $1`, [memberId]);
    await q.query(`UPDATE member_interface SET ipv6_address = '2001:db8::99' WHERE id = $1`, [
      onboarded.interfaces[1]!.id,
    ]);

    const report = await service.report(staff, 64501);
    const found = byCode(report);
    expect(report.generatedAt).toEqual(clock.now());
    expect(found.get('peeringdb_found')?.message).toBe(
      'PeeringDB knows AS64501 as Ocean Fiber: AS-SET RIPE::AS-OCEANFIBER, 120 IPv4 and 40 IPv6 prefixes.',
    );
    expect(found.get('as_set_differs')?.message).toBe(
      'The member record has AS-SET AS-OCEAN, PeeringDB lists AS-OCEANFIBER.',
    );
    expect(found.get('netixlan_address_differs')?.items).toEqual([
      `interface ${onboarded.interfaces[1]!.id}: 192.0.2.12, 2001:db8::99 here, 192.0.2.12, 2001:db8::12 in PeeringDB`,
    ]);
    expect(found.get('irr_stale')).toMatchObject({
      severity: 'warning',
      message: expect.stringContaining('(connection refused)'),
    });
    expect(found.get('irr_expansion_warnings')?.items).toEqual(['AS-OCEANFIBER-CUSTOMERS not found in RIPE']);
    expect(found.get('rpki_invalid')).toMatchObject({ severity: 'error', itemCount: 1 });
    expect(found.get('rpki_invalid')?.items[0]).toMatch(
      /^203\.0\.113\.0\/24: the ROAs covering 203\.0\.113\.0\/24 \(.*\) name AS64511 and AS64499, not AS64501/,
    );
    expect(found.get('rpki_no_roa')?.items).toEqual(['2001:db8:1000::/36 (origin AS64501)']);
    // Onboarding copied PeeringDB's 120/40 plus the Ixp's 10 % headroom onto the member.
    expect(report.findings.filter((f) => f.code === 'max_prefix_ok').map((f) => f.message)).toEqual([
      'The IPv4 max-prefix limit is 132 (from the member record); the IRR data has 2 IPv4 prefixes.',
      'The IPv6 max-prefix limit is 44 (from the member record); the IRR data has 1 IPv6 prefix.',
    ]);
  });

  it('after turn-up, lists what the route server filters, with the reason and the fix', async () => {
    await db.dataSource.query(
      `INSERT INTO member_interface (member_id, peering_lan_id, ipv4_address, is_route_server_client)
       SELECT m.id, l.id, '192.0.2.2', true FROM member m, peering_lan l WHERE m.asn = 65001`,
    );
    const reader = new RecordedReader();
    const read = await readRouteServersOnce(
      db.dataSource,
      { birdSocket: '/run/ixora-test/bird.ctl', agentTokens: new Map() },
      {
        createReader: () => reader,
      },
    );
    try {
      const report = await service.report(staff, 65001, { routeServers: read.views });
      expect(report.phase).toBe('after_turn_up');
      const filtered = report.findings.filter((f) => f.code === 'routes_filtered');
      expect(filtered.map((f) => [f.message, f.items])).toEqual([
        [
          "rs1 filters 1 route of the member: bogon prefix, IPv6 outside 2000::/3, or inside the Ixp's peering LAN.",
          ['10.255.1.0/24'],
        ],
        ['rs1 filters 1 route of the member: prefix is longer than allowed.', ['10.1.2.0/25']],
      ]);
      expect(filtered[0]?.action).toMatch(/^10\.255\.1\.0\/24 is in 10\.0\.0\.0\/8, private use/);
      expect(filtered[1]?.action).toMatch(/announce 10\.1\.2\.0\/24 instead/);

      // A member the route server runs no session for yet: its sessions are not deployed.
      const ocean = await service.report(staff, 64501, { routeServers: read.views });
      expect(ocean.phase).toBe('before_turn_up');
      expect(byCode(ocean).get('session_not_deployed')?.action).toMatch(/ixora config build --rs rs1/);
    } finally {
      await read.close();
    }
  });

  it("answers a member's users for their own member only (404 for another's)", async () => {
    const [row] = await db.dataSource.query<{ id: number }[]>(`SELECT id FROM member WHERE asn = 64501`);
    const user: Actor = {
      label: 'user:noc@ocean.example',
      userId: 1,
      role: 'member_user',
      memberId: row!.id,
    };
    await expect(service.report(user, 64501)).resolves.toMatchObject({ asn: 64501 });
    await expect(service.report(user, 65001)).rejects.toMatchObject({ code: 'not_found' });
    await expect(service.report(staff, 'AS-FOO')).rejects.toMatchObject({
      code: 'invalid_value',
      field: 'asn',
    });
  });
});
