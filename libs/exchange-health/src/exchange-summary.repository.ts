import type { DataSource, EntityManager } from 'typeorm';
import type { ExchangeDailySummary, ManrsAction } from './exchange-summary.types.js';

interface SummaryRow {
  ixp_id: number;
  day: string;
  computed_at: Date;
  members: number;
  route_server_participants: number;
  participants_with_ipv6: number;
  routes_received: number;
  rpki_valid: number;
  rpki_unknown: number;
  rpki_invalid: number;
  irr_covered: number;
  route_servers: number;
  route_servers_read: number;
  manrs: ManrsAction[];
}

const COLUMNS = `ixp_id, to_char(day, 'YYYY-MM-DD') AS day, computed_at, members, route_server_participants,
  participants_with_ipv6, routes_received, rpki_valid, rpki_unknown, rpki_invalid, irr_covered,
  route_servers, route_servers_read, manrs`;

function toSummary(row: SummaryRow): ExchangeDailySummary {
  return {
    ixpId: row.ixp_id,
    day: row.day,
    computedAt: row.computed_at,
    figures: {
      members: row.members,
      routeServerParticipants: row.route_server_participants,
      participantsWithIpv6: row.participants_with_ipv6,
      routesReceived: row.routes_received,
      rpki: { valid: row.rpki_valid, unknown: row.rpki_unknown, invalid: row.rpki_invalid },
      irrCovered: row.irr_covered,
      routeServers: row.route_servers,
      routeServersRead: row.route_servers_read,
    },
    manrs: row.manrs,
  };
}

/** `exchange_daily_summary`: one row per exchange and UTC day, written again when recomputed that day. */
export class ExchangeSummaryRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  async upsert(summary: ExchangeDailySummary): Promise<void> {
    const f = summary.figures;
    await this.db.query(
      `INSERT INTO exchange_daily_summary (ixp_id, day, computed_at, members, route_server_participants,
         participants_with_ipv6, routes_received, rpki_valid, rpki_unknown, rpki_invalid, irr_covered,
         route_servers, route_servers_read, manrs)
       VALUES ($1, $2::date, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb)
       ON CONFLICT (ixp_id, day) DO UPDATE SET computed_at = EXCLUDED.computed_at, members = EXCLUDED.members,
         route_server_participants = EXCLUDED.route_server_participants,
         participants_with_ipv6 = EXCLUDED.participants_with_ipv6, routes_received = EXCLUDED.routes_received,
         rpki_valid = EXCLUDED.rpki_valid, rpki_unknown = EXCLUDED.rpki_unknown,
         rpki_invalid = EXCLUDED.rpki_invalid, irr_covered = EXCLUDED.irr_covered,
         route_servers = EXCLUDED.route_servers, route_servers_read = EXCLUDED.route_servers_read,
         manrs = EXCLUDED.manrs`,
      [
        summary.ixpId,
        summary.day,
        summary.computedAt,
        f.members,
        f.routeServerParticipants,
        f.participantsWithIpv6,
        f.routesReceived,
        f.rpki.valid,
        f.rpki.unknown,
        f.rpki.invalid,
        f.irrCovered,
        f.routeServers,
        f.routeServersRead,
        JSON.stringify(summary.manrs),
      ],
    );
  }

  /** The exchange's rows from `fromDay` to `toDay` (inclusive, `YYYY-MM-DD`), oldest first. */
  async history(ixpId: number, fromDay: string, toDay: string): Promise<ExchangeDailySummary[]> {
    const rows = await this.db.query<SummaryRow[]>(
      `SELECT ${COLUMNS} FROM exchange_daily_summary
        WHERE ixp_id = $1 AND day BETWEEN $2::date AND $3::date ORDER BY day`,
      [ixpId, fromDay, toDay],
    );
    return rows.map(toSummary);
  }

  async onDay(ixpId: number, day: string): Promise<ExchangeDailySummary | undefined> {
    const [row] = await this.db.query<SummaryRow[]>(
      `SELECT ${COLUMNS} FROM exchange_daily_summary WHERE ixp_id = $1 AND day = $2::date`,
      [ixpId, day],
    );
    return row ? toSummary(row) : undefined;
  }
}
