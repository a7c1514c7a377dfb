import type { DataSource } from 'typeorm';
import { withRunRecord } from '@ixora/domain';
import { isIxoraError } from '@ixora/errors';
import type { PeeringDbClient, PeeringDbRetryEvent } from './peeringdb.client.js';
import { PeeringDbMirrorRepository } from './peeringdb-mirror.repository.js';
import {
  PEERINGDB_OBJECT_TYPES,
  type PeeringDbObjects,
  type PeeringDbObjectType,
} from './peeringdb.schemas.js';

export const PEERINGDB_SYNC_RUN_KIND = 'peeringdb_sync';

export interface PeeringDbTypeCounts {
  fetched: number;
  created: number;
  updated: number;
  deleted: number;
}

export interface PeeringDbSyncProgress {
  readonly objectType: PeeringDbObjectType;
  readonly phase: 'fetching' | 'storing' | 'done' | 'failed';
  /** Position of `objectType` among the types of this run (0-based) and their number. */
  readonly typeIndex: number;
  readonly typeCount: number;
  readonly fetched: number;
  readonly mode: 'full' | 'incremental';
  readonly counts?: PeeringDbTypeCounts;
}

export interface PeeringDbSyncOptions {
  /** Fetch every object and delete what PeeringDB no longer lists; default incremental (`since`). */
  readonly full?: boolean;
  readonly types?: readonly PeeringDbObjectType[];
  /** Page size for limit/skip; default one request per type. */
  readonly pageSize?: number;
  readonly onProgress?: (progress: PeeringDbSyncProgress) => void;
  /**
   * A type whose last full sync is older than this is synced in full again (default 30 days):
   * PeeringDB does not keep deleted objects for `since` answers forever, so only a full sync is
   * sure to notice every deletion.
   */
  readonly fullSyncEveryDays?: number;
  readonly now?: () => Date;
}

/** An object type that failed after its retries; its mirror rows stay as they were. */
export interface PeeringDbTypeFailure {
  readonly objectType: PeeringDbObjectType;
  readonly error: string;
}

export interface PeeringDbSyncResult {
  readonly runId: string;
  /** `partial`: some types failed (see `failures`) and keep their last good rows; the others synced. */
  readonly status: 'succeeded' | 'partial';
  readonly failures: readonly PeeringDbTypeFailure[];
  readonly counts: Readonly<
    Partial<Record<PeeringDbObjectType, PeeringDbTypeCounts & { mode: 'full' | 'incremental' }>>
  >;
  readonly totals: PeeringDbTypeCounts;
  /** Retries the client made (5xx, 429, network errors): reported, and in the run record. */
  readonly retries: readonly PeeringDbRetryEvent[];
}

/**
 * Mirrors PeeringDB into the `peeringdb_*` tables, one type after the other in dependency order,
 * each in its own transaction, so a failure leaves every type either fully synced or as it was.
 * A type never synced before, or not in full for `fullSyncEveryDays`, is fetched in full; else
 * `since` asks only for what changed, deleted objects included. A type that fails (after the
 * client's retries) keeps its last good rows and is recorded in `peeringdb_sync_failure`; the
 * other types still sync and the run ends `partial`. Writes a run record with the counts (created,
 * updated, deleted) and the errors; when every type failed the run is `failed` and the first error
 * is rethrown.
 */
