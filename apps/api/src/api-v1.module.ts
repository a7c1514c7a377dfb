import { Module } from '@nestjs/common';
import { AlertsModule } from '@ixora/alerts';
import { DomainModule } from '@ixora/domain';
import { MailModule } from '@ixora/mail';
import { PeeringDbModule } from '@ixora/peeringdb';
import { ReadinessModule } from '@ixora/readiness';
import { RouteImpactModule } from '@ixora/route-impact';
import { RpkiModule } from '@ixora/rpki';
import { AlertSubscriptionsController } from './alerts/alert-subscriptions.controller.js';
import { AlertsController } from './alerts/alerts.controller.js';
import { AuditController } from './audit/audit.controller.js';
import { AuthController } from './auth/auth.controller.js';
import { AuthService } from './auth/auth.service.js';
import { HealthController } from './health/health.controller.js';
import { HealthService } from './health/health.service.js';
import { IxfController } from './ixf/ixf.controller.js';
import { IxpsController } from './ixps/ixps.controller.js';
import { JobsController } from './jobs/jobs.controller.js';
import { MemberInterfacesController } from './members/member-interfaces.controller.js';
import { MemberRoutingController } from './members/member-routing.controller.js';
import { MemberRoutingModule } from './member-routing/member-routing.module.js';
import { MemberRequestsController } from './member-requests/member-requests.controller.js';
import { MembersController } from './members/members.controller.js';
import { MemberReadinessController } from './members/member-readiness.controller.js';
import { PeeringDbController } from './peeringdb/peeringdb.controller.js';
import { PeeringRequestNotifier } from './peering-requests/peering-request.notifier.js';
import { PeeringRequestsController } from './peering-requests/peering-requests.controller.js';
import { PolicyController } from './policy/policy.controller.js';
import { PortsController } from './ports/ports.controller.js';
import { SwitchesController } from './ports/switches.controller.js';
import { ConfigVersionsController } from './route-servers/config-versions.controller.js';
import { RouteServersController } from './route-servers/route-servers.controller.js';
import { RpkiController } from './rpki/rpki.controller.js';
import { SessionsController } from './sessions/sessions.controller.js';
import { UsersController } from './users/users.controller.js';

/** The REST API; mounted at `/api/v1` by `ApiModule`. */
@Module({
  imports: [
    DomainModule,
    PeeringDbModule,
    RpkiModule,
    AlertsModule,
    RouteImpactModule,
    ReadinessModule,
    MemberRoutingModule,
    MailModule,
  ],
  controllers: [
    AuthController,
    IxpsController,
    MembersController,
    MemberReadinessController,
    MemberInterfacesController,
    PortsController,
    SwitchesController,
    MemberRoutingController,
    MemberRequestsController,
    PeeringRequestsController,
    RouteServersController,
    SessionsController,
    UsersController,
    IxfController,
    AuditController,
    HealthController,
    PeeringDbController,
    JobsController,
    RpkiController,
    PolicyController,
    ConfigVersionsController,
    AlertSubscriptionsController,
    AlertsController,
  ],
  providers: [AuthService, HealthService, PeeringRequestNotifier],
})
export class ApiV1Module {}
