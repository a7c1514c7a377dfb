import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import QRCode from 'qrcode';
import { TwoFactorService, WebSessionService, type ResolvedWebSession } from '@ixora/domain';
import { Public } from '../auth/auth.decorators.js';
import { AccountPageRenderer } from './account-page.renderer.js';
import { refuseCsrf } from './web-pages.js';
import { homeOf, WebGate, type WebContext } from './web-gate.js';
import { formField, type WebRequest, type WebResponse } from './web.types.js';

/** Groups a base32 secret in fours, for typing it into an app by hand. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

/** `/account/two-factor`: enrolment in TOTP two-factor sign-in (QR code, confirm with a code, recovery codes). */
@ApiExcludeController()
@Public()
@Controller('account/two-factor')
export class TwoFactorEnrolmentController {
  constructor(
    private readonly gate: WebGate,
    private readonly pages: AccountPageRenderer,
    private readonly sessions: WebSessionService,
    private readonly twoFactor: TwoFactorService,
  ) {}

  @Get()
  async show(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    const context = await this.gate.context(request, response);
    const signedIn = context.signedIn;
    if (!signedIn) return response.redirect(303, '/login');
    if (signedIn.stage === 'two_factor') return response.redirect(303, '/login/two-factor');
    if (signedIn.user.totpEnabledAt !== null) {
      return this.pages.send(
        response,
        200,
        'message',
        'Two-factor sign-in',
        {
          heading: 'Two-factor sign-in is on',
          message: `Since ${signedIn.user.totpEnabledAt.toISOString().slice(0, 10)}; ${await this.twoFactor.unusedRecoveryCodes(signedIn.user.id)} recovery codes are unused.`,
          href: homeOf(signedIn.actor),
          linkText: 'Back',
        },
        { email: signedIn.user.email, csrf: context.csrf },
      );
    }
    let secret = signedIn.session.pendingTotpSecret;
    if (secret === null) {
      secret = this.twoFactor.newSecret();
      await this.sessions.setPendingTotpSecret(signedIn.session.id, secret);
    }
    this.sendEnrol(response, context, signedIn, secret, 200, '');
  }

  /**
   * The QR code of the secret being enrolled, as an SVG image at the page's own origin: the CSP
   * allows same-origin images only (no `data:`), and an `<img>` runs nothing inside an SVG.
   */
  @Get('qr.svg')
  async qrCode(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    const context = await this.gate.context(request, response);
    const signedIn = context.signedIn;
    const secret = signedIn?.stage === 'two_factor' ? null : (signedIn?.session.pendingTotpSecret ?? null);
    if (!signedIn || secret === null) {
      response.status(404);
      response.setHeader('Content-Type', 'text/plain; charset=utf-8');
      response.send('no two-factor enrolment under way');
      return;
    }
    const uri = this.twoFactor.enrolmentUri(signedIn.user.email, secret);
    response.status(200);
    response.setHeader('Content-Type', 'image/svg+xml');
    response.setHeader('Cache-Control', 'no-store');
    response.send(
      await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, width: 200 }),
    );
  }

  @Post()
  async confirm(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    const context = await this.gate.context(request, response);
    if (!this.gate.isCsrfValid(context, request)) return refuseCsrf(this.pages, response, context);
    const signedIn = context.signedIn;
    if (!signedIn || signedIn.stage === 'two_factor') return response.redirect(303, '/login');
    const secret = signedIn.session.pendingTotpSecret;
    if (secret === null || signedIn.user.totpEnabledAt !== null)
      return response.redirect(303, '/account/two-factor');
    const codes = await this.twoFactor.enable(
      signedIn.actor,
      signedIn.user.id,
      secret,
      formField(request, 'code'),
    );
    if (codes === null)
      return this.sendEnrol(
        response,
        context,
        signedIn,
        secret,
        400,
        'That code is not right; try the one the app shows now.',
      );
    const next = await this.sessions.advance(signedIn.session, 'full');
    const csrf = this.gate.setSession(request, response, next.token);
    this.pages.send(
      response,
      200,
      'recovery-codes',
      'Recovery codes',
      { codes, home: homeOf(signedIn.actor) },
      { email: signedIn.user.email, csrf },
    );
  }

  private sendEnrol(
    response: WebResponse,
    context: WebContext,
    signedIn: ResolvedWebSession,
    secret: string,
    status: number,
    error: string,
  ): void {
    this.pages.send(
      response,
      status,
      'enrol',
      'Two-factor sign-in',
      {
        csrf: context.csrf,
        // Versioned by the secret's first characters, so a new enrolment never shows a cached image.
        qrCode: `/account/two-factor/qr.svg?v=${secret.slice(0, 6)}`,
        secret: grouped(secret),
        isRequired: signedIn.stage === 'enrol',
        error,
      },
      { email: signedIn.user.email, csrf: context.csrf },
    );
  }
}
