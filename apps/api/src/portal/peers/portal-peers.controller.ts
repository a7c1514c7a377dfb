import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  PEERING_POLICIES,
  PeerDirectoryService,
  PeeringRequestService,
  type PeerDirectoryEntry,
  type PeeringRequestChange,
  type PeeringRequestView,
} from '@ixora/domain';
import { isIxoraError, type IxoraError } from '@ixora/errors';
import { Public } from '../../auth/auth.decorators.js';
import { PeeringRequestNotifier } from '../../peering-requests/peering-request.notifier.js';
import { WebPages, type MemberPage } from '../../web/web-pages.js';
import { formField, type WebRequest, type WebResponse } from '../../web/web.types.js';

const FAMILY_NAMES = { 4: 'IPv4', 6: 'IPv6' } as const;
const STATUS_OF: Partial<Record<IxoraError['code'], number>> = {
  invalid_value: 400,
  conflict: 409,
  rate_limited: 429,
};

function stamp(date: Date): string {
  return `${date.toISOString().replace('T', ' ').slice(0, 16)} UTC`;
}

function speedText(mbps: number | null): string {
  if (mbps === null) return '';
  return mbps >= 1000 ? `${mbps / 1000} Gbit/s` : `${mbps} Mbit/s`;
}

function rsText(entry: PeerDirectoryEntry): string {
  const families = [
    ...(entry.rsSessionsV4 > 0 ? [`IPv4 (${entry.rsSessionsV4})`] : []),
    ...(entry.rsSessionsV6 > 0 ? [`IPv6 (${entry.rsSessionsV6})`] : []),
  ];
  return families.length ? families.join(', ') : 'no';
}

function bilateralText(entry: PeerDirectoryEntry): string {
  if (entry.bilateral === 'request') return 'yes (request accepted)';
  if (entry.bilateral === 'manual') return 'yes (recorded by you)';
  if (entry.openRequest?.direction === 'outgoing') return 'request sent';
  if (entry.openRequest?.direction === 'incoming') return 'request received';
  return 'no';
}

/** One peering request as a row of the portal. */
function requestView(view: PeeringRequestView, isMemberAdmin: boolean) {
  const { request: r, from, to, direction } = view;
  const other = direction === 'incoming' ? from : to;
  return {
    id: r.id,
    other: `AS${other.asn} ${other.name}`,
    families: r.families.map((f) => FAMILY_NAMES[f]).join(', '),
    addresses: r.addresses.join(', '),
    message: r.message,
    state: r.state,
    reply: r.reply ?? '',
    hasReply: r.reply !== null,
    createdAt: stamp(r.createdAt),
    decidedAt: r.decidedAt ? stamp(r.decidedAt) : '',
    isPending: r.state === 'pending',
    canAnswer: isMemberAdmin && r.state === 'pending' && direction === 'incoming',
    canWithdraw: isMemberAdmin && r.state === 'pending' && direction === 'outgoing',
    acceptAction: `/portal/peers/requests/${r.id}/accept`,
    declineAction: `/portal/peers/requests/${r.id}/decline`,
    withdrawAction: `/portal/peers/requests/${r.id}/withdraw`,
    replyId: `reply-${r.id}`,
  };
}

/**
 * `/portal/peers`: every public member of the exchange from the signed-in member's side (policy,
 * where it connects, route servers, bilateral peering), the member's peering requests sent and
 * received, and its record of bilateral peers. Member_admins send, answer and record; member
 * users read.
 */
@ApiExcludeController()
@Public()
@Controller('portal/peers')
export class PortalPeersController {
  constructor(
    private readonly web: WebPages,
    private readonly directory: PeerDirectoryService,
    private readonly requests: PeeringRequestService,
    private readonly notifier: PeeringRequestNotifier,
  ) {}

  @Get()
  async list(
    @Req() request: WebRequest,
    @Res() response: WebResponse,
    @Query() query: Record<string, unknown>,
  ): Promise<void> {
    const page = await this.web.member(request, response);
    if (!page) return;
    const filter = {
      rs: typeof query['rs'] === 'string' ? query['rs'] : '',
      policy: typeof query['policy'] === 'string' ? query['policy'] : '',
      search: typeof query['q'] === 'string' ? query['q'] : '',
    };
    let entries: PeerDirectoryEntry[];
    let error = '';
    try {
      entries = await this.directory.list(page.actor, filter);
    } catch (caught) {
      if (!isIxoraError(caught) || caught.code !== 'invalid_value') throw caught;
      error = caught.message;
      entries = await this.directory.list(page.actor);
    }
    await this.sendList(response, page, entries, filter, error, error ? 400 : 200);
  }

