import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { WebCoreModule } from '../../web/web-core.module.js';
import { readFormsFor } from '../../web/web-pages.js';
import { PortalUsersController } from './portal-users.controller.js';

const CONTROLLERS = [PortalUsersController];

/** The member portal's users and API tokens page `/portal/users` and its forms. */
@Module({ imports: [WebCoreModule], controllers: CONTROLLERS })
export class PortalUsersModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    readFormsFor(consumer, CONTROLLERS);
  }
}
