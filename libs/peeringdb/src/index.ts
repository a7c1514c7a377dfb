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
export {
  PeeringDbMirrorRepository,
  type PeeringDbStaleType,
  type UpsertCounts,
} from './peeringdb-mirror.repository.js';
export {
  PEERINGDB_SYNC_RUN_KIND,
  syncPeeringDb,
  type PeeringDbSyncOptions,
  type PeeringDbSyncProgress,
  type PeeringDbSyncResult,
  type PeeringDbTypeFailure,
  describeFailures,
  type PeeringDbTypeCounts,
} from './peeringdb-sync.service.js';
export { PeeringDbApiSource, PeeringDbMirrorSource, type PeeringDbSource } from './peeringdb.source.js';
export {
  buildMemberFromPeeringDb,
  PEERINGDB_FOLLOW_FIELDS,
  type BuildMemberOptions,
  type PeeringDbFollowField,
  type PeeringDbInterfacePlan,
  type PeeringDbMemberFields,
  type PeeringDbMemberPlan,
  type PeeringLanRef,
} from './member-onboarding.builder.js';
export {
  PeeringDbOnboardingService,
  type OnboardFromPeeringDbInput,
  type OnboardingOverrides,
  type OnboardingResult,
  type RefreshResult,
} from './member-onboarding.service.js';
export {
  compareWithPeeringDb,
  PeeringDbCheckService,
  type CheckMemberInput,
  type CheckNetixlanInput,
  type PeeringDbAddressDifference,
  type PeeringDbCheckReport,
  type PeeringDbExtraEntry,
  type PeeringDbMissingEntry,
  type PeeringDbNeverViaRsEntry,
} from './peeringdb-check.service.js';
export { PeeringDbModule, PeeringDbSyncService } from './peeringdb.module.js';
