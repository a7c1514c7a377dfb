import { Controller, Get, Logger, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  MIN_PASSWORD_LENGTH,
  PasswordResetService,
  PASSWORD_RESET_TTL_MS,
  RateLimitStore,
} from '@ixora/domain';
import { isIxoraError } from '@ixora/errors';
import { Mailer } from '@ixora/mail';
import { Public } from '../auth/auth.decorators.js';
import { clientKey } from '../common/client-key.js';
import { AccountPageRenderer } from './account-page.renderer.js';
import { refuseCsrf } from './web-pages.js';
import { WebGate, type WebContext } from './web-gate.js';
import { formField, type WebRequest, type WebResponse } from './web.types.js';

/** Reset-link requests per minute from one client address. */
const RESET_REQUESTS_PER_MINUTE = 5;

/** `/password-reset`: ask for a link by e-mail; `/password-reset/:token`: set a new password with it. */
@ApiExcludeController()
@Public()
@Controller('password-reset')
export class PasswordResetController {
  private readonly logger = new Logger('PasswordReset');

  constructor(
    private readonly gate: WebGate,
    private readonly pages: AccountPageRenderer,
    private readonly resets: PasswordResetService,
    private readonly mailer: Mailer,
    private readonly limits: RateLimitStore,
  ) {}

  @Get()
  async requestForm(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    const context = await this.gate.context(request, response);
    this.pages.send(response, 200, 'reset-request', 'Reset your password', { csrf: context.csrf, error: '' });
  }

  @Post()
  async requestLink(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    const context = await this.gate.context(request, response);
    if (!this.gate.isCsrfValid(context, request)) return refuseCsrf(this.pages, response, context);
    const decision = await this.limits.take(
      'password_reset.source',
      clientKey(request.ip),
      RESET_REQUESTS_PER_MINUTE,
    );
    if (!decision.isAllowed) {
      response.setHeader('Retry-After', String(decision.retryAfterSeconds));
      return this.pages.send(response, 429, 'reset-request', 'Reset your password', {
        csrf: context.csrf,
        error: `Too many requests; try again in ${decision.retryAfterSeconds} s.`,
      });
    }
    const email = formField(request, 'email').trim();
    const issued = email === '' ? null : await this.resets.issue(email);
    if (issued) {
      try {
        await this.mailer.send({
          to: issued.user.email,
          subject: 'ixora: reset your password',
          text: [
            `Someone (we hope you) asked to reset the password of ${issued.user.email} on ixora.`,
            '',
            `Open this link within ${PASSWORD_RESET_TTL_MS / 60_000} minutes to choose a new one. It works once:`,
            '',
            issued.link,
            '',
            'If you did not ask for this, ignore this mail: your password stays as it is.',
          ].join('\n'),
        });
      } catch (error) {
        // The page answers the same either way (it never tells which addresses exist); staff see this.
        this.logger.error(`the reset mail to ${issued.user.email} was not sent: ${(error as Error).message}`);
      }
    }
    this.pages.send(response, 200, 'reset-sent', 'Check your mail', {});
  }

  @Get(':token')
  async resetForm(
    @Param('token') token: string,
    @Req() request: WebRequest,
    @Res() response: WebResponse,
  ): Promise<void> {
    const context = await this.gate.context(request, response);
    // The token is in the path: no Referer carries it to another site.
    response.setHeader('Referrer-Policy', 'no-referrer');
    if (!(await this.resets.isUsable(token))) return this.sendUnusable(response);
    this.sendForm(response, context, token, 200, '');
  }

  @Post(':token')
  async reset(
    @Param('token') token: string,
    @Req() request: WebRequest,
    @Res() response: WebResponse,
  ): Promise<void> {
    const context = await this.gate.context(request, response);
    response.setHeader('Referrer-Policy', 'no-referrer');
    if (!this.gate.isCsrfValid(context, request)) return refuseCsrf(this.pages, response, context);
    const password = formField(request, 'password');
    if (password !== formField(request, 'password_confirm'))
      return this.sendForm(response, context, token, 400, 'The two passwords differ.');
    try {
      await this.resets.complete(token, password);
    } catch (error) {
      if (!isIxoraError(error) || error.code !== 'invalid_value') throw error;
      if (error.details.field === 'token') return this.sendUnusable(response);
      return this.sendForm(
        response,
        context,
        token,
        400,
        `The password ${error.message.replace(/^password: "\[hidden\]" /, '')}.`,
      );
    }
    this.gate.clearSession(request, response);
    response.redirect(303, '/login?reset=1');
  }

  private sendForm(
    response: WebResponse,
    context: WebContext,
    token: string,
    status: number,
    error: string,
  ): void {
    this.pages.send(response, status, 'reset-form', 'Choose a new password', {
      csrf: context.csrf,
      action: `/password-reset/${encodeURIComponent(token)}`,
      minLength: MIN_PASSWORD_LENGTH,
      error,
    });
  }

  private sendUnusable(response: WebResponse): void {
    this.pages.send(response, 410, 'message', 'Link expired', {
      heading: 'This link is expired or was used already',
      message: 'Ask for a new one.',
      href: '/password-reset',
      linkText: 'Reset your password',
    });
  }
}
