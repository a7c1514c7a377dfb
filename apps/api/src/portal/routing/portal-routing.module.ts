import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { MemberRoutingModule } from '../../member-routing/member-routing.module.js';
import { WebCoreModule } from '../../web/web-core.module.js';
import { readFormsFor } from '../../web/web-pages.js';
import { PortalRoutingController } from './portal-routing.controller.js';

const CONTROLLERS = [PortalRoutingController];

/** The portal's Routes and Routing hygiene pages. */
@Module({
  imports: [WebCoreModule, MemberRoutingModule],
  controllers: CONTROLLERS,
})
export class PortalRoutingModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    readFormsFor(consumer, CONTROLLERS);
  }
}
