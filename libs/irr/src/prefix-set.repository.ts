import type { EntityManager } from 'typeorm';
import type { MemberPrefixSets, PrefixSet, PrefixSetStatus } from './prefix-set.refresher.js';

/** The stored status: an `ok` fetch without a single prefix is `empty` (the IRR step accepts nothing). */
type StoredStatus = 'ok' | 'stale' | 'empty' | 'failed';

interface PrefixSetRow {
  family: number;
  as_sets: string[];
  asns: string[];
  prefixes: string[];
  aggregated: string[];
  source: string | null;
  fetched_at: Date | null;
  attempted_at: Date | null;
  status: StoredStatus;
  error: string | null;
  warnings: string[];
}

/**
 * The `prefix_set` table (one row per member and family). Large sets go in one statement each,
 * arrays as parameters; a stale update touches only the status columns, so the last good data
 * is never rewritten (nor lost) when a fetch fails.
 */
export class PrefixSetRepository {
  constructor(private readonly tx: EntityManager) {}

  async load(memberId: number, asn: number): Promise<MemberPrefixSets | undefined> {
    const rows = await this.tx.query<PrefixSetRow[]>(
      `SELECT family, as_sets, asns::text[] AS asns, prefixes::text[] AS prefixes, aggregated, source,
              fetched_at, attempted_at, status, error, warnings
         FROM prefix_set WHERE member_id = $1`,
      [memberId],
    );
    const v4 = rows.find((row) => Number(row.family) === 4);
    const v6 = rows.find((row) => Number(row.family) === 6);
    if (!v4 || !v6) return undefined;
    return { v4: fromRow(v4, asn, 4), v6: fromRow(v6, asn, 6) };
  }

  /** Both families; the caller's transaction makes them one change (ADR 0011). */
  async save(memberId: number, sets: MemberPrefixSets): Promise<void> {
    for (const set of [sets.v4, sets.v6]) await saveOne(this.tx, memberId, set);
  }
}

async function saveOne(tx: EntityManager, memberId: number, set: PrefixSet): Promise<void> {
  if (set.status === 'stale') {
    await tx.query(
      `UPDATE prefix_set SET status = 'stale', attempted_at = $3, error = $4 WHERE member_id = $1 AND family = $2`,
      [memberId, set.family, set.checkedAt, set.error],
    );
    return;
  }
  const status: StoredStatus = set.status === 'ok' && set.prefixes.length === 0 ? 'empty' : set.status;
  await tx.query(
    `INSERT INTO prefix_set (member_id, family, as_sets, asns, prefixes, aggregated, source, fetched_at, attempted_at, status, error, warnings)
     VALUES ($1, $2, $3::text[], $4::bigint[], $5::cidr[], $6::text[], $7, $8, $9, $10, $11, $12::text[])
     ON CONFLICT (member_id, family) DO UPDATE SET
       as_sets = EXCLUDED.as_sets, asns = EXCLUDED.asns, prefixes = EXCLUDED.prefixes,
       aggregated = EXCLUDED.aggregated, source = EXCLUDED.source, fetched_at = EXCLUDED.fetched_at,
       attempted_at = EXCLUDED.attempted_at, status = EXCLUDED.status, error = EXCLUDED.error,
       warnings = EXCLUDED.warnings`,
    [
      memberId,
      set.family,
      set.asSets,
      set.asns.map(String),
      set.prefixes,
      set.aggregated,
      set.sources.length > 0 ? set.sources.join(',') : null,
      set.fetchedAt,
      set.checkedAt,
      status,
      set.error,
      // What the expansion warned about stays with its data; a failed set's warning follows from its status.
      set.status === 'ok' ? set.warnings : [],
    ],
  );
}

function fromRow(row: PrefixSetRow, asn: number, family: 4 | 6): PrefixSet {
  const status: PrefixSetStatus = row.status === 'empty' ? 'ok' : row.status;
  return {
    asn,
    family,
    asSets: row.as_sets,
    asns: row.asns.map(Number),
    prefixes: row.prefixes,
    aggregated: row.aggregated,
    sources: row.source ? row.source.split(',') : [],
    fetchedAt: row.fetched_at,
    checkedAt: row.attempted_at ?? row.fetched_at ?? new Date(0),
    status,
    error: row.error,
    warnings: [
      ...new Set([...warningsFor(status, row.prefixes.length, asn, row.error), ...(row.warnings ?? [])]),
    ],
  };
}

/** What `ixora irr show` and the refresh report say about a stored set. */
export function warningsFor(
  status: PrefixSetStatus,
  prefixCount: number,
  asn: number,
  error: string | null,
): string[] {
  if (status === 'failed') {
    return [
      `no IRR data for AS${asn} yet (${error ?? 'fetch failed'}); the IRR check accepts none of its routes`,
    ];
  }
  if (status === 'stale')
    return [`stale: the last refresh failed (${error ?? 'unknown error'}); keeping the last good data`];
  if (prefixCount === 0)
    return ['no route objects: the IRR check accepts none of its routes for this family'];
  return [];
}
