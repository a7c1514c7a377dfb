import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { PeeringRequestNotifier } from '../../peering-requests/peering-request.notifier.js';
import { WebCoreModule } from '../../web/web-core.module.js';
import { readFormsFor } from '../../web/web-pages.js';
import { PortalPeersController } from './portal-peers.controller.js';

const CONTROLLERS = [PortalPeersController];

/** `/portal/peers`: the members directory, bilateral peering requests and recorded peers. */
@Module({
  imports: [WebCoreModule],
  controllers: CONTROLLERS,
  providers: [PeeringRequestNotifier],
})
export class PortalPeersModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    readFormsFor(consumer, CONTROLLERS);
  }
}
