import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { WebCoreModule } from '../../web/web-core.module.js';
import { readFormsFor } from '../../web/web-pages.js';
import { PortalSessionsController } from './portal-sessions.controller.js';

const CONTROLLERS = [PortalSessionsController];

/** The member portal's sessions page `/portal/sessions` and its forms. */
@Module({ imports: [WebCoreModule], controllers: CONTROLLERS })
export class PortalSessionsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    readFormsFor(consumer, CONTROLLERS);
  }
}