  @Get(':asn/request')
  async requestForm(
    @Param('asn') asn: string,
    @Req() request: WebRequest,
    @Res() response: WebResponse,
  ): Promise<void> {
    const page = await this.web.member(request, response);
    if (!page) return;
    if (!page.isMemberAdmin) return this.web.notFound(response, page.context);
    await this.sendRequestForm(response, page, asn, { families: ['4', '6'], message: '' }, '', 200);
  }

  @Post(':asn/request')
  async send(
    @Param('asn') asn: string,
    @Req() request: WebRequest,
    @Res() response: WebResponse,
  ): Promise<void> {
    const page = await this.web.memberForm(request, response);
    if (!page) return;
    if (!page.isMemberAdmin) return this.web.notFound(response, page.context);
    const families = ['4', '6'].filter((f) => formField(request, `family${f}`) === 'on');
    const message = formField(request, 'message');
    try {
      const change = await this.requests.send(page.actor, page.member.asn, {
        toAsn: asn,
        families,
        message,
      });
      await this.notifier.requested(change);
    } catch (caught) {
      const status = this.statusOf(caught);
      if (status === 404) return this.web.notFound(response, page.context);
      return this.sendRequestForm(
        response,
        page,
        asn,
        { families, message },
        (caught as Error).message,
        status,
      );
    }
    response.redirect(303, '/portal/peers?sent=1#requests');
  }

  @Post('requests/:id/:action')
  async answer(
    @Param('id') id: string,
    @Param('action') action: string,
    @Req() request: WebRequest,
    @Res() response: WebResponse,
  ): Promise<void> {
    const page = await this.web.memberForm(request, response);
    if (!page) return;
    if (!page.isMemberAdmin) return this.web.notFound(response, page.context);
    const reply = formField(request, 'reply');
    const acts: Record<string, () => Promise<PeeringRequestChange>> = {
      accept: () => this.requests.accept(page.actor, page.member.asn, id, reply),
      decline: () => this.requests.decline(page.actor, page.member.asn, id, reply),
      withdraw: () => this.requests.withdraw(page.actor, page.member.asn, id),
    };
    // Own keys only: `constructor` or `hasOwnProperty` in the path is an unknown action (404).
    const act = Object.hasOwn(acts, action) ? acts[action] : undefined;
    if (!act) return this.web.notFound(response, page.context);
    try {
      await this.notifier.answered(await act());
    } catch (caught) {
      return this.sendProblem(response, page, caught);
    }
    response.redirect(303, '/portal/peers#requests');
  }

  /** Records by hand a bilateral session the member already has. */
  @Post('record')
  async record(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    const page = await this.web.memberForm(request, response);
    if (!page) return;
    if (!page.isMemberAdmin) return this.web.notFound(response, page.context);
    try {
      await this.requests.recordPeer(page.actor, page.member.asn, {
        peerAsn: formField(request, 'peerAsn').trim(),
        note: formField(request, 'note'),
      });
    } catch (caught) {
      return this.sendProblem(response, page, caught);
    }
    response.redirect(303, '/portal/peers#bilateral');
  }

  @Post(':asn/remove')
  async remove(
    @Param('asn') asn: string,
    @Req() request: WebRequest,
    @Res() response: WebResponse,
  ): Promise<void> {
    const page = await this.web.memberForm(request, response);
    if (!page) return;
    if (!page.isMemberAdmin) return this.web.notFound(response, page.context);
    try {
      await this.requests.removePeer(page.actor, page.member.asn, asn);
    } catch (caught) {
      return this.sendProblem(response, page, caught);
    }
    response.redirect(303, '/portal/peers#bilateral');
  }

  private statusOf(caught: unknown): number {
    if (!isIxoraError(caught)) throw caught;
    if (caught.code === 'not_found' || caught.code === 'forbidden') return 404;
    const status = STATUS_OF[caught.code];
    if (status === undefined) throw caught;
    return status;
  }

