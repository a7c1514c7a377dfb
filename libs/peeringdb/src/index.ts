/**
 * @ixora/peeringdb — PeeringDB API client, the `peeringdb_*` mirror and its sync, onboarding of
 * members from PeeringDB and the consistency report against the Ixp's members.
 */
export { IXORA_VERSION } from './ixora-version.js';
export * from './peeringdb.schemas.js';
export {
  PeeringDbClient,
  retryAfterMs,
  type PeeringDbClientOptions,
  type PeeringDbClientStats,
  type PeeringDbQuery,
  type PeeringDbRetryEvent,
} from './peeringdb.client.js';
export * from './peeringdb-mirror.entities.js';
export { PeeringDbMirrorRepository, type UpsertCounts } from './peeringdb-mirror.repository.js';
export {
  PEERINGDB_SYNC_RUN_KIND,
  syncPeeringDb,
  type PeeringDbSyncOptions,
  type PeeringDbSyncProgress,
  type PeeringDbSyncResult,
  type PeeringDbTypeCounts,
} from './peeringdb-sync.service.js';
