import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { WebCoreModule } from '../../web/web-core.module.js';
import { readFormsFor } from '../../web/web-pages.js';
import { PortalRequestsController } from './portal-requests.controller.js';

const CONTROLLERS = [PortalRequestsController];

/** `/portal/requests`: a member's filter-widening requests to staff. */
@Module({ imports: [WebCoreModule], controllers: CONTROLLERS })
export class PortalRequestsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    readFormsFor(consumer, CONTROLLERS);
  }
}
