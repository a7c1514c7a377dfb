import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IXORA_CLOCK, systemClock, type Clock } from '@ixora/config';
import { requireAdmin, type Actor, type MemberStatus, type Page, type PageRequest } from '@ixora/domain';

/** A session at or above this share of its max-prefix limit counts as near it (as the alerts say). */
export const NEAR_MAX_PREFIX_RATIO = 0.8;

/** One member in the staff console's list, with what its filters look at. */
export interface MemberOverviewRow {
  readonly asn: number;
  readonly name: string;
  readonly status: MemberStatus;
  /** It has an interface marked route-server client with an enabled session. */
  readonly isRouteServerClient: boolean;
  /** `ok`, `stale`, `failed`, `empty` (the worst of its families), or `missing` (never expanded). */
  readonly irrStatus: string;
  readonly irrFetchedAt: Date | null;
  /** Stale, failed, never expanded, or older than the alerts' threshold. */
  readonly isIrrStale: boolean;
  /** IRR prefixes that are RPKI invalid for every origin of its expansion. */
  readonly rpkiInvalid: number;
  /** Its highest routes/max-prefix share over the route servers' sessions; null when unknown. */
  readonly maxPrefixRatio: number | null;
}

export interface MemberOverviewFilter {
  readonly status?: MemberStatus;
  readonly isRouteServerClient?: boolean;
  readonly isIrrStale?: boolean;
  readonly hasRpkiInvalid?: boolean;
  readonly isNearMaxPrefix?: boolean;
}

const IRR_WORST = ['missing', 'failed', 'empty', 'stale', 'ok'];

/**
 * The staff console's members list: every member with the facts its filters need, from
 * PostgreSQL (IRR status and age, RPKI-invalid IRR prefixes) and the looking glass (routes
 * against max-prefix, passed in). Filtered, then paged.
 */
@Injectable()
export class MemberOverviewService {
  constructor(
    private readonly dataSource: DataSource,
    @Optional() @Inject(IXORA_CLOCK) private readonly clock: Clock = systemClock,
  ) {}

  async list(
    actor: Actor,
    filter: MemberOverviewFilter,
    page: PageRequest,
    options: { staleIrrHours: number; maxPrefixRatios?: ReadonlyMap<number, number> },
  ): Promise<Page<MemberOverviewRow>> {
    requireAdmin(actor);
    const rows = await this.dataSource.query<
      {
        id: number;
        asn: string;
        name: string;
        status: MemberStatus;
        is_rs_client: boolean;
        statuses: string[] | null;
        fetched_at: Date | null;
      }[]
    >(
      `SELECT m.id, m.asn::text AS asn, m.name, m.status,
              EXISTS (SELECT 1 FROM member_interface i
                        JOIN route_server_session s ON s.member_interface_id = i.id AND s.is_enabled
                       WHERE i.member_id = m.id AND i.is_route_server_client) AS is_rs_client,
              (SELECT array_agg(ps.status ORDER BY ps.family) FROM prefix_set ps WHERE ps.member_id = m.id) AS statuses,
              (SELECT min(ps.fetched_at) FROM prefix_set ps WHERE ps.member_id = m.id) AS fetched_at
         FROM member m
        ORDER BY m.asn`,
    );
    const invalid = new Map(
      (
        await this.dataSource.query<{ member_id: number; invalid: number }[]>(
          `WITH cur AS (SELECT id FROM rpki_snapshot WHERE is_current),
                p AS (SELECT ps.member_id, unnest(ps.prefixes) AS prefix,
                             CASE WHEN cardinality(ps.asns) > 0 THEN ps.asns ELSE ARRAY[m.asn] END AS origins
                        FROM prefix_set ps JOIN member m ON m.id = ps.member_id
                       WHERE ps.status <> 'failed')
           SELECT p.member_id, count(*)::int AS invalid
             FROM p
            WHERE EXISTS (SELECT 1 FROM vrp v JOIN cur ON cur.id = v.snapshot_id WHERE v.prefix >>= p.prefix)
              AND NOT EXISTS (SELECT 1 FROM vrp v JOIN cur ON cur.id = v.snapshot_id
                               WHERE v.prefix >>= p.prefix AND v.asn <> 0 AND v.asn = ANY (p.origins)
                                 AND masklen(p.prefix) <= v.max_length)
            GROUP BY p.member_id`,
        )
      ).map((row) => [row.member_id, row.invalid]),
    );
    const oldest = this.clock.now().getTime() - options.staleIrrHours * 3_600_000;
    const all: MemberOverviewRow[] = rows.map((row) => {
      const asn = Number(row.asn);
      const statuses = row.statuses ?? [];
      const irrStatus =
        statuses.length < 2 ? 'missing' : (IRR_WORST.find((s) => statuses.includes(s)) ?? statuses[0]!);
      return {
        asn,
        name: row.name,
        status: row.status,
        isRouteServerClient: row.is_rs_client,
        irrStatus,
        irrFetchedAt: row.fetched_at,
        isIrrStale:
          ['missing', 'failed', 'stale'].includes(irrStatus) ||
          (row.fetched_at !== null && row.fetched_at.getTime() < oldest),
        rpkiInvalid: invalid.get(row.id) ?? 0,
        maxPrefixRatio: options.maxPrefixRatios?.get(asn) ?? null,
      };
    });
    const selected = all.filter(
      (m) =>
        (filter.status === undefined || m.status === filter.status) &&
        (filter.isRouteServerClient === undefined || m.isRouteServerClient === filter.isRouteServerClient) &&
        (filter.isIrrStale === undefined || m.isIrrStale === filter.isIrrStale) &&
        (filter.hasRpkiInvalid === undefined || m.rpkiInvalid > 0 === filter.hasRpkiInvalid) &&
        (filter.isNearMaxPrefix === undefined ||
          (m.maxPrefixRatio !== null && m.maxPrefixRatio >= NEAR_MAX_PREFIX_RATIO) ===
            filter.isNearMaxPrefix),
    );
    return {
      items: selected.slice(page.offset, page.offset + page.limit),
      total: selected.length,
      ...page,
    };
  }
}
