import { cliActor } from '@ixora/domain';
import {
  createTestDatabase,
  PEERINGDB_FIXTURES_DIR,
  startPeeringDbTestServer,
  type PeeringDbTestServer,
  type TestDatabase,
  LAB_BOGON_ASN_REASON,
} from '@ixora/testing';
import { PeeringDbCheckService } from './peeringdb-check.service.js';
import { PeeringDbOnboardingService } from './member-onboarding.service.js';
import { PeeringDbClient } from './peeringdb.client.js';
import { PeeringDbMirrorSource } from './peeringdb.source.js';
import { syncPeeringDb } from './peeringdb-sync.service.js';

describe('PeeringDbCheckService', () => {
  let db: TestDatabase;
  let server: PeeringDbTestServer;
  let ixpId: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startPeeringDbTestServer({ fixturesDir: PEERINGDB_FIXTURES_DIR });
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  it("asks for the Ixp's PeeringDB ix id when it is not set", async () => {
    const [ixp] = await db.dataSource.query<{ id: number }[]>(
      `INSERT INTO ixp (shortname) VALUES ('EXAMPLE-IX') RETURNING id`,
    );
    ixpId = ixp!.id;
    await expect(new PeeringDbCheckService(db.dataSource).check()).rejects.toThrow(
      /peeringdbIxId: null is not set for Ixp EXAMPLE-IX, and no PeeringDB ixpfx/,
    );
  });

  it('lists missing, extra, different addresses and never-via-route-server members with sessions', async () => {
    await db.dataSource.query(`UPDATE ixp SET peeringdb_ix_id = 301 WHERE id = $1`, [ixpId]);
    const [lan] = await db.dataSource.query<{ id: number }[]>(
      `INSERT INTO peering_lan (ixp_id, name, prefix_v4, prefix_v6) VALUES ($1, 'lan', '192.0.2.0/24', '2001:db8::/64') RETURNING id`,
      [ixpId],
    );
    await db.dataSource.query(
      `INSERT INTO route_server (name, peering_lan_id, asn, router_id, ipv4_address) VALUES ('rs1', $1, 64500, '192.0.2.250', '192.0.2.250')`,
      [lan!.id],
    );
    await syncPeeringDb(db.dataSource, new PeeringDbClient({ baseUrl: server.url, requestsPerMinute: 0 }), {
      full: true,
    });
    const mirror = new PeeringDbMirrorSource(db.dataSource.manager);
    const onboarding = new PeeringDbOnboardingService(db.dataSource);
    const staff = cliActor('noc');
    const ocean = await onboarding.onboard(staff, mirror, {
      allowBogonAsn: LAB_BOGON_ASN_REASON,
      asn: 64501,
    });
    await onboarding.onboard(staff, mirror, { allowBogonAsn: LAB_BOGON_ASN_REASON, asn: 64503 });
    await onboarding.onboard(staff, mirror, { allowBogonAsn: LAB_BOGON_ASN_REASON, asn: 65550 });
    await db.dataSource.query(`UPDATE member_interface SET ipv6_address = '2001:db8::99' WHERE id = $1`, [
      ocean.interfaces[1]!.id,
    ]);
    const [manual] = await db.dataSource.query<{ id: number }[]>(
      `INSERT INTO member (asn, name) VALUES (64510, 'Hand Made') RETURNING id`,
    );
    await db.dataSource.query(
      `INSERT INTO member_interface (member_id, peering_lan_id, ipv4_address) VALUES ($1, $2, '192.0.2.99')`,
      [manual!.id, lan!.id],
    );
    await db.dataSource.query(`INSERT INTO member (asn, name, status) VALUES (64502, 'Gone', 'left')`);

    const report = await new PeeringDbCheckService(db.dataSource).check();

    expect(report.isConsistent).toBe(false);
    expect(report.mirrorSyncedAt).toBeInstanceOf(Date);
    expect(report.lastSyncRun).toMatchObject({ status: 'succeeded', error: null });
    expect(report.missing.map((m) => [m.asn, m.netixlanId, m.reason])).toEqual([
      [64500, 806, 'member_missing'],
      [64502, 803, 'member_missing'],
    ]);
    expect(report.extra).toEqual([
      expect.objectContaining({
        asn: 64510,
        memberName: 'Hand Made',
        ipv4Address: '192.0.2.99',
        reason: 'not_in_peeringdb',
      }),
    ]);
    expect(report.differentAddresses).toEqual([
      expect.objectContaining({
        asn: 64501,
        netixlanId: 802,
        ixora: { ipv4Address: '192.0.2.12', ipv6Address: '2001:db8::99' },
        peeringdb: { ipv4Address: '192.0.2.12', ipv6Address: '2001:db8::12' },
      }),
    ]);
    // AS64503 is not an RS peer in PeeringDB, so onboarding made no session; staff add one anyway.
    expect(report.neverViaRouteServersWithSessions).toEqual([]);
    await db.dataSource.query(
      `UPDATE member_interface SET is_route_server_client = true
       WHERE member_id = (SELECT id FROM member WHERE asn = 64503)`,
    );
    await db.dataSource.query(
      `INSERT INTO route_server_session (route_server_id, member_interface_id, family)
       SELECT rs.id, i.id, 4 FROM route_server rs, member_interface i JOIN member m ON m.id = i.member_id WHERE m.asn = 64503`,
    );
    await db.dataSource.query(
      `INSERT INTO run_record (kind, status, error, finished_at)
       VALUES ('peeringdb_sync', 'failed', 'peeringdb …/net: HTTP 500 after 6 attempts', now())`,
    );
    const again = await new PeeringDbCheckService(db.dataSource).check();
    expect(again.neverViaRouteServersWithSessions).toEqual([
      { asn: 64503, memberName: 'Transit Example', enabledSessions: 1 },
    ]);
    expect(again.lastSyncRun).toMatchObject({ status: 'failed', error: expect.stringMatching(/HTTP 500/) });

    // Without the ix id, the mirror's ixpfx matching the LAN prefixes tell which ix it is.
    await db.dataSource.query(`UPDATE ixp SET peeringdb_ix_id = NULL WHERE id = $1`, [ixpId]);
    const inferred = await new PeeringDbCheckService(db.dataSource).check();
    expect(inferred.peeringdbIxId).toBe(301);
    expect(inferred.missing).toEqual(again.missing);
  });
});
