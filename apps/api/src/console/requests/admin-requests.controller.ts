import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Member, MemberRequestService, type MemberRequestView } from '@ixora/domain';
import { isIxoraError } from '@ixora/errors';
import { AsSetPreviewService, type AsSetPreview, type ExpansionCounts } from '@ixora/irr';
import { DataSource } from 'typeorm';
import { Public } from '../../auth/auth.decorators.js';
import { memberRequestRow, stamp } from '../../portal/requests/member-request.view.js';
import { WebPages, type SignedInPage } from '../../web/web-pages.js';
import { formField, type WebRequest, type WebResponse } from '../../web/web.types.js';

const STATUS_OF: Record<string, number> = { invalid_value: 400, conflict: 409, not_found: 404 };

function countsText(counts: ExpansionCounts): string {
  return `${counts.asns} ASNs · ${counts.prefixesV4} IPv4 prefixes · ${counts.prefixesV6} IPv6 prefixes`;
}

function previewView(preview: AsSetPreview) {
  const { current, proposed } = preview;
  const warnings = [...(current?.warnings ?? []), ...(proposed.isOk ? proposed.counts.warnings : [])];
  return {
    current: current
      ? `${countsText(current)} (${current.status}${current.fetchedAt ? `, fetched ${stamp(current.fetchedAt)}` : ''})`
      : 'no IRR data stored for this member yet',
    currentSets: current ? current.asSets.join(' ') || '(own ASN only)' : '',
    isProposedOk: proposed.isOk,
    proposed: proposed.isOk ? countsText(proposed.counts) : '',
    proposedError: proposed.isOk ? '' : proposed.error,
    hasWarnings: warnings.length > 0,
    warnings: warnings.map((text) => ({ text })),
  };
}

/**
 * `/admin/requests`: members' requests for changes that widen their filters. Staff see the
 * pending ones, with what a proposed AS-SET expands to beside the member's stored expansion (a
 * live query to the configured IRR server, with a timeout), and approve or decline them with a
 * note; the latest decisions follow.
 */
@ApiExcludeController()
@Public()
@Controller('admin/requests')
export class AdminRequestsController {
  constructor(
    private readonly web: WebPages,
    private readonly requests: MemberRequestService,
    private readonly previews: AsSetPreviewService,
    private readonly dataSource: DataSource,
  ) {}

  @Get()
  async list(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    const page = await this.web.staff(request, response);
    if (!page) return;
    await this.sendPage(response, page, '', 200);
  }

  @Post(':id/:decision')
  async decide(
    @Param('id') id: string,
    @Param('decision') decision: string,
    @Req() request: WebRequest,
    @Res() response: WebResponse,
  ): Promise<void> {
    const page = await this.web.staffForm(request, response);
    if (!page) return;
    const reason = formField(request, 'reason');
    const acts: Record<string, () => Promise<unknown>> = {
      approve: () => this.requests.approve(page.actor, id, reason),
      decline: () => this.requests.decline(page.actor, id, reason),
    };
    // Own keys only: `constructor` or `hasOwnProperty` in the path is an unknown decision (404).
    const act = Object.hasOwn(acts, decision) ? acts[decision] : undefined;
    if (!act) return this.web.notFound(response, page.context);
    try {
      await act();
    } catch (caught) {
      if (!isIxoraError(caught) || STATUS_OF[caught.code] === undefined) throw caught;
      if (caught.code === 'not_found') return this.web.notFound(response, page.context);
      return this.sendPage(response, page, caught.message, STATUS_OF[caught.code]!);
    }
    response.redirect(303, '/admin/requests');
  }

  private async preview(view: MemberRequestView) {
    const proposed = view.request.proposedValue.asSets;
    if (view.request.kind !== 'member_filters' || proposed === undefined) return null;
    const member = await this.dataSource.manager.findOneBy(Member, { id: view.request.memberId });
    if (!member) return null;
    return previewView(await this.previews.preview(member, proposed));
  }

  private async sendPage(
    response: WebResponse,
    page: SignedInPage,
    error: string,
    status: number,
  ): Promise<void> {
    const [pending, decided] = await Promise.all([
      this.requests.list(page.actor, { limit: 100, offset: 0 }, { state: 'pending' }),
      this.requests.list(page.actor, { limit: 20, offset: 0 }),
    ]);
    const pendingRows = await Promise.all(
      pending.items.map(async (view) => {
        const preview = await this.preview(view);
        return {
          ...memberRequestRow(view),
          hasPreview: preview !== null,
          preview: preview ?? {},
          approveAction: `/admin/requests/${view.request.id}/approve`,
          declineAction: `/admin/requests/${view.request.id}/decline`,
          reasonId: `reason-${view.request.id}`,
        };
      }),
    );
    const decidedRows = decided.items.filter((v) => v.request.state !== 'pending').map(memberRequestRow);
    this.web.send(
      response,
      page,
      'admin/requests',
      'Member requests',
      {
        error,
        hasPending: pendingRows.length > 0,
        pending: pendingRows,
        hasDecided: decidedRows.length > 0,
        decided: decidedRows,
        csrf: page.context.csrf,
      },
      status,
    );
  }
}