export async function syncPeeringDb(
  dataSource: DataSource,
  client: PeeringDbClient,
  options: PeeringDbSyncOptions = {},
): Promise<PeeringDbSyncResult> {
  const now = options.now ?? (() => new Date());
  const types = PEERINGDB_OBJECT_TYPES.filter((type) => !options.types || options.types.includes(type));
  const retries: PeeringDbRetryEvent[] = [];
  const stopListening = client.addRetryListener((event) => retries.push(event));
  const counts: Partial<Record<PeeringDbObjectType, PeeringDbTypeCounts & { mode: 'full' | 'incremental' }>> =
    {};
  const totals: PeeringDbTypeCounts = { fetched: 0, created: 0, updated: 0, deleted: 0 };
  const runCounts = (): Record<string, number> => {
    const flat: Record<string, number> = { ...totals, retries: retries.length };
    flat.rate_limited = retries.filter((r) => r.reason === 429).length;
    for (const [type, c] of Object.entries(counts)) {
      flat[`${type}_created`] = c.created;
      flat[`${type}_updated`] = c.updated;
      flat[`${type}_deleted`] = c.deleted;
    }
    return flat;
  };

  try {
    return await withRunRecord(
      dataSource,
      PEERINGDB_SYNC_RUN_KIND,
      async (run) => {
        try {
          const states = await new PeeringDbMirrorRepository(dataSource.manager).syncStates();
          const plans = types.map((type, typeIndex) => {
            const state = states.get(type);
            const lastUpdated = state?.lastUpdated ?? null;
            const fullDue =
              !state?.lastFullSyncAt ||
              now().getTime() - state.lastFullSyncAt.getTime() >
                (options.fullSyncEveryDays ?? 30) * 86_400_000;
            const mode: 'full' | 'incremental' =
              options.full || lastUpdated === null || fullDue ? 'full' : 'incremental';
            const report = (
              phase: PeeringDbSyncProgress['phase'],
              fetched: number,
              c?: PeeringDbTypeCounts,
            ): void =>
              options.onProgress?.({
                objectType: type,
                phase,
                typeIndex,
                typeCount: types.length,
                fetched,
                mode,
                counts: c,
              });
            // `since` is inclusive to the second: objects changed in the same second are fetched again
            // rather than missed, and the upsert ignores those that did not change.
            const since =
              mode === 'incremental' && lastUpdated ? Math.floor(lastUpdated.getTime() / 1000) : undefined;
            const fetch = async () => {
              report('fetching', 0);
              const rows = await client.listAll(type, since === undefined ? {} : { since }, {
                pageSize: options.pageSize,
                onPage: (n) => report('fetching', n),
              });
              return dedupeById(rows);
            };
            return { type, mode, report, fetch };
          });
          // Network and database work overlap; storing stays strictly in dependency order, one
          // transaction per type.
          const failures: PeeringDbTypeFailure[] = [];
          const mirror = new PeeringDbMirrorRepository(dataSource.manager);
          let firstError: unknown;
          const fail = async (plan: (typeof plans)[number], error: unknown): Promise<void> => {
            firstError ??= error;
            const message = error instanceof Error ? error.message : String(error);
            failures.push({ objectType: plan.type, error: message });
            await mirror.saveSyncFailure(plan.type, { runId: run.id, at: now(), error: message });
            plan.report('failed', 0);
          };
          let nextFetch: Promise<PeeringDbObjects[PeeringDbObjectType][]> | undefined = plans[0]?.fetch();
          for (const [index, plan] of plans.entries()) {
            const outcome = await nextFetch!.then(
              (rows) => ({ rows }),
              (error: unknown) => ({ error }),
            );
            // The next type is fetched while this one is stored (or its failure recorded). Awaited in the
            // next round; the catch only keeps an early rejection from counting as unhandled.
            nextFetch = plans[index + 1]?.fetch();
            nextFetch?.catch(() => undefined);
            if ('error' in outcome) {
              await fail(plan, outcome.error);
              continue;
            }
            const fetched = outcome.rows;
            plan.report('storing', fetched.length);
            let typeCounts: PeeringDbTypeCounts;
            try {
              typeCounts = await storeType(dataSource, plan.type, fetched, plan.mode, now());
            } catch (error) {
              await fail(plan, error);
              continue;
            }
            counts[plan.type] = { ...typeCounts, mode: plan.mode };
            totals.fetched += typeCounts.fetched;
            totals.created += typeCounts.created;
            totals.updated += typeCounts.updated;
            totals.deleted += typeCounts.deleted;
            plan.report('done', fetched.length, typeCounts);
          }
          if (failures.length > 0 && failures.length === plans.length) throw firstError;
          const status: PeeringDbSyncResult['status'] = failures.length === 0 ? 'succeeded' : 'partial';
          return { runId: run.id, status, failures, counts, totals, retries };
        } catch (error) {
          if (isIxoraError(error)) Object.assign(error.details, { runId: run.id });
          throw error;
        }
      },
      {
        clock: { now },
        outcome: (result) => ({
          counts: { ...runCounts(), failed_types: result.failures.length },
          status: result.status,
          error: result.failures.length === 0 ? null : describeFailures(result.failures),
        }),
        failedCounts: runCounts,
      },
    );
  } finally {
    stopListening();
  }
}

async function storeType<T extends PeeringDbObjectType>(
  dataSource: DataSource,
  type: T,
  objects: PeeringDbObjects[T][],
  mode: 'full' | 'incremental',
  at: Date,
): Promise<PeeringDbTypeCounts> {
  return dataSource.transaction(async (manager) => {
    const repository = new PeeringDbMirrorRepository(manager);
    // Two syncs at once (a worker and `ixora peeringdb sync`) take turns per type.
    await repository.lockType(type);
    const live = objects.filter((o) => o.status !== 'deleted');
    const { created, updated } = await repository.upsert(type, live);
    const deleted =
      mode === 'full'
        ? await repository.deleteAllExcept(
            type,
            live.map((o) => o.id),
          )
        : await repository.deleteIds(
            type,
            objects.filter((o) => o.status === 'deleted').map((o) => o.id),
          );
    await repository.saveSyncState(type, newestUpdated(objects), { full: mode === 'full', at });
    await repository.clearSyncFailure(type);
    return { fetched: objects.length, created, updated, deleted };
  });
}

/** Pages fetched while PeeringDB changes can repeat an object; the later copy wins. */
function dedupeById<T extends { id: number }>(objects: T[]): T[] {
  const byId = new Map<number, T>();
  for (const object of objects) byId.set(object.id, object);
  return byId.size === objects.length ? objects : [...byId.values()];
}

function newestUpdated(objects: readonly { updated: string }[]): Date | null {
  let newest = -Infinity;
  for (const object of objects) newest = Math.max(newest, Date.parse(object.updated));
  return Number.isFinite(newest) ? new Date(newest) : null;
}

/** `poc: PeeringDB …/poc: HTTP 404 …; net: …`, for the run record and the CLI. */
export function describeFailures(failures: readonly PeeringDbTypeFailure[]): string {
  return failures.map((f) => `${f.objectType}: ${f.error}`).join('; ');
}
