import { Controller, Get, Inject, Logger, Param, Post, Req, Res } from '@nestjs/common';
import { IXORA_CLOCK, type Clock } from '@ixora/config';
import { ApiExcludeController } from '@nestjs/swagger';
import { PasswordResetService, PASSWORD_RESET_TTL_MS, UserService, type ApiToken } from '@ixora/domain';
import { isIxoraError } from '@ixora/errors';
import { Mailer } from '@ixora/mail';
import { Public } from '../../auth/auth.decorators.js';
import { WebPages, type MemberPage } from '../../web/web-pages.js';
import { formField, type WebRequest, type WebResponse } from '../../web/web.types.js';

const ID = /^[1-9][0-9]{0,9}$/;
const ROLE_NAMES: Record<string, string> = { member_admin: 'member admin', member_user: 'member user' };
const STATUS_OF: Record<string, number> = { invalid_value: 400, conflict: 409, forbidden: 403 };

/** What the page says after a change, besides the list. */
interface Outcome {
  readonly notice?: string;
  readonly error?: string;
  /** A new API token's secret: shown on this answer only. */
  readonly newToken?: string;
  readonly status?: number;
}

function day(date: Date | null): string {
  return date ? date.toISOString().slice(0, 10) : '–';
}

function tokenState(token: ApiToken, now: Date): string {
  if (token.revokedAt) return `revoked ${day(token.revokedAt)}`;
  if (token.expiresAt && token.expiresAt.getTime() <= now.getTime()) return `expired ${day(token.expiresAt)}`;
  return 'active';
}

/**
 * `/portal/users`: the member's users and API tokens. A member_admin invites a user (a mail with a
 * link to choose a password), removes one (disabled: it can no longer sign in, its tokens are
 * revoked), creates an API token for itself (the secret is shown once) and revokes any of its
 * member's tokens. A member_user sees the lists. Another member's user or token is "not found".
 */
@ApiExcludeController()
@Public()
@Controller()
export class PortalUsersController {
  private readonly logger = new Logger('PortalUsers');

  constructor(
    private readonly web: WebPages,
    private readonly users: UserService,
    private readonly resets: PasswordResetService,
    private readonly mailer: Mailer,
    @Inject(IXORA_CLOCK) private readonly clock: Clock,
  ) {}

  @Get('portal/users')
  async list(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    const page = await this.web.member(request, response);
    if (!page) return;
    await this.sendList(response, page, {});
  }

  @Post('portal/users')
  async invite(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    await this.change(request, response, async (page) => {
      const user = await this.users.add(page.actor, {
        email: formField(request, 'email').trim(),
        role: formField(request, 'role'),
        memberAsn: page.member.asn,
      });
      const issued = await this.resets.issue(user.email);
      if (!issued) return { notice: `${user.email} was added.` };
      try {
        await this.mailer.send({
          to: user.email,
          subject: `ixora: you were invited to the portal of AS${page.member.asn}`,
          text: [
            `${page.signedIn.user.email} added you as a ${ROLE_NAMES[user.role] ?? user.role} of AS${page.member.asn} ${page.member.name} on ixora.`,
            '',
            `Open this link within ${PASSWORD_RESET_TTL_MS / 60_000} minutes to choose your password. It works once:`,
            '',
            issued.link,
            '',
            'When it has expired, ask for a new one with "Forgot your password?" on the sign-in page.',
          ].join('\n'),
        });
      } catch (error) {
        this.logger.error(`the invitation to ${user.email} was not sent: ${(error as Error).message}`);
        return {
          error: `${user.email} was added, but the invitation mail could not be sent: they can ask for a link with "Forgot your password?" on the sign-in page.`,
        };
      }
      return { notice: `${user.email} was added and a mail with a link to choose a password was sent.` };
    });
  }

