import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { WebCoreModule } from '../web-core.module.js';
import { readFormsFor } from '../web-pages.js';
import { AdminInterfacesController } from './admin-interfaces.controller.js';
import { AdminPortsController } from './admin-ports.controller.js';
import { AdminSettingsController } from './admin-settings.controller.js';

const CONTROLLERS = [AdminPortsController, AdminInterfacesController, AdminSettingsController];

/**
 * The staff console's `/admin/ports` (ports and switches), `/admin/interfaces` (members'
 * addresses) and `/admin/settings` (exchange-wide settings and the import-policy table).
 */
@Module({ imports: [WebCoreModule], controllers: CONTROLLERS })
export class AdminPortsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    readFormsFor(consumer, CONTROLLERS);
  }
}
