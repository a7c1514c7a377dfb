import type { ExchangeDailySummary, ManrsAction } from './exchange-summary.types.js';
import { utcDayBefore } from './utc-day.js';

/** Days of daily history in the report, and months of monthly history. */
export const REPORT_DAYS = 90;
export const REPORT_MONTHS = 12;

/** One day's figures in the public report (the names of the JSON answer). */
export interface ExchangeReportPoint {
  readonly day: string;
  readonly members: number;
  readonly route_server_participants: number;
  readonly participants_with_ipv6: number;
  readonly routes_received: number;
  readonly rpki_valid: number;
  readonly rpki_unknown: number;
  readonly rpki_invalid: number;
  readonly irr_covered: number;
}

/** Shares 0..1 of the latest day; null when there is nothing to divide by. */
export interface ExchangeReportShares {
  /** Members with an IPv6 route-server session, of all members. */
  readonly members_with_ipv6: number | null;
  readonly rpki_valid: number | null;
  readonly rpki_unknown: number | null;
  readonly rpki_invalid: number | null;
  /** Received routes covered by the announcing member's IRR route objects. */
  readonly irr_covered: number | null;
}

export interface ExchangeReportEntry {
  readonly shortname: string;
  readonly name: string | null;
  readonly country: string | null;
  readonly url: string | null;
  /** The latest day with figures, null before the first. */
  readonly latest: {
    readonly day: string;
    readonly computed_at: string;
    readonly figures: ExchangeReportPoint & {
      readonly route_servers: number;
      readonly route_servers_read: number;
    };
    readonly shares: ExchangeReportShares;
    readonly manrs: readonly ManrsAction[];
  } | null;
  /** The last `REPORT_DAYS` days with figures, oldest first. */
  readonly daily: readonly ExchangeReportPoint[];
  /** The last day with figures of each of the last `REPORT_MONTHS` months, oldest first. */
  readonly monthly: readonly ExchangeReportPoint[];
}

export interface ExchangeReport {
  /** Today (UTC) as the server sees it. */
  readonly today: string;
  readonly exchanges: readonly ExchangeReportEntry[];
}

export interface ReportedIxp {
  readonly shortname: string;
  readonly name: string | null;
  readonly country: string | null;
  readonly url: string | null;
}

function point(summary: ExchangeDailySummary): ExchangeReportPoint {
  const f = summary.figures;
  return {
    day: summary.day,
    members: f.members,
    route_server_participants: f.routeServerParticipants,
    participants_with_ipv6: f.participantsWithIpv6,
    routes_received: f.routesReceived,
    rpki_valid: f.rpki.valid,
    rpki_unknown: f.rpki.unknown,
    rpki_invalid: f.rpki.invalid,
    irr_covered: f.irrCovered,
  };
}

const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/**
 * An exchange's public report from its daily rows (any order, at most a year): the latest figures
 * with their shares and MANRS actions, the last 90 days and the last row of each of 12 months.
 */
export function exchangeReportEntry(
  ixp: ReportedIxp,
  rows: readonly ExchangeDailySummary[],
  today: string,
): ExchangeReportEntry {
  const sorted = [...rows].sort((a, b) => a.day.localeCompare(b.day));
  const last = sorted.at(-1);
  const fromDay = utcDayBefore(today, REPORT_DAYS - 1);
  const byMonth = new Map<string, ExchangeDailySummary>();
  for (const row of sorted) byMonth.set(row.day.slice(0, 7), row);
  const monthly = [...byMonth.values()].slice(-REPORT_MONTHS).map(point);
  return {
    shortname: ixp.shortname,
    name: ixp.name,
    country: ixp.country,
    url: ixp.url,
    latest: last
      ? {
          day: last.day,
          computed_at: last.computedAt.toISOString(),
          figures: {
            ...point(last),
            route_servers: last.figures.routeServers,
            route_servers_read: last.figures.routeServersRead,
          },
          shares: {
            members_with_ipv6: share(last.figures.participantsWithIpv6, last.figures.members),
            rpki_valid: share(last.figures.rpki.valid, last.figures.routesReceived),
            rpki_unknown: share(last.figures.rpki.unknown, last.figures.routesReceived),
            rpki_invalid: share(last.figures.rpki.invalid, last.figures.routesReceived),
            irr_covered: share(last.figures.irrCovered, last.figures.routesReceived),
          },
          manrs: last.manrs,
        }
      : null,
    daily: sorted.filter((row) => row.day >= fromDay && row.day <= today).map(point),
    monthly,
  };
}
