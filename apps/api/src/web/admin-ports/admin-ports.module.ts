import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { WebCoreModule } from '../web-core.module.js';
import { readFormsFor } from '../web-pages.js';
import { AdminInterfacesController } from './admin-interfaces.controller.js';
import { AdminPortsController } from './admin-ports.controller.js';

const CONTROLLERS = [AdminPortsController, AdminInterfacesController];

/** The staff console's `/admin/ports` (ports and switches) and `/admin/interfaces` (members' addresses). */
@Module({ imports: [WebCoreModule], controllers: CONTROLLERS })
export class AdminPortsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    readFormsFor(consumer, CONTROLLERS);
  }
}
