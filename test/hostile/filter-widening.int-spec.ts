import { loadConfig } from '@ixora/config';
import { cliActor } from '@ixora/domain';
import { IrrRefreshService } from '@ixora/irr';
import { IrrTestDatabase, startIrrTestServer, type IrrTestServer } from '@ixora/testing';
import {
  bearer,
  MEMBER_A,
  startApiTestApp,
  type ApiTestApp,
} from '../../apps/api/src/testing/api-test.app.js';

/**
 * Replays the attack found by hand: a member_admin put `AS-GOOGLE` into its own AS-SETs, and at the
 * next IRR refresh AS15169 and 8.8.8.0/24 were in that member's filter. Now the edit becomes a
 * request: until staff approve it, refreshes keep expanding only the member's own set.
 */
const RPSL = `
as-set:   AS-EXAMPLE-A
members:  AS64496
source:   TEST

route:    185.0.1.0/24
origin:   AS64496
source:   TEST

route6:   2a0b:4340:1000::/48
origin:   AS64496
source:   TEST

as-set:   AS-GOOGLE
members:  AS15169
source:   TEST

route:    8.8.8.0/24
origin:   AS15169
source:   TEST

route6:   2001:4860::/32
origin:   AS15169
source:   TEST
`;

describe('hostile: a member widening its own IRR filter', () => {
  let t: ApiTestApp;
  let irr: IrrTestServer;
  let refresh: () => Promise<void>;

  const filterOfA = async () => {
    const rows = await t.db.dataSource.query<{ family: number; asns: string[]; prefixes: string[] }[]>(
      `SELECT ps.family, ps.asns::text[] AS asns, ps.prefixes::text[] AS prefixes
         FROM prefix_set ps JOIN member m ON m.id = ps.member_id WHERE m.asn = $1 ORDER BY ps.family`,
      [MEMBER_A],
    );
    return {
      asns: [...new Set(rows.flatMap((r) => r.asns.map(Number)))].sort((x, y) => x - y),
      prefixes: rows.flatMap((r) => r.prefixes).sort(),
    };
  };

  beforeAll(async () => {
    t = await startApiTestApp();
    irr = await startIrrTestServer({ database: IrrTestDatabase.fromRpsl(RPSL) });
    const config = loadConfig({ DATABASE_URL: t.db.url, IRR_HOST: irr.address, IRR_SOURCES: 'TEST' });
    const service = new IrrRefreshService(t.db.dataSource, config);
    refresh = async () => {
      await service.refresh(cliActor('test'), { asn: MEMBER_A });
    };
    await t.http
      .patch(`/api/v1/members/${MEMBER_A}`)
      .set(...bearer(t.users.admin))
      .send({ asSets: ['AS-EXAMPLE-A'] })
      .expect(200);
    await refresh();
  });
  afterAll(async () => {
    await irr.close();
    await t.close();
  });

  it('starts from the own routes of the member only', async () => {
    const filter = await filterOfA();
    expect(filter.asns).toEqual([MEMBER_A]);
    expect(filter.prefixes).toEqual(['185.0.1.0/24', '2a0b:4340:1000::/48']);
  });

  it('turns asSets ["AS-GOOGLE"] into a pending request; the refresh keeps the filter as it was', async () => {
    const res = await t.http
      .patch(`/api/v1/members/${MEMBER_A}`)
      .set(...bearer(t.users.adminA))
      .send({ asSets: ['AS-GOOGLE'] })
      .expect(202);
    expect(res.body).toMatchObject({ state: 'pending', proposedValue: { asSets: ['AS-GOOGLE'] } });
    // Adding instead of replacing, or naming the ASN directly, is no way around it.
    for (const asSets of [['AS-EXAMPLE-A', 'AS-GOOGLE'], ['AS-EXAMPLE-A', 'AS15169'], ['TEST::AS-GOOGLE']]) {
      await t.http
        .post('/api/v1/member-requests')
        .set(...bearer(t.users.adminA))
        .send({ memberAsn: MEMBER_A, asSets })
        .expect(409);
      await t.http
        .patch(`/api/v1/members/${MEMBER_A}`)
        .set(...bearer(t.users.adminA))
        .send({ asSets })
        .expect(409);
    }
    await refresh();
    const filter = await filterOfA();
    expect(filter.asns).not.toContain(15169);
    expect(filter.prefixes).not.toContain('8.8.8.0/24');
    expect(filter.prefixes).toEqual(['185.0.1.0/24', '2a0b:4340:1000::/48']);
  });

  it('keeps the filter after staff decline, and widens it only once staff approve', async () => {
    const [pending] = await t.db.dataSource.query<{ id: number }[]>(
      `SELECT id FROM member_request WHERE state = 'pending'`,
    );
    await t.http
      .post(`/api/v1/member-requests/${pending!.id}/decline`)
      .set(...bearer(t.users.admin))
      .send({ reason: 'AS15169 is not in your customer cone' })
      .expect(200);
    await refresh();
    expect((await filterOfA()).prefixes).not.toContain('8.8.8.0/24');

    const again = await t.http
      .patch(`/api/v1/members/${MEMBER_A}`)
      .set(...bearer(t.users.adminA))
      .send({ asSets: ['AS-EXAMPLE-A', 'AS-GOOGLE'] })
      .expect(202);
    await t.http
      .post(`/api/v1/member-requests/${again.body.id as number}/approve`)
      .set(...bearer(t.users.admin))
      .send({})
      .expect(200);
    await refresh();
    const filter = await filterOfA();
    expect(filter.asns).toEqual([15169, MEMBER_A].sort((x, y) => x - y));
    expect(filter.prefixes).toContain('8.8.8.0/24');
  });
});
