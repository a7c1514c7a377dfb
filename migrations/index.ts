import { CoreNetworkModel1764400000000 } from './1764400000000-core-network-model.js';
import { RouteServersAndSessions1764400000001 } from './1764400000001-route-servers-and-sessions.js';
import { UsersAuditRuns1764400000002 } from './1764400000002-users-audit-runs.js';
import { PrefixSetsVrpsConfigVersions1764400000003 } from './1764400000003-prefix-sets-vrps-config-versions.js';
import { PeeringDbMirror1764400000010 } from './1764400000010-peeringdb-mirror.js';
import { Jobs1764400000020 } from './1764400000020-jobs.js';
import { PrefixSetWarnings1764400000030 } from './1764400000030-prefix-set-warnings.js';
import { MemberRequests1764400000056 } from './1764400000056-member-requests.js';

/** Every migration, in order, listed explicitly (never a glob). Append; never edit a landed one. */
export const MIGRATIONS = [
  CoreNetworkModel1764400000000,
  RouteServersAndSessions1764400000001,
  UsersAuditRuns1764400000002,
  PrefixSetsVrpsConfigVersions1764400000003,
  PeeringDbMirror1764400000010,
  Jobs1764400000020,
  PrefixSetWarnings1764400000030,
  MemberRequests1764400000056,
];
