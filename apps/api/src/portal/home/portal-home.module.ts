import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { LgModule } from '../../lg/lg.module.js';
import { WebCoreModule } from '../../web/web-core.module.js';
import { readFormsFor } from '../../web/web-pages.js';
import { PortalHomeController } from './portal-home.controller.js';

const CONTROLLERS = [PortalHomeController];

/** The member portal's home page `/portal` (live session states from the looking glass). */
@Module({ imports: [WebCoreModule, LgModule], controllers: CONTROLLERS })
export class PortalHomeModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    readFormsFor(consumer, CONTROLLERS);
  }
}
