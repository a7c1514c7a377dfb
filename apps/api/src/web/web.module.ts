import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { DomainModule } from '@ixora/domain';
import { MailModule } from '@ixora/mail';
import { AuthService } from '../auth/auth.service.js';
import { AccountPageRenderer } from './account-page.renderer.js';
import { AssetsController } from './assets.controller.js';
import { FormBodyMiddleware } from './form-body.middleware.js';
import { PasswordResetController } from './password-reset.controller.js';
import { ShellsController } from './shells.controller.js';
import { SignInController } from './sign-in.controller.js';
import { TwoFactorEnrolmentController } from './two-factor-enrolment.controller.js';
import { WebGate } from './web-gate.js';

const CONTROLLERS = [
  SignInController,
  TwoFactorEnrolmentController,
  PasswordResetController,
  ShellsController,
  AssetsController,
];

/** Browser sign-in (`WEB_SIGN_IN`): `/login`, `/logout`, two-factor, password reset, `/portal`, `/admin`. */
@Module({
  imports: [DomainModule, MailModule],
  controllers: CONTROLLERS,
  providers: [WebGate, AccountPageRenderer, AuthService],
})
export class WebModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(FormBodyMiddleware).forRoutes(...CONTROLLERS);
  }
}
