import { Module } from '@nestjs/common';
import { DomainModule } from '@ixora/domain';
import { MailModule } from '@ixora/mail';
import { AuthService } from '../auth/auth.service.js';
import { AccountPageRenderer } from './account-page.renderer.js';
import { WebGate } from './web-gate.js';
import { WebPages } from './web-pages.js';

/**
 * What every page module builds on: the browser's session and CSRF (`WebGate`), the page
 * renderer, and `WebPages` (who may see a page, and its frame). A portal or console feature is a
 * module that imports this one, lists its controllers, calls `readFormsFor` for its forms, and is
 * added to `WebModule`'s imports.
 */
@Module({
  imports: [DomainModule, MailModule],
  providers: [WebGate, AccountPageRenderer, AuthService, WebPages],
  exports: [WebGate, AccountPageRenderer, AuthService, WebPages, DomainModule, MailModule],
})
export class WebCoreModule {}
