import { loadConfig } from '@ixora/config';
import { cliActor, IxfImporter, RouteServerService } from '@ixora/domain';
import { RecordedReader } from '@ixora/looking-glass';
import {
  buildIxfExport,
  createTestDatabase,
  LAB_BOGON_ASN_REASON,
  TestClock,
  type TestDatabase,
} from '@ixora/testing';
import { ExchangeSummaryService } from './exchange-summary.service.js';

// The daily summary against real PostgreSQL: a four-member exchange whose route server answers
// with BIRD 2.0.12 recordings (members AS65001 and AS65002), VRPs and IRR prefix sets in the
// database, and a clock the test moves from one UTC day to the next.

describe('ExchangeSummaryService (PostgreSQL)', () => {
  let db: TestDatabase;
  let clock: TestClock;
  let service: ExchangeSummaryService;
  let reader: RecordedReader;

  const rowCount = async (): Promise<number> => {
    const [row] = await db.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM exchange_daily_summary`,
    );
    return row?.n ?? -1;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    const operator = cliActor('test');
    await new IxfImporter(db.dataSource).import(operator, JSON.stringify(buildIxfExport({ members: 4 })), {
      allowBogonAsn: LAB_BOGON_ASN_REASON,
    });
    await new RouteServerService(db.dataSource).add(operator, {
      name: 'rs1',
      asn: 65000,
      routerId: '192.0.2.1',
      ipv4Address: '192.0.2.1',
      ipv6Address: '2001:db8::1',
    });
    // The recorded route server's peers are AS65001 and AS65002.
    const q = (sql: string, params: unknown[] = []) => db.dataSource.query(sql, params);
    await q(`UPDATE member SET asn = 65001 WHERE asn = 64496`);
    await q(`UPDATE member SET asn = 65002 WHERE asn = 64497`);
    await q(`UPDATE member SET is_hidden_from_public = true WHERE asn = 64498`);
    const [snapshot] = await q(
      `INSERT INTO rpki_snapshot (source, format, vrp_count, is_current) VALUES ('test', 'rpki-client', 1, true) RETURNING id`,
    );
    await q(
      `INSERT INTO vrp (snapshot_id, prefix, max_length, asn, trust_anchor) VALUES ($1, '10.1.0.0/16', 24, 65001, 'ripe')`,
      [(snapshot as { id: number }).id],
    );
    await q(
      `INSERT INTO prefix_set (member_id, family, prefixes, status, fetched_at)
       SELECT id, 4, $2::cidr[], 'ok', now() FROM member WHERE asn = $1`,
      [65001, ['10.1.0.0/24', '10.1.1.0/24', '10.1.3.0/24']],
    );
    await q(
      `INSERT INTO prefix_set (member_id, family, prefixes, status, fetched_at)
       SELECT id, 4, $2::cidr[], 'ok', now() FROM member WHERE asn = $1`,
      [65002, ['10.2.0.0/24']],
    );
    clock = new TestClock(new Date('2031-03-14T23:50:00Z'));
    reader = new RecordedReader();
    service = new ExchangeSummaryService(db.dataSource, loadConfig({ DATABASE_URL: db.url }), {
      clock,
      createReader: () => reader,
    });
  });

  afterAll(async () => {
    await service?.stop();
    await db?.drop();
  });

  it('computes the figures from members, sessions, the route server, VRPs and prefix sets', async () => {
    const [summary] = await service.computeAndStore();
    expect(summary).toMatchObject({ shortname: expect.any(String), day: '2031-03-14' });
    expect(summary?.figures).toEqual({
      members: 3,
      routeServerParticipants: 2,
      participantsWithIpv6: 2,
      // 8 accepted and 2 filtered, 10.1.0.0/24 from both members
      routesReceived: 10,
      // 10.1.5.0/24 (origin AS64999), 10.1.0.0/24 from AS65002 and the /25 are invalid; 10.2/16 and 10.255/16 unknown
      rpki: { valid: 4, unknown: 3, invalid: 3 },
      irrCovered: 4,
      routeServers: 1,
      routeServersRead: 1,
    });
    expect(summary?.manrs.map((a) => a.status)).toEqual(['met', 'unknown', 'met', 'met', 'met']);
    const stored = await service.summaries.onDay(summary!.ixpId, '2031-03-14');
    expect(stored).toEqual({
      ixpId: summary!.ixpId,
      day: summary!.day,
      computedAt: summary!.computedAt,
      figures: summary!.figures,
      manrs: summary!.manrs,
    });
  });

  it('keeps one row per exchange and UTC day: twice the same day is one row, the next day a second', async () => {
    await db.dataSource.query(`DELETE FROM exchange_daily_summary`);
    expect(await service.isDue()).toBe(true);
    expect(await service.runIfDue()).toHaveLength(1);
    expect(await rowCount()).toBe(1);

    // Later the same UTC day: nothing is due, and computing anyway updates the same row.
    clock.advance(5 * 60_000);
    expect(await service.isDue()).toBe(false);
    expect(await service.runIfDue()).toEqual([]);
    await service.computeAndStore();
    expect(await rowCount()).toBe(1);

    // 23:55 UTC on the 14th, then past midnight UTC: the 15th's row.
    clock.advance(10 * 60_000);
    expect(await service.isDue()).toBe(true);
    const [next] = await service.runIfDue();
    expect(next?.day).toBe('2031-03-15');
    expect(await rowCount()).toBe(2);
    const days = await db.dataSource.query<{ day: string }[]>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day FROM exchange_daily_summary ORDER BY day`,
    );
    expect(days.map((d) => d.day)).toEqual(['2031-03-14', '2031-03-15']);
  });

  it('the worker loop stores the day once, and computes a day that missed a route server again an hour later', async () => {
    await db.dataSource.query(`DELETE FROM exchange_daily_summary`);
    clock.set(new Date('2031-04-01T06:00:00Z'));
    reader.isDown = true;
    service.start(20);
    await waitFor(async () => (await rowCount()) === 1);
    await service.stop();
    const [first] = await service.report().then((r) => r.exchanges);
    expect(first?.latest?.figures).toMatchObject({
      route_servers: 1,
      route_servers_read: 0,
      routes_received: 0,
    });

    reader.isDown = false;
    clock.advance(30 * 60_000);
    expect(await service.isDue()).toBe(false);
    clock.advance(30 * 60_000);
    expect(await service.isDue()).toBe(true);
    await service.runIfDue();
    expect(await rowCount()).toBe(1);
    const [second] = await service.report().then((r) => r.exchanges);
    expect(second?.latest).toMatchObject({ day: '2031-04-01', computed_at: '2031-04-01T07:00:00.000Z' });
    expect(second?.latest?.figures).toMatchObject({ route_servers_read: 1, routes_received: 10 });
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
