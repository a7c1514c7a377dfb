import { cliActor } from '@ixora/domain';
import { loadConfig } from '@ixora/config';
import { IrrRefreshService } from '@ixora/irr';
import {
  createTestDatabase,
  IrrTestDatabase,
  startIrrTestServer,
  type IrrTestServer,
  type TestDatabase,
} from '@ixora/testing';

/**
 * An IRR server is input like any other. Route objects for the default route, RFC 1918 space,
 * ::/0 or the exchange's own peering LAN would be stored as "ok" and, with more-specifics allowed,
 * authorise anything; they are dropped from the PrefixSets with a warning, because the route
 * servers reject such routes anyway.
 */
const HOSTILE_RPSL = `
as-set: AS-HOSTILE
members: AS64500
source: RIPE

route: 0.0.0.0/0
origin: AS64500
source: RIPE

route: 10.0.0.0/8
origin: AS64500
source: RIPE

route: 185.1.0.0/24
origin: AS64500
source: RIPE

route: 185.1.0.128/25
origin: AS64500
source: RIPE

route: 185.0.0.0/22
origin: AS64500
source: RIPE

route6: ::/0
origin: AS64500
source: RIPE

route6: fd00::/8
origin: AS64500
source: RIPE

route6: 2001:7f8:1::/48
origin: AS64500
source: RIPE

route6: 2a0b:100::/32
origin: AS64500
source: RIPE

route: 0.0.0.0/0
origin: AS64501
source: RIPE

route6: ::/0
origin: AS64501
source: RIPE
`;

describe('hostile IRR answers', () => {
  let db: TestDatabase;
  let server: IrrTestServer;
  let service: IrrRefreshService;

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startIrrTestServer({ database: IrrTestDatabase.fromRpsl(HOSTILE_RPSL, 'RIPE') });
    const config = { ...loadConfig({}), irrHost: server.host, irrPort: server.port, irrSources: ['RIPE'] };
    service = new IrrRefreshService(db.dataSource, config);
    await db.dataSource.query(`INSERT INTO ixp (shortname) VALUES ('EX-IX')`);
    // A peering LAN in public space with a /48 for IPv6, so the LAN itself is the reason.
    await db.dataSource.query(
      `INSERT INTO peering_lan (ixp_id, name, prefix_v4, prefix_v6)
       SELECT id, 'peering', '185.1.0.0/24', '2001:7f8:1::/48' FROM ixp`,
    );
    await db.dataSource.query(
      `INSERT INTO member (asn, name, as_sets) VALUES (64500, 'Hostile', '{AS-HOSTILE}'), (64501, 'Default Only', '{}')`,
    );
  });

  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  it('drops the default route, bogons, too-specific prefixes and the peering LAN from PrefixSets, with a warning', async () => {
    const report = await service.refresh(cliActor('test'));
    expect(report).toMatchObject({ ok: 2, stale: 0, failed: 0 });
    const { sets } = await service.show(64500);
    expect(sets?.v4.prefixes).toEqual(['185.0.0.0/22']);
    expect(sets?.v4.aggregated).toEqual(['185.0.0.0/22']);
    expect(sets?.v6.prefixes).toEqual(['2a0b:100::/32']);
    expect(sets?.v4.warnings).toContain(
      'dropped 4 route object prefix(es) the route servers reject anyway: 0.0.0.0/0 (shorter than /8), ' +
        '10.0.0.0/8 (bogon: private use (RFC 1918)), 185.1.0.0/24 (inside the peering LAN 185.1.0.0/24), ' +
        '185.1.0.128/25 (longer than /24)',
    );
    expect(sets?.v6.warnings).toContain(
      'dropped 3 route6 object prefix(es) the route servers reject anyway: ::/0 (shorter than /16), ' +
        'fd00::/8 (shorter than /16), 2001:7f8:1::/48 (inside the peering LAN 2001:7f8:1::/48)',
    );
    const stored = await db.dataSource.query(
      `SELECT ps.family, ps.prefixes::text[] AS prefixes FROM prefix_set ps JOIN member m ON m.id = ps.member_id
        WHERE m.asn = 64500 ORDER BY ps.family`,
    );
    expect(stored).toEqual([
      { family: 4, prefixes: ['185.0.0.0/22'] },
      { family: 6, prefixes: ['2a0b:100::/32'] },
    ]);
  });

  it('stores a member whose IRR data is only the default route as empty: the IRR step accepts none of its routes', async () => {
    const { sets } = await service.show(64501);
    expect([sets?.v4.prefixes, sets?.v6.prefixes]).toEqual([[], []]);
    expect(sets?.v4.warnings).toContain(
      'no route objects: the IRR check accepts none of its routes for this family',
    );
    const statuses = await db.dataSource.query(
      `SELECT ps.status FROM prefix_set ps JOIN member m ON m.id = ps.member_id WHERE m.asn = 64501 ORDER BY ps.family`,
    );
    expect(statuses).toEqual([{ status: 'empty' }, { status: 'empty' }]);
  });

  it('honours a looser length a member is allowed', async () => {
    await db.dataSource.query(`UPDATE member SET policy_max_prefix_length_v4 = 25 WHERE asn = 64500`);
    await service.refresh(cliActor('test'), { asn: 64500 });
    const { sets } = await service.show(64500);
    // The /25 is inside the peering LAN, which no length makes acceptable.
    expect(sets?.v4.prefixes).toEqual(['185.0.0.0/22']);
    await db.dataSource.query(`UPDATE member SET policy_min_prefix_length_v4 = 0 WHERE asn = 64501`);
    await service.refresh(cliActor('test'), { asn: 64501 });
    expect((await service.show(64501)).sets?.v4.prefixes).toEqual(['0.0.0.0/0']);
  });
});
