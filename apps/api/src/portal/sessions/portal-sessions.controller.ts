import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { MemberPortalService, MemberRequestService, SessionService } from '@ixora/domain';
import { isIxoraError } from '@ixora/errors';
import { Public } from '../../auth/auth.decorators.js';
import { WebPages, type MemberPage } from '../../web/web-pages.js';
import { formField, type WebRequest, type WebResponse } from '../../web/web.types.js';

const SESSION_ID = /^[1-9][0-9]{0,9}$/;

type Change = 'enable' | 'disable' | 'md5' | 'blackhole';

/**
 * `/portal/sessions`: each of the member's route-server sessions; a member_admin turns it off
 * and on, sets, replaces or clears its TCP MD5 key, and opts it into blackholing where the
 * exchange allows it. A member_user sees the state only. Another member's session is "not found"
 * (the domain binds every change to the actor's member) and nothing changes.
 */
@ApiExcludeController()
@Public()
@Controller()
export class PortalSessionsController {
  constructor(
    private readonly web: WebPages,
    private readonly portal: MemberPortalService,
    private readonly sessions: SessionService,
    private readonly settings: MemberRequestService,
  ) {}

  @Get('portal/sessions')
  async list(
    @Req() request: WebRequest,
    @Res() response: WebResponse,
    @Query('done') done: unknown,
  ): Promise<void> {
    const page = await this.web.member(request, response);
    if (!page) return;
    const notice = typeof done === 'string' ? noticeOf(done) : '';
    await this.sendList(response, page, notice, '');
  }

  @Post('portal/sessions/:id/:change')
  async change(
    @Req() request: WebRequest,
    @Res() response: WebResponse,
    @Param('id') id: string,
    @Param('change') change: string,
  ): Promise<void> {
    const page = await this.web.memberForm(request, response);
    if (!page) return;
    if (!page.isMemberAdmin || !SESSION_ID.test(id) || !isChange(change))
      return this.web.notFound(response, page.context);
    try {
      await this.apply(page, Number(id), change, request);
    } catch (error) {
      if (!isIxoraError(error)) throw error;
      if (error.code === 'not_found') return this.web.notFound(response, page.context);
      return this.sendList(response, page, '', error.message, error.code === 'forbidden' ? 403 : 400);
    }
    response.redirect(303, `/portal/sessions?done=${change}`);
  }

  private async apply(page: MemberPage, id: number, change: Change, request: WebRequest): Promise<void> {
    switch (change) {
      case 'enable':
      case 'disable':
        await this.sessions.setEnabled(page.actor, id, change === 'enable');
        return;
      case 'md5': {
        const isClear = formField(request, 'clear') === 'on';
        await this.settings.changeSessionSettings(page.actor, id, {
          md5Password: isClear ? null : formField(request, 'md5Password'),
        });
        return;
      }
      case 'blackhole':
        // Opting out clears the session's own setting: it inherits the member's and the exchange's again.
        await this.settings.changeSessionSettings(page.actor, id, {
          policy: { allowBlackhole: formField(request, 'allow') === 'on' ? true : null },
        });
    }
  }

  private async sendList(
    response: WebResponse,
    page: MemberPage,
    notice: string,
    error: string,
    status = 200,
  ): Promise<void> {
    const sessions = await this.portal.sessions(page.actor);
    this.web.send(
      response,
      page,
      'portal/sessions',
      'Sessions',
      {
        csrf: page.context.csrf,
        isMemberAdmin: page.isMemberAdmin,
        notice,
        hasNotice: notice !== '',
        error,
        hasError: error !== '',
        hasSessions: sessions.length > 0,
        sessions: sessions.map((s) => ({
          id: s.id,
          routeServer: s.routeServer,
          family: `IPv${s.family}`,
          peerAddress: s.peerAddress,
          isEnabled: s.isEnabled,
          state: s.isEnabled ? 'enabled' : 'disabled',
          hasMd5Password: s.hasMd5Password,
          md5: s.hasMd5Password
            ? page.isMemberAdmin
              ? 'set'
              : 'set (your member admins can see it)'
            : 'none',
          md5Password: page.isMemberAdmin ? (s.md5Password ?? '') : '',
          isMd5Shown: page.isMemberAdmin && s.md5Password !== null,
          isBlackholeOptedIn: s.allowBlackhole === true,
          blackhole:
            s.allowBlackhole === true
              ? 'accepted'
              : s.allowBlackhole === false
                ? 'not accepted'
                : 'as the exchange sets it',
          mayOptIntoBlackhole: s.mayOptIntoBlackhole,
        })),
      },
      status,
    );
  }
}

function isChange(change: string): change is Change {
  return change === 'enable' || change === 'disable' || change === 'md5' || change === 'blackhole';
}

function noticeOf(done: string): string {
  const what: Record<string, string> = {
    enable: 'The session was enabled.',
    disable: 'The session was disabled.',
    md5: 'The MD5 key was saved.',
    blackhole: 'The blackholing choice was saved.',
  };
  const text = Object.hasOwn(what, done) ? what[done] : undefined;
  return text ? `${text} It takes effect with the next config build and deploy of the route server.` : '';
}
