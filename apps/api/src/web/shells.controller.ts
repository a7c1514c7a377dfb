import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { TwoFactorService, type ResolvedWebSession } from '@ixora/domain';
import { Mailer } from '@ixora/mail';
import { Public } from '../auth/auth.decorators.js';
import { AccountPageRenderer } from './account-page.renderer.js';
import { refuseCsrf } from './sign-in.controller.js';
import { pathForStage, WebGate, type WebContext } from './web-gate.js';
import type { WebRequest, WebResponse } from './web.types.js';

const ROLE_NAMES = {
  admin: 'staff (admin)',
  member_admin: 'member admin',
  member_user: 'member user',
} as const;

/** `/portal` (members' users) and `/admin` (staff): who is signed in, as what, for which member. */
@ApiExcludeController()
@Public()
@Controller()
export class ShellsController {
  constructor(
    private readonly gate: WebGate,
    private readonly pages: AccountPageRenderer,
    private readonly twoFactor: TwoFactorService,
    private readonly mailer: Mailer,
  ) {}

  @Get('portal')
  async portal(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    const context = await this.gate.context(request, response);
    const signedIn = this.requireFull(context, response);
    if (!signedIn) return;
    if (signedIn.actor.role === 'admin') return response.redirect(303, '/admin');
    await this.sendPortal(response, context, signedIn);
  }

  /** A member_admin makes a second factor required (or optional) for all of its member's users. */
  @Post('portal/two-factor-required')
  async setTwoFactorRequired(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    const context = await this.gate.context(request, response);
    if (!this.gate.isCsrfValid(context, request)) return refuseCsrf(this.pages, response, context);
    const signedIn = this.requireFull(context, response);
    if (!signedIn) return;
    if (signedIn.actor.role !== 'member_admin' || signedIn.member === null)
      return this.notFound(response, context);
    const body = (request.body ?? {}) as Record<string, unknown>;
    await this.twoFactor.setMemberRequirement(signedIn.actor, signedIn.member.id, body['required'] === 'on');
    response.redirect(303, '/portal');
  }

  @Get('admin')
  async admin(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    const context = await this.gate.context(request, response);
    const signedIn = this.requireFull(context, response);
    if (!signedIn) return;
    if (signedIn.actor.role !== 'admin') return this.notFound(response, context);
    this.pages.send(response, 200, 'admin', 'Staff console', this.whoView(signedIn), {
      email: signedIn.user.email,
      csrf: context.csrf,
    });
  }

  @Get('admin/outbox')
  async outbox(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    const context = await this.gate.context(request, response);
    const signedIn = this.requireFull(context, response);
    if (!signedIn) return;
    if (signedIn.actor.role !== 'admin') return this.notFound(response, context);
    const mails = (await this.mailer.outbox(50)).map((mail) => ({
      id: mail.id,
      createdAt: mail.createdAt.toISOString().replace('T', ' ').slice(0, 19),
      recipient: mail.recipient,
      subject: mail.subject,
      body: mail.body,
    }));
    this.pages.send(
      response,
      200,
      'outbox',
      'Mail outbox',
      { mails, hasMails: mails.length > 0 },
      { email: signedIn.user.email, csrf: context.csrf },
    );
  }

  /** The signed-in session when its sign-in is complete; else redirects (to sign-in or the next step). */
  private requireFull(context: WebContext, response: WebResponse): ResolvedWebSession | undefined {
    const signedIn = context.signedIn;
    if (!signedIn) {
      response.redirect(303, '/login');
      return undefined;
    }
    if (signedIn.stage !== 'full') {
      response.redirect(303, pathForStage(signedIn.stage, signedIn.actor));
      return undefined;
    }
    return signedIn;
  }

  private whoView(signedIn: ResolvedWebSession) {
    return {
      email: signedIn.user.email,
      role: ROLE_NAMES[signedIn.actor.role],
      member: signedIn.member ? `AS${signedIn.member.asn} ${signedIn.member.name}` : '',
      hasTwoFactor: signedIn.user.totpEnabledAt !== null,
    };
  }

  private async sendPortal(
    response: WebResponse,
    context: WebContext,
    signedIn: ResolvedWebSession,
  ): Promise<void> {
    const isTwoFactorRequired = signedIn.member?.isTwoFactorRequired === true;
    this.pages.send(
      response,
      200,
      'portal',
      'Member portal',
      {
        ...this.whoView(signedIn),
        recoveryCodesLeft: await this.twoFactor.unusedRecoveryCodes(signedIn.user.id),
        isTwoFactorRequired,
        isMemberAdmin: signedIn.actor.role === 'member_admin',
        csrf: context.csrf,
      },
      { email: signedIn.user.email, csrf: context.csrf },
    );
  }

  /** A member's user asking for a staff page: 404, as for any page it may not know exists. */
  private notFound(response: WebResponse, context: WebContext): void {
    this.pages.send(
      response,
      404,
      'message',
      'Not found',
      { heading: 'Not found', message: 'There is no such page.', href: '/portal', linkText: 'Your portal' },
      context.signedIn ? { email: context.signedIn.user.email, csrf: context.csrf } : undefined,
    );
  }
}
