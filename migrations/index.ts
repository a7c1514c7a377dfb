import { CoreNetworkModel1764400000000 } from './1764400000000-core-network-model.js';
import { RouteServersAndSessions1764400000001 } from './1764400000001-route-servers-and-sessions.js';
import { UsersAuditRuns1764400000002 } from './1764400000002-users-audit-runs.js';
import { PrefixSetsVrpsConfigVersions1764400000003 } from './1764400000003-prefix-sets-vrps-config-versions.js';
import { PeeringDbMirror1764400000010 } from './1764400000010-peeringdb-mirror.js';
import { Jobs1764400000020 } from './1764400000020-jobs.js';
import { PrefixSetWarnings1764400000030 } from './1764400000030-prefix-set-warnings.js';
import { RunStatusPartial1764400000040 } from './1764400000040-run-status-partial.js';
import { PeeringDbSyncFailure1764400000041 } from './1764400000041-peeringdb-sync-failure.js';
import { IxpGracefulShutdown1764400000042 } from './1764400000042-ixp-graceful-shutdown.js';
import { TransitFreeDefault1764400000043 } from './1764400000043-transit-free-default.js';
import { PolicySettingNames1764400000044 } from './1764400000044-policy-setting-names.js';
import { ConfigVersionWarnings1764400000045 } from './1764400000045-config-version-warnings.js';
import { ConfigVersionReloadedSessions1764400000046 } from './1764400000046-config-version-reloaded-sessions.js';
import { RunHeartbeat1764400000049 } from './1764400000049-run-heartbeat.js';
import { RateLimits1764400000050 } from './1764400000050-rate-limits.js';
import { MemberRequests1764400000056 } from './1764400000056-member-requests.js';
import { MemberBogonAsnOverride1764400000057 } from './1764400000057-member-bogon-asn-override.js';
import { ImpactGuardSetting1764400000058 } from './1764400000058-impact-guard-setting.js';
import { ConfigVersionModel1764400000059 } from './1764400000059-config-version-model.js';
import { WebSessions1764400000060 } from './1764400000060-web-sessions.js';
import { TwoFactor1764400000061 } from './1764400000061-two-factor.js';
import { PasswordResets1764400000062 } from './1764400000062-password-resets.js';
import { MailOutbox1764400000063 } from './1764400000063-mail-outbox.js';
import { PeeringRequests1764400000064 } from './1764400000064-peering-requests.js';
import { BilateralPeers1764400000065 } from './1764400000065-bilateral-peers.js';
import { ExchangeDailySummary1764400000066 } from './1764400000066-exchange-daily-summary.js';
import { Alerts1764400000067 } from './1764400000067-alerts.js';
import { AlertRecipients1764400000068 } from './1764400000068-alert-recipients.js';
import { AlertDeliveries1764400000069 } from './1764400000069-alert-deliveries.js';
import { ConfigVersionRollback1764400000070 } from './1764400000070-config-version-rollback.js';
import { DeployLease1764400000071 } from './1764400000071-deploy-lease.js';
import { SwitchManagementAddress1764400000072 } from './1764400000072-switch-management-address.js';
import { PortLagAndNames1764400000073 } from './1764400000073-port-lag-and-names.js';
import { IxpMembersMayAllowBlackhole1764400000076 } from './1764400000076-ixp-members-may-allow-blackhole.js';
import { VrpPrefixIndex1764400000078 } from './1764400000078-vrp-prefix-index.js';

/** Every migration, in order, listed explicitly (never a glob). Append; never edit a landed one. */
export const MIGRATIONS = [
  CoreNetworkModel1764400000000,
  RouteServersAndSessions1764400000001,
  UsersAuditRuns1764400000002,
  PrefixSetsVrpsConfigVersions1764400000003,
  PeeringDbMirror1764400000010,
  Jobs1764400000020,
  PrefixSetWarnings1764400000030,
  RunStatusPartial1764400000040,
  PeeringDbSyncFailure1764400000041,
  IxpGracefulShutdown1764400000042,
  TransitFreeDefault1764400000043,
  PolicySettingNames1764400000044,
  ConfigVersionWarnings1764400000045,
  ConfigVersionReloadedSessions1764400000046,
  RunHeartbeat1764400000049,
  RateLimits1764400000050,
  MemberRequests1764400000056,
  MemberBogonAsnOverride1764400000057,
  ImpactGuardSetting1764400000058,
  ConfigVersionModel1764400000059,
  WebSessions1764400000060,
  TwoFactor1764400000061,
  PasswordResets1764400000062,
  MailOutbox1764400000063,
  PeeringRequests1764400000064,
  BilateralPeers1764400000065,
  ExchangeDailySummary1764400000066,
  Alerts1764400000067,
  AlertRecipients1764400000068,
  AlertDeliveries1764400000069,
  ConfigVersionRollback1764400000070,
  DeployLease1764400000071,
  SwitchManagementAddress1764400000072,
  PortLagAndNames1764400000073,
  IxpMembersMayAllowBlackhole1764400000076,
  VrpPrefixIndex1764400000078,
];
