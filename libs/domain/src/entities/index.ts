import { ApiToken, User } from './user.entity.js';
import { AuditRecord } from './audit-record.entity.js';
import { ConfigVersion } from './config-version.entity.js';
import { Ixp } from './ixp.entity.js';
import { Member } from './member.entity.js';
import { MemberRequest } from './member-request.entity.js';
import { BilateralPeer, PeeringRequest } from './peering-request.entity.js';
import { MemberInterface } from './member-interface.entity.js';
import { PeeringLan } from './peering-lan.entity.js';
import { Port } from './port.entity.js';
import { PrefixSet } from './prefix-set.entity.js';
import { RouteServer } from './route-server.entity.js';
import { RouteServerSession } from './route-server-session.entity.js';
import { RunRecord } from './run-record.entity.js';
import { Switch } from './switch.entity.js';
import { RpkiSnapshot, Vrp } from './vrp.entity.js';
import { Job } from '../jobs/job.entity.js';
import { PasswordReset, RecoveryCode, WebSession } from './web-auth.entity.js';

export * from './column-types.js';
export * from './import-policy.columns.js';
export * from './ixp.entity.js';
export * from './peering-lan.entity.js';
export * from './switch.entity.js';
export * from './member.entity.js';
export * from './port.entity.js';
export * from './member-interface.entity.js';
export * from './route-server.entity.js';
export * from './route-server-session.entity.js';
export * from './user.entity.js';
export * from './audit-record.entity.js';
export * from './run-record.entity.js';
export * from './prefix-set.entity.js';
export * from './vrp.entity.js';
export * from './config-version.entity.js';
export * from './member-request.entity.js';
export * from './peering-request.entity.js';
export * from '../jobs/job.entity.js';
export * from './web-auth.entity.js';

/** The domain's entities, listed explicitly (never a glob). */
export const DOMAIN_ENTITIES = [
  Ixp,
  PeeringLan,
  Switch,
  Member,
  Port,
  MemberInterface,
  RouteServer,
  RouteServerSession,
  User,
  ApiToken,
  AuditRecord,
  RunRecord,
  PrefixSet,
  RpkiSnapshot,
  Vrp,
  ConfigVersion,
  Job,
  MemberRequest,
  PeeringRequest,
  BilateralPeer,
  WebSession,
  RecoveryCode,
  PasswordReset,
] as const;
