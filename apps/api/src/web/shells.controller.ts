import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { TwoFactorService } from '@ixora/domain';
import { Mailer } from '@ixora/mail';
import { Public } from '../auth/auth.decorators.js';
import { WebPages, type SignedInPage } from './web-pages.js';
import type { WebRequest, WebResponse } from './web.types.js';

const ROLE_NAMES = {
  admin: 'staff (admin)',
  member_admin: 'member admin',
  member_user: 'member user',
} as const;

/**
 * `/admin` (staff): who is signed in; and the member_admin's two-factor requirement form of the
 * portal's home page (`/portal` is the portal-home feature).
 */
@ApiExcludeController()
@Public()
@Controller()
export class ShellsController {
  constructor(
    private readonly web: WebPages,
    private readonly twoFactor: TwoFactorService,
    private readonly mailer: Mailer,
  ) {}

  /** A member_admin makes a second factor required (or optional) for all of its member's users. */
  @Post('portal/two-factor-required')
  async setTwoFactorRequired(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    const page = await this.web.memberForm(request, response);
    if (!page) return;
    if (!page.isMemberAdmin) return this.web.notFound(response, page.context);
    const body = (request.body ?? {}) as Record<string, unknown>;
    await this.twoFactor.setMemberRequirement(page.actor, page.member.id, body['required'] === 'on');
    response.redirect(303, '/portal');
  }

  @Get('admin')
  async admin(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    const page = await this.web.staff(request, response);
    if (!page) return;
    this.web.send(response, page, 'admin', 'Staff console', this.whoView(page));
  }

  @Get('admin/outbox')
  async outbox(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    const page = await this.web.staff(request, response);
    if (!page) return;
    const mails = (await this.mailer.outbox(50)).map((mail) => ({
      id: mail.id,
      createdAt: mail.createdAt.toISOString().replace('T', ' ').slice(0, 19),
      recipient: mail.recipient,
      subject: mail.subject,
      body: mail.body,
    }));
    this.web.send(response, page, 'outbox', 'Mail outbox', { mails, hasMails: mails.length > 0 });
  }

  private whoView({ signedIn }: SignedInPage) {
    return {
      email: signedIn.user.email,
      role: ROLE_NAMES[signedIn.actor.role],
      member: signedIn.member ? `AS${signedIn.member.asn} ${signedIn.member.name}` : '',
      hasTwoFactor: signedIn.user.totpEnabledAt !== null,
    };
  }
}
