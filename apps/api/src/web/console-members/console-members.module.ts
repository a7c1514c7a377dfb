import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { PeeringDbModule } from '@ixora/peeringdb';
import { ReadinessModule } from '@ixora/readiness';
import { LgModule } from '../../lg/lg.module.js';
import { MemberRoutingModule } from '../../member-routing/member-routing.module.js';
import { WebCoreModule } from '../web-core.module.js';
import { readFormsFor } from '../web-pages.js';
import { MemberRoutesPageController } from './member-routes.controller.js';
import { MembersPagesController } from './members.controller.js';
import { OnboardController } from './onboard.controller.js';
import { UsersAuditPagesController } from './users-audit.controller.js';

const CONTROLLERS = [
  OnboardController,
  MemberRoutesPageController,
  MembersPagesController,
  UsersAuditPagesController,
];

/**
 * The staff console's members: `/admin/onboard` (the onboarding wizard), `/admin/members` and
 * `/admin/members/:asn` (list, filters, a member with its readiness report and live session state),
 * `/admin/members/:asn/routes` (its routes with reasons and fixes), `/admin/users`,
 * `/admin/audit`.
 */
@Module({
  imports: [WebCoreModule, ReadinessModule, PeeringDbModule, LgModule, MemberRoutingModule],
  controllers: CONTROLLERS,
})
export class ConsoleMembersModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    readFormsFor(consumer, CONTROLLERS);
  }
}
