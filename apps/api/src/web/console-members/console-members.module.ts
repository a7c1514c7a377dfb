import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { PeeringDbModule } from '@ixora/peeringdb';
import { ReadinessModule } from '@ixora/readiness';
import { WebCoreModule } from '../web-core.module.js';
import { readFormsFor } from '../web-pages.js';
import { MembersPagesController } from './members.controller.js';
import { OnboardController } from './onboard.controller.js';
import { UsersAuditPagesController } from './users-audit.controller.js';

const CONTROLLERS = [OnboardController, MembersPagesController, UsersAuditPagesController];

/**
 * The staff console's members: `/admin/onboard` (the onboarding wizard), `/admin/members` and
 * `/admin/members/:asn` (list, filters, a member with its readiness report), `/admin/users`,
 * `/admin/audit`.
 */
@Module({
  imports: [WebCoreModule, ReadinessModule, PeeringDbModule],
  controllers: CONTROLLERS,
})
export class ConsoleMembersModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    readFormsFor(consumer, CONTROLLERS);
  }
}