  @Post('portal/users/:id/remove')
  async remove(
    @Req() request: WebRequest,
    @Res() response: WebResponse,
    @Param('id') id: string,
  ): Promise<void> {
    await this.change(request, response, async (page) => {
      if (!ID.test(id)) return undefined;
      const user = await this.users.setDisabled(page.actor, Number(id), true);
      return { notice: `${user.email} can no longer sign in; its API tokens were revoked.` };
    });
  }

  @Post('portal/users/tokens')
  async createToken(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    await this.change(request, response, async (page) => {
      const { token, apiToken } = await this.users.createToken(page.actor, {
        name: formField(request, 'name').trim(),
      });
      return {
        notice: `The API token "${apiToken.name}" was created. Copy it now: it is not shown again.`,
        newToken: token,
      };
    });
  }

  @Post('portal/users/tokens/:id/revoke')
  async revokeToken(
    @Req() request: WebRequest,
    @Res() response: WebResponse,
    @Param('id') id: string,
  ): Promise<void> {
    await this.change(request, response, async (page) => {
      if (!ID.test(id)) return undefined;
      const token = await this.users.revokeToken(page.actor, Number(id));
      return { notice: `The API token "${token.name}" was revoked.` };
    });
  }

  /**
   * A member_admin's form: CSRF checked, anyone else 404; `undefined` from `apply` or a "not
   * found" from the domain is 404 too, other refusals are shown on the page with the field's words.
   */
  private async change(
    request: WebRequest,
    response: WebResponse,
    apply: (page: MemberPage) => Promise<Outcome | undefined>,
  ): Promise<void> {
    const page = await this.web.memberForm(request, response);
    if (!page) return;
    if (!page.isMemberAdmin) return this.web.notFound(response, page.context);
    let outcome: Outcome | undefined;
    try {
      outcome = await apply(page);
    } catch (error) {
      if (!isIxoraError(error)) throw error;
      if (error.code === 'not_found') return this.web.notFound(response, page.context);
      outcome = { error: error.message, status: STATUS_OF[error.code] ?? 400 };
    }
    if (!outcome) return this.web.notFound(response, page.context);
    // The page is answered directly (no redirect): a new token's secret must not land in a URL.
    response.setHeader('Cache-Control', 'no-store');
    await this.sendList(response, page, outcome);
  }

  private async sendList(response: WebResponse, page: MemberPage, outcome: Outcome): Promise<void> {
    const { users, tokens } = await this.users.memberAccounts(page.actor);
    const now = this.clock.now();
    const emailOf = new Map(users.map((user) => [user.id, user.email]));
    this.web.send(
      response,
      page,
      'portal/users',
      'Users and API tokens',
      {
        csrf: page.context.csrf,
        isMemberAdmin: page.isMemberAdmin,
        member: `AS${page.member.asn} ${page.member.name}`,
        notice: outcome.notice ?? '',
        hasNotice: outcome.notice !== undefined,
        error: outcome.error ?? '',
        hasError: outcome.error !== undefined,
        newToken: outcome.newToken ?? '',
        hasNewToken: outcome.newToken !== undefined,
        users: users.map((user) => ({
          id: user.id,
          email: user.email,
          role: ROLE_NAMES[user.role] ?? user.role,
          state: user.isDisabled ? 'removed' : user.passwordHash === null ? 'invited' : 'active',
          twoFactor: user.totpEnabledAt ? 'on' : 'off',
          mayRemove: !user.isDisabled && user.id !== page.signedIn.user.id,
        })),
        tokens: tokens.map((token) => ({
          id: token.id,
          name: token.name,
          owner: emailOf.get(token.userId) ?? '',
          createdAt: day(token.createdAt),
          lastUsedAt: day(token.lastUsedAt),
          expiresAt: day(token.expiresAt),
          state: tokenState(token, now),
          isActive: tokenState(token, now) === 'active',
        })),
        hasTokens: tokens.length > 0,
      },
      outcome.status ?? 200,
    );
  }
}
