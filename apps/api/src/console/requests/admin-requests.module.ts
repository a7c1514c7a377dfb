import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { IrrModule } from '@ixora/irr';
import { WebCoreModule } from '../../web/web-core.module.js';
import { readFormsFor } from '../../web/web-pages.js';
import { AdminRequestsController } from './admin-requests.controller.js';

const CONTROLLERS = [AdminRequestsController];

/** `/admin/requests`: staff decide members' filter-widening requests. */
@Module({ imports: [WebCoreModule, IrrModule], controllers: CONTROLLERS })
export class AdminRequestsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    readFormsFor(consumer, CONTROLLERS);
  }
}
