import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { RouteImpactModule } from '@ixora/route-impact';
import { WebCoreModule } from '../web-core.module.js';
import { readFormsFor } from '../web-pages.js';
import { RouteServerPagesController } from './route-server-pages.controller.js';

/** The staff console's route-server pages (`/admin/route-servers…`). */
@Module({
  imports: [WebCoreModule, RouteImpactModule],
  controllers: [RouteServerPagesController],
})
export class RouteServerPagesModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    readFormsFor(consumer, [RouteServerPagesController]);
  }
}
