import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { RouteServerPagesModule } from './admin-route-servers/route-server-pages.module.js';
import { SourcePagesModule } from './admin-sources/source-pages.module.js';
import { AdminRequestsModule } from '../console/requests/admin-requests.module.js';
import { PortalHomeModule } from '../portal/home/portal-home.module.js';
import { PortalSessionsModule } from '../portal/sessions/portal-sessions.module.js';
import { PortalUsersModule } from '../portal/users/portal-users.module.js';
import { PortalRoutingModule } from '../portal/routing/portal-routing.module.js';
import { PortalPeersModule } from '../portal/peers/portal-peers.module.js';
import { PortalRequestsModule } from '../portal/requests/portal-requests.module.js';
import { AccountAssetsController } from './account-assets.controller.js';
import { ConsoleMembersModule } from './console-members/console-members.module.js';
import { AdminPortsModule } from './admin-ports/admin-ports.module.js';
import { PasswordResetController } from './password-reset.controller.js';
import { ShellsController } from './shells.controller.js';
import { SignInController } from './sign-in.controller.js';
import { TwoFactorEnrolmentController } from './two-factor-enrolment.controller.js';
import { WebCoreModule } from './web-core.module.js';
import { readFormsFor } from './web-pages.js';

const CONTROLLERS = [
  SignInController,
  TwoFactorEnrolmentController,
  PasswordResetController,
  ShellsController,
  AccountAssetsController,
];

/**
 * Browser sign-in (`WEB_SIGN_IN`): `/login`, `/logout`, two-factor, password reset, and the
 * member portal (`/portal…`) and staff console (`/admin…`), one module per feature below.
 */
@Module({
  imports: [
    WebCoreModule,
    // portal and console features: one line each
    ConsoleMembersModule,
    RouteServerPagesModule,
    SourcePagesModule,
    AdminPortsModule,
    PortalHomeModule,
    PortalSessionsModule,
    PortalUsersModule,
    PortalRoutingModule,
    PortalPeersModule,
    PortalRequestsModule,
    AdminRequestsModule,
  ],
  controllers: CONTROLLERS,
})
export class WebModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    readFormsFor(consumer, CONTROLLERS);
  }
}
