import { Module } from '@nestjs/common';
import { IxfExporter } from './ixf/ixf.exporter.js';
import { IxfImporter } from './ixf/ixf.importer.js';
import { AuditQueryService } from './services/audit-query.service.js';
import { RouteServerConfigService } from './route-server-config/route-server-config.service.js';
import { JobQueue } from './jobs/job.queue.js';
import { DataSourcesService } from './runs/data-sources.service.js';
import { JobRunner } from './jobs/job.runner.js';
import { JobScheduler } from './jobs/job.scheduler.js';
import { RateLimitStore } from './rate-limits/rate-limit.store.js';
import { ImportPolicyService } from './services/import-policy.service.js';
import { IxpService } from './services/ixp.service.js';
import { MemberService } from './services/member.service.js';
import { MemberInterfaceService } from './ports/member-interface.service.js';
import { PortService } from './ports/port.service.js';
import { SwitchService } from './ports/switch.service.js';
import { MemberPortalService } from './services/member-portal.service.js';
import { MemberRequestService } from './member-requests/member-request.service.js';
import { PeerDirectoryService } from './peering/peer-directory.service.js';
import { PeeringRequestService } from './peering/peering-request.service.js';
import { RouteServerService } from './services/route-server.service.js';
import { SessionService } from './services/session.service.js';
import { UserService } from './services/user.service.js';
import { PasswordResetService } from './web-auth/password-reset.service.js';
import { TwoFactorService } from './web-auth/two-factor.service.js';
import { WebSessionService } from './web-auth/web-session.service.js';

const SERVICES = [
  IxpService,
  MemberService,
  SwitchService,
  PortService,
  MemberInterfaceService,
  RouteServerService,
  SessionService,
  UserService,
  IxfImporter,
  IxfExporter,
  AuditQueryService,
  RouteServerConfigService,
  JobQueue,
  DataSourcesService,
  JobRunner,
  JobScheduler,
  ImportPolicyService,
  RateLimitStore,
  MemberRequestService,
  PeeringRequestService,
  PeerDirectoryService,
  WebSessionService,
  TwoFactorService,
  PasswordResetService,
  MemberPortalService,
];

/** The domain's use cases; needs `DataSource` (DatabaseModule) and `IXORA_CONFIG` providers. */
@Module({ providers: SERVICES, exports: SERVICES })
export class DomainModule {}
