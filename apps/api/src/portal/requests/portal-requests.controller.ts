import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { MemberRequestService, type MemberRequestInput } from '@ixora/domain';
import { isIxoraError } from '@ixora/errors';
import { Public } from '../../auth/auth.decorators.js';
import { WebPages, type MemberPage } from '../../web/web-pages.js';
import { formField, type WebRequest, type WebResponse } from '../../web/web.types.js';
import { memberRequestRow } from './member-request.view.js';

const STATUS_OF: Record<string, number> = {
  invalid_value: 400,
  conflict: 409,
  forbidden: 404,
  not_found: 404,
};

interface ChangeForm {
  asSets: string;
  maxPrefixV4: string;
  maxPrefixV6: string;
  note: string;
}

/** The AS-SET list as typed: names separated by spaces or commas. */
function asSetList(text: string): string[] {
  return text.split(/[\s,]+/).filter((name) => name !== '');
}

/**
 * `/portal/requests`: a member's changes that widen its filters (AS-SETs, max-prefix limits) go to
 * the exchange's staff as requests; the page proposes one and lists the member's requests with
 * their state and staff's reason. Member_admins propose and withdraw; member users read.
 */
@ApiExcludeController()
@Public()
@Controller('portal/requests')
export class PortalRequestsController {
  constructor(
    private readonly web: WebPages,
    private readonly requests: MemberRequestService,
  ) {}

  @Get()
  async list(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    const page = await this.web.member(request, response);
    if (!page) return;
    await this.sendPage(response, page, this.currentForm(page), '', 200);
  }

  @Post()
  async propose(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    const page = await this.web.memberForm(request, response);
    if (!page) return;
    if (!page.isMemberAdmin) return this.web.notFound(response, page.context);
    const form: ChangeForm = {
      asSets: formField(request, 'asSets'),
      maxPrefixV4: formField(request, 'maxPrefixV4').trim(),
      maxPrefixV6: formField(request, 'maxPrefixV6').trim(),
      note: formField(request, 'note'),
    };
    const current = this.currentForm(page);
    const input: MemberRequestInput = { memberAsn: page.member.asn, note: form.note };
    const proposedSets = asSetList(form.asSets);
    if (proposedSets.join(' ').toUpperCase() !== asSetList(current.asSets).join(' ').toUpperCase())
      input.asSets = proposedSets;
    if (form.maxPrefixV4 !== current.maxPrefixV4)
      input.maxPrefixV4 = form.maxPrefixV4 === '' ? null : form.maxPrefixV4;
    if (form.maxPrefixV6 !== current.maxPrefixV6)
      input.maxPrefixV6 = form.maxPrefixV6 === '' ? null : form.maxPrefixV6;
    if (input.asSets === undefined && input.maxPrefixV4 === undefined && input.maxPrefixV6 === undefined)
      return this.sendPage(response, page, form, 'Nothing changed: edit a value to propose it.', 400);
    try {
      await this.requests.create(page.actor, input);
    } catch (caught) {
      if (!isIxoraError(caught) || STATUS_OF[caught.code] === undefined) throw caught;
      return this.sendPage(response, page, form, caught.message, STATUS_OF[caught.code]!);
    }
    response.redirect(303, '/portal/requests');
  }

  @Post(':id/withdraw')
  async withdraw(
    @Param('id') id: string,
    @Req() request: WebRequest,
    @Res() response: WebResponse,
  ): Promise<void> {
    const page = await this.web.memberForm(request, response);
    if (!page) return;
    if (!page.isMemberAdmin) return this.web.notFound(response, page.context);
    try {
      await this.requests.withdraw(page.actor, id);
    } catch (caught) {
      if (!isIxoraError(caught) || STATUS_OF[caught.code] === undefined) throw caught;
      if (STATUS_OF[caught.code] === 404) return this.web.notFound(response, page.context);
      return this.sendPage(response, page, this.currentForm(page), caught.message, STATUS_OF[caught.code]!);
    }
    response.redirect(303, '/portal/requests');
  }

  private currentForm({ member }: MemberPage): ChangeForm {
    return {
      asSets: member.asSets.join(' '),
      maxPrefixV4: member.maxPrefixV4 === null ? '' : String(member.maxPrefixV4),
      maxPrefixV6: member.maxPrefixV6 === null ? '' : String(member.maxPrefixV6),
      note: '',
    };
  }

  private async sendPage(
    response: WebResponse,
    page: MemberPage,
    form: ChangeForm,
    error: string,
    status: number,
  ): Promise<void> {
    const list = await this.requests.list(page.actor, { limit: 100, offset: 0 });
    const rows = list.items.map((view) => ({
      ...memberRequestRow(view),
      canWithdraw: page.isMemberAdmin && view.request.state === 'pending',
      withdrawAction: `/portal/requests/${view.request.id}/withdraw`,
      withdrawLabel: `Withdraw request ${view.request.id}`,
    }));
    const { member } = page;
    this.web.send(
      response,
      page,
      'portal/requests',
      'Requests',
      {
        member: `AS${member.asn} ${member.name}`,
        currentAsSets: member.asSets.length ? member.asSets.join(' ') : '(none: only your own ASN)',
        currentV4: member.maxPrefixV4 === null ? 'inherited' : String(member.maxPrefixV4),
        currentV6: member.maxPrefixV6 === null ? 'inherited' : String(member.maxPrefixV6),
        isMemberAdmin: page.isMemberAdmin,
        form,
        error,
        hasRequests: rows.length > 0,
        requests: rows,
        csrf: page.context.csrf,
      },
      status,
    );
  }
}
