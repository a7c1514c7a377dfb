import { ExchangeSummaryService, utcDayBefore, type ExchangeDailySummary } from '@ixora/exchange-health';
import type { ApiTestApp } from '../testing/api-test.app.js';

/** The test app's hidden member: its name must appear nowhere on /exchange. */
export const HIDDEN_MEMBER_ASN = 64498;

/**
 * Seeds `/exchange`: the recorded route server's peers become members AS65001/AS65002, one member
 * is hidden from the public, a VRP and prefix sets are stored, today's row is computed through the
 * service (reading BIRD's recordings on `socketPath`) and the 400 days before get rows of their own.
 */
export async function seedExchangeFigures(
  api: ApiTestApp,
  socketPath: string,
): Promise<ExchangeDailySummary> {
  const q = (sql: string, params: unknown[] = []) => api.db.dataSource.query(sql, params);
  await q(`UPDATE route_server SET socket_path = $1, asn = 65000 WHERE name = 'rs1'`, [socketPath]);
  await q(`UPDATE member SET asn = 65001 WHERE asn = 64496`);
  await q(`UPDATE member SET asn = 65002 WHERE asn = 64497`);
  await q(`UPDATE member SET is_hidden_from_public = true, name = 'Secret Hidden Network' WHERE asn = $1`, [
    HIDDEN_MEMBER_ASN,
  ]);
  const [snapshot] = (await q(
    `INSERT INTO rpki_snapshot (source, format, vrp_count, is_current) VALUES ('test', 'rpki-client', 1, true) RETURNING id`,
  )) as { id: number }[];
  await q(
    `INSERT INTO vrp (snapshot_id, prefix, max_length, asn, trust_anchor) VALUES ($1, '10.1.0.0/16', 24, 65001, 'ripe')`,
    [snapshot!.id],
  );
  await q(
    `INSERT INTO prefix_set (member_id, family, prefixes, status, fetched_at)
     SELECT id, 4, '{10.1.0.0/24,10.1.1.0/24,10.1.3.0/24}'::cidr[], 'ok', now() FROM member WHERE asn = 65001`,
  );
  const service = api.app.get(ExchangeSummaryService);
  const [today] = await service.computeAndStore();
  for (let days = 1; days <= 400; days += 1) {
    const members = Math.max(1, today!.figures.members - Math.floor(days / 60));
    await service.summaries.upsert({
      ...today!,
      day: utcDayBefore(today!.day, days),
      computedAt: new Date(Date.parse(`${utcDayBefore(today!.day, days)}T02:00:00Z`)),
      figures: { ...today!.figures, members, routeServerParticipants: Math.max(0, members - 1) },
    });
  }
  return today!;
}