  private sendProblem(response: WebResponse, page: MemberPage, caught: unknown): void {
    const status = this.statusOf(caught);
    if (status === 404) return this.web.notFound(response, page.context);
    this.web.send(
      response,
      page,
      'message',
      'Not done',
      {
        heading: 'That was not done',
        message: (caught as Error).message,
        href: '/portal/peers',
        linkText: 'Back to peers',
      },
      status,
    );
  }

  private async sendRequestForm(
    response: WebResponse,
    page: MemberPage,
    asnInput: string,
    form: { families: string[]; message: string },
    error: string,
    status: number,
  ): Promise<void> {
    const peer = (await this.directory.list(page.actor)).find(
      (entry) => `AS${entry.asn}`.toLowerCase() === asnInput.toLowerCase() || String(entry.asn) === asnInput,
    );
    if (!peer) return this.web.notFound(response, page.context);
    this.web.send(
      response,
      page,
      'portal/peer-request',
      `Peering request to AS${peer.asn}`,
      {
        peer: `AS${peer.asn} ${peer.name}`,
        policy: peer.policy ?? 'unknown',
        rs: rsText(peer),
        action: `/portal/peers/AS${peer.asn}/request`,
        isFamily4: form.families.includes('4'),
        isFamily6: form.families.includes('6'),
        message: form.message,
        error,
        csrf: page.context.csrf,
      },
      status,
    );
  }

  private async sendList(
    response: WebResponse,
    page: MemberPage,
    entries: PeerDirectoryEntry[],
    filter: { rs: string; policy: string; search: string },
    error: string,
    status: number,
  ): Promise<void> {
    const isAdmin = page.isMemberAdmin;
    const [history, bilateral] = await Promise.all([
      this.requests.list(page.actor, page.member.asn, { limit: 100, offset: 0 }),
      this.requests.peers(page.actor, page.member.asn),
    ]);
    const requests = history.items.map((view) => requestView(view, isAdmin));
    const incoming = history.items
      .filter((v) => v.direction === 'incoming')
      .map((v) => requestView(v, isAdmin));
    const outgoing = history.items
      .filter((v) => v.direction === 'outgoing')
      .map((v) => requestView(v, isAdmin));
    this.web.send(
      response,
      page,
      'portal/peers',
      'Peers',
      {
        member: `AS${page.member.asn} ${page.member.name}`,
        isMemberAdmin: isAdmin,
        csrf: page.context.csrf,
        error,
        search: filter.search,
        rsOptions: [
          { value: '', label: 'All members', isSelected: filter.rs === '' },
          { value: 'yes', label: 'On the route servers', isSelected: filter.rs === 'yes' },
          { value: 'no', label: 'Not on the route servers', isSelected: filter.rs === 'no' },
        ],
        policyOptions: [
          { value: '', label: 'Any policy', isSelected: filter.policy === '' },
          ...PEERING_POLICIES.map((p) => ({ value: p, label: p, isSelected: filter.policy === p })),
        ],
        count: entries.length,
        hasPeers: entries.length > 0,
        peers: entries.map((e) => ({
          asn: e.asn,
          name: e.name,
          url: e.url ?? '',
          hasUrl: e.url !== null,
          policy: e.policy ?? 'unknown',
          connections: e.connections.map((c) => ({
            text: [c.switchName, c.location, speedText(c.speedMbps)].filter((x) => x).join(' · ') || 'port',
          })),
          addresses: [...e.ipv4Addresses, ...e.ipv6Addresses].join(', '),
          rs: rsText(e),
          bilateral: bilateralText(e),
          canRequest: isAdmin && e.bilateral === null && e.openRequest === null,
          requestHref: `/portal/peers/AS${e.asn}/request`,
          requestLabel: `Request peering with AS${e.asn}`,
        })),
        hasIncoming: incoming.length > 0,
        incoming,
        hasOutgoing: outgoing.length > 0,
        outgoing,
        hasRequests: requests.length > 0,
        hasBilateral: bilateral.length > 0,
        bilateral: bilateral.map(({ peer, record }) => ({
          peer: `AS${peer.asn} ${peer.name}`,
          source: record.source === 'request' ? 'accepted request' : 'recorded by hand',
          note: record.note ?? '',
          removeAction: `/portal/peers/AS${peer.asn}/remove`,
          removeLabel: `Remove AS${peer.asn}`,
        })),
      },
      status,
    );
  }
}
