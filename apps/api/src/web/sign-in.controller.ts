import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { TwoFactorService, WebSessionService } from '@ixora/domain';
import { isIxoraError } from '@ixora/errors';
import { Public } from '../auth/auth.decorators.js';
import { AuthService } from '../auth/auth.service.js';
import { AccountPageRenderer } from './account-page.renderer.js';
import { pathForStage, WebGate, type WebContext } from './web-gate.js';
import { formField, type WebRequest, type WebResponse } from './web.types.js';
import { refuseCsrf } from './web-pages.js';

/** `GET/POST /login`, the second factor at `/login/two-factor`, and `POST /logout`. */
@ApiExcludeController()
@Public()
@Controller()
export class SignInController {
  constructor(
    private readonly gate: WebGate,
    private readonly pages: AccountPageRenderer,
    private readonly auth: AuthService,
    private readonly sessions: WebSessionService,
    private readonly twoFactor: TwoFactorService,
  ) {}

  @Get('login')
  async loginForm(
    @Req() request: WebRequest,
    @Res() response: WebResponse,
    @Query('reset') reset?: string,
    @Query('signed_out') signedOut?: string,
  ): Promise<void> {
    const context = await this.gate.context(request, response);
    if (context.signedIn)
      return response.redirect(303, pathForStage(context.signedIn.stage, context.signedIn.actor));
    const notice =
      reset !== undefined
        ? 'Your password is changed. Sign in with it.'
        : signedOut !== undefined
          ? 'You are signed out.'
          : '';
    this.sendLogin(response, context, 200, { notice });
  }

  @Post('login')
  async login(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    const context = await this.gate.context(request, response);
    if (!this.gate.isCsrfValid(context, request)) return this.refuseCsrf(response, context);
    const email = formField(request, 'email').trim();
    const password = formField(request, 'password');
    if (email === '' || password === '')
      return this.sendLogin(response, context, 400, {
        email,
        error: 'Enter your e-mail address and password.',
      });
    try {
      const actor = await this.auth.authenticate(email, password, request.ip);
      if (context.sessionToken) await this.sessions.end(context.sessionToken);
      const { token, session } = await this.sessions.startAfterPassword(actor.userId!);
      this.gate.setSession(request, response, token);
      response.redirect(303, pathForStage(session.stage, actor));
    } catch (error) {
      if (!isIxoraError(error)) throw error;
      if (error.code === 'rate_limited') {
        response.setHeader('Retry-After', String(Number(error.details['retryAfterSeconds'] ?? 60)));
        return this.sendLogin(response, context, 429, {
          email,
          error: `Too many failed sign-ins. ${error.message}.`,
        });
      }
      if (error.code === 'unauthorized')
        return this.sendLogin(response, context, 401, { email, error: 'Wrong e-mail address or password.' });
      throw error;
    }
  }

  @Get('login/two-factor')
  async secondFactorForm(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    const context = await this.gate.context(request, response);
    if (context.signedIn?.stage !== 'two_factor')
      return response.redirect(
        303,
        context.signedIn ? pathForStage(context.signedIn.stage, context.signedIn.actor) : '/login',
      );
    // The header's "Sign out" lets someone who cannot give a code start over with another account.
    this.pages.send(
      response,
      200,
      'two-factor',
      'Second factor',
      { csrf: context.csrf, error: '' },
      { email: context.signedIn.user.email, csrf: context.csrf },
    );
  }

  @Post('login/two-factor')
  async secondFactor(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    const context = await this.gate.context(request, response);
    if (!this.gate.isCsrfValid(context, request)) return this.refuseCsrf(response, context);
    const signedIn = context.signedIn;
    if (signedIn?.stage !== 'two_factor') return response.redirect(303, '/login');
    const { user } = signedIn;
    const locked = await this.auth.lockedForSeconds(user.email, request.ip);
    if (locked !== null) {
      response.setHeader('Retry-After', String(locked));
      return this.pages.send(
        response,
        429,
        'two-factor',
        'Second factor',
        { csrf: context.csrf, error: `Too many failed sign-ins; try again in ${locked} s.` },
        { email: user.email, csrf: context.csrf },
      );
    }
    const kind = await this.twoFactor.check(user.id, formField(request, 'code'));
    if (kind === null) {
      await this.auth.recordFailure(user.email, request.ip);
      return this.pages.send(
        response,
        401,
        'two-factor',
        'Second factor',
        { csrf: context.csrf, error: 'That code is not right, or was used already.' },
        { email: user.email, csrf: context.csrf },
      );
    }
    const next = await this.sessions.advance(signedIn.session, 'full');
    this.gate.setSession(request, response, next.token);
    response.redirect(303, pathForStage('full', signedIn.actor));
  }

  @Post('logout')
  async logout(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    const context = await this.gate.context(request, response);
    if (context.sessionToken) {
      if (!this.gate.isCsrfValid(context, request)) return this.refuseCsrf(response, context);
      await this.sessions.end(context.sessionToken);
    }
    this.gate.clearSession(request, response);
    response.redirect(303, '/login?signed_out=1');
  }

  private sendLogin(
    response: WebResponse,
    context: WebContext,
    status: number,
    view: { email?: string; error?: string; notice?: string },
  ): void {
    this.pages.send(response, status, 'login', 'Sign in', {
      csrf: context.csrf,
      email: view.email ?? '',
      error: view.error ?? '',
      notice: view.notice ?? '',
    });
  }

  private refuseCsrf(response: WebResponse, context: WebContext): void {
    refuseCsrf(this.pages, response, context);
  }
}
