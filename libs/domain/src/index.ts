export * from './entities/index.js';
export { DomainModule } from './domain.module.js';
export {
  cliActor,
  isAdmin,
  requireAdmin,
  requireMemberVisible,
  requireMemberWritable,
  type Actor,
} from './services/actor.js';
export { writeAudit, auditSnapshot } from './services/audit.writer.js';
export { planSessions, type SessionKey } from './services/session-plan.js';
export * from './services/validate.js';
export {
  auditBogonAsnOverride,
  bogonAsnOverrideFor,
  parseBogonAsnReason,
  type BogonAsnOverride,
} from './services/bogon-asn.rules.js';
export {
  findRouteServerWithAddress,
  requireMemberAddressUsable,
  reservedLanAddressReason,
} from './services/lan-address.rules.js';
export { IxpService, type IxpInput, type PeeringLanInput } from './services/ixp.service.js';
export {
  IXP_SETTINGS,
  IXP_SETTING_KEYS,
  ixpSettingsOf,
  parseIxpSettingsPatch,
  type IxpSettingKey,
  type IxpSettings,
} from './services/ixp-settings.js';
export {
  MemberService,
  type MemberChangeResult,
  type MemberDetail,
  type MemberInput,
} from './services/member.service.js';
export {
  MemberConnectService,
  type LanAddressChoices,
  type MemberConnectInput,
  type MemberConnectPlan,
  type MemberConnectResult,
} from './services/member-connect.service.js';
export { suggestFreeAddresses } from './services/free-address.suggester.js';
export { SwitchService, switchRecord, type SwitchInput, type SwitchView } from './ports/switch.service.js';
export {
  PortService,
  type PortFilter,
  type PortInput,
  type PortMoveInput,
  type PortView,
} from './ports/port.service.js';
export {
  MemberInterfaceService,
  type MemberInterfaceFilter,
  type MemberInterfaceInput,
  type MemberInterfaceSessionView,
  type MemberInterfaceView,
} from './ports/member-interface.service.js';
export type { RemovalOptions } from './ports/interface-removal.js';
export { RouteServerService, type RouteServerInput } from './services/route-server.service.js';
export { SessionService, type SessionView } from './services/session.service.js';
export { MemberPortalService, type MemberSessionView } from './services/member-portal.service.js';
export { UserService, actorOf, type UserInput } from './services/user.service.js';
export { AuditQueryService, type AuditFilter } from './services/audit-query.service.js';
export {
  IxfImporter,
  type IxfImportResult,
  type ImportCounts,
  type ImportProgress,
} from './ixf/ixf.importer.js';
export { IxfExporter, publicMemberUrl, type IxfExportView } from './ixf/ixf.exporter.js';
export { ixfSchema, jsonPath, type IxfDocument } from './ixf/ixf.schema.js';
export {
  isAsSetsWidening,
  isMaxPrefixWidening,
  splitFilterChange,
  type FilterChangeSplit,
} from './member-requests/filter-widening.js';
export {
  MemberRequestService,
  type MemberRequestInput,
  type MemberRequestView,
} from './member-requests/member-request.service.js';
export { NetworkRepository } from './repositories/network.repository.js';
export { pageRequest, MAX_PAGE_SIZE, type Page, type PageRequest } from './repositories/page.js';
export {
  buildRouteServerConfig,
  buildRouteServerConfigModel,
  type RouteServerConfigInput,
} from './route-server-config/route-server-config.builder.js';
export {
  BUILD_WARNING_CODES,
  resolveMemberIrr,
  type BuildWarning,
  type BuildWarningCode,
} from './route-server-config/member-irr.resolver.js';
export { deployThroughAgent } from './route-server-config/agent-config.client.js';
export { RouteServerConfigRepository } from './route-server-config/route-server-config.repository.js';
export {
  RouteServerConfigService,
  type ConfigBuildResult,
  type ConfigDeployResult,
  type DeployOptions,
  type DeployProgress,
} from './route-server-config/route-server-config.service.js';
export { readDeployLease, type DeployLeaseState } from './route-server-config/deploy-lease.js';
export { establishedSessions, sessionsNotBackUp } from './route-server-config/session-settle.js';
export {
  failStaleRuns,
  recordRun,
  RUN_ABANDONED_ERROR,
  RUN_HEARTBEAT_MS,
  RUN_STALE_AFTER_MS,
  withRunRecord,
  type RunHandle,
  type RunOutcome,
  type RunRecordOptions,
  type WithRunRecordOptions,
} from './runs/run.recorder.js';
export {
  DATA_SOURCE_RUN_KINDS,
  DataSourcesService,
  type DataSourcesStatus,
} from './runs/data-sources.service.js';
export {
  PEERING_REQUEST_RETRY_AFTER_DECLINE_MS,
  PEERING_REQUESTS_PER_DAY,
  PeeringRequestService,
  parseFamilies,
  type MemberName,
  type PeeringRequestChange,
  type PeeringRequestDirection,
  type PeeringRequestInput,
  type PeeringRequestView,
} from './peering/peering-request.service.js';
export {
  PEERING_POLICIES,
  PeerDirectoryService,
  type PeerConnection,
  type PeerDirectoryEntry,
  type PeerDirectoryFilter,
  type PeeringPolicy,
} from './peering/peer-directory.service.js';
export { RateLimitStore, type RateDecision } from './rate-limits/rate-limit.store.js';
export { JobQueue, JOB_KINDS, type JobKind } from './jobs/job.queue.js';
export { JobRunner, type JobContext, type JobHandler } from './jobs/job.runner.js';
export { JobScheduler, SCHEDULER_ACTOR } from './jobs/job.scheduler.js';
export {
  ImportPolicyService,
  parseImportPolicyPatch,
  type EffectiveSetting,
  type ImportPolicyKey,
  type ImportPolicyPatch,
  type SessionSettingsInput,
} from './services/import-policy.service.js';
export {
  hashSessionToken,
  isTwoFactorRequired,
  stageAfterPassword,
  WebSessionService,
  type ResolvedWebSession,
} from './web-auth/web-session.service.js';
export {
  RECOVERY_CODE_COUNT,
  TwoFactorService,
  type SecondFactorKind,
} from './web-auth/two-factor.service.js';
export {
  MIN_PASSWORD_LENGTH,
  PASSWORD_RESET_TTL_MS,
  PasswordResetService,
  type IssuedPasswordReset,
} from './web-auth/password-reset.service.js';
