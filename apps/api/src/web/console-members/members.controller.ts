import { Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import { IXORA_CONFIG, type IxoraConfig } from '@ixora/config';
import {
  MEMBER_STATUSES,
  MemberService,
  NetworkRepository,
  pageRequest,
  UserService,
  type MemberStatus,
} from '@ixora/domain';
import { isIxoraError } from '@ixora/errors';
import { LookingGlassService } from '@ixora/looking-glass';
import {
  lookingGlassViews,
  maxPrefixRatios,
  MemberOverviewService,
  MemberReadinessService,
  NEAR_MAX_PREFIX_RATIO,
  type MemberOverviewFilter,
} from '@ixora/readiness';
import { DataSource } from 'typeorm';
import { Public } from '../../auth/auth.decorators.js';
import { WebPages, type SignedInPage } from '../web-pages.js';
import { formField, type WebRequest, type WebResponse } from '../web.types.js';
import { pagerView } from './pager.view.js';
import { readinessView } from './readiness.view.js';

const PAGE_SIZE = 50;

/** A yes/no filter of the list: `yes`, `no`, or anything else for "either". */
function yesNo(value: string | undefined): boolean | undefined {
  return value === 'yes' ? true : value === 'no' ? false : undefined;
}

const YES_NO_ANY = [
  { value: '', label: 'any' },
  { value: 'yes', label: 'yes' },
  { value: 'no', label: 'no' },
];

function choices(selected: string | undefined) {
  return YES_NO_ANY.map((c) => ({ ...c, isSelected: (selected ?? '') === c.value }));
}

const at = (date: Date | null): string => (date ? date.toISOString().replace('T', ' ').slice(0, 16) : '-');
const text = (value: number | string | null | undefined): string =>
  value === null || value === undefined || value === '' ? '-' : String(value);

/** `/admin/members` (the list and its filters) and `/admin/members/:asn` (one member, staff's view). */
@ApiExcludeController()
@Public()
@Controller('admin/members')
export class MembersPagesController {
  constructor(
    private readonly web: WebPages,
    private readonly overview: MemberOverviewService,
    private readonly readiness: MemberReadinessService,
    private readonly members: MemberService,
    private readonly users: UserService,
    private readonly dataSource: DataSource,
    private readonly moduleRef: ModuleRef,
    @Inject(IXORA_CONFIG) private readonly config: IxoraConfig,
  ) {}

  /** The API's looking glass, when the app runs one. */
  private lookingGlass(): LookingGlassService | undefined {
    try {
      return this.moduleRef.get(LookingGlassService, { strict: false });
    } catch {
      return undefined;
    }
  }

  @Get()
  async list(
    @Req() request: WebRequest,
    @Res() response: WebResponse,
    @Query('status') status?: string,
    @Query('rs') rs?: string,
    @Query('irr_stale') irrStale?: string,
    @Query('rpki_invalid') rpkiInvalid?: string,
    @Query('max_prefix') maxPrefix?: string,
    @Query('page') pageInput?: string,
  ): Promise<void> {
    const page = await this.web.staff(request, response);
    if (!page) return;
    const filter: MemberOverviewFilter = {
      ...(MEMBER_STATUSES.includes(status as MemberStatus) ? { status: status as MemberStatus } : {}),
      isRouteServerClient: yesNo(rs),
      isIrrStale: yesNo(irrStale),
      hasRpkiInvalid: yesNo(rpkiInvalid),
      isNearMaxPrefix: yesNo(maxPrefix),
    };
    const pageNumber = Math.max(1, Math.min(10_000, Number.parseInt(pageInput ?? '1', 10) || 1));
    const lg = this.lookingGlass();
    const ratios = lg ? await maxPrefixRatios(lg) : undefined;
    const result = await this.overview.list(
      page.actor,
      filter,
      pageRequest(PAGE_SIZE, (pageNumber - 1) * PAGE_SIZE),
      {
        staleIrrHours: this.config.alerts.staleIrrHours,
        maxPrefixRatios: ratios,
      },
    );
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries({
      status,
      rs,
      irr_stale: irrStale,
      rpki_invalid: rpkiInvalid,
      max_prefix: maxPrefix,
    }))
      if (value) query.set(key, value);
    this.web.send(response, page, 'admin/members', 'Members', {
      members: result.items.map((m) => ({
        asn: String(m.asn),
        href: `/admin/members/AS${m.asn}`,
        name: m.name,
        status: m.status,
        rs: m.isRouteServerClient ? 'yes' : 'no',
        irr: m.irrStatus + (m.isIrrStale ? ' (stale)' : ''),
        irrClass: m.isIrrStale ? 'warning' : '',
        rpkiInvalid: String(m.rpkiInvalid),
        rpkiClass: m.rpkiInvalid > 0 ? 'warning' : '',
        maxPrefix: m.maxPrefixRatio === null ? '-' : `${Math.floor(m.maxPrefixRatio * 100)} %`,
        maxPrefixClass:
          m.maxPrefixRatio !== null && m.maxPrefixRatio >= NEAR_MAX_PREFIX_RATIO ? 'warning' : '',
      })),
      hasMembers: result.items.length > 0,
      total: String(result.total),
      statuses: [{ value: '', label: 'any' }, ...MEMBER_STATUSES.map((s) => ({ value: s, label: s }))].map(
        (s) => ({
          ...s,
          isSelected: (status ?? '') === s.value,
        }),
      ),
      rsChoices: choices(rs),
      irrChoices: choices(irrStale),
      rpkiChoices: choices(rpkiInvalid),
      maxPrefixChoices: choices(maxPrefix),
      isLookingGlassRead: ratios !== undefined,
      pager: pagerView('/admin/members', query, pageNumber, PAGE_SIZE, result.total),
    });
  }

  @Get(':asn')
  async member(
    @Req() request: WebRequest,
    @Res() response: WebResponse,
    @Param('asn') asn: string,
    @Query('onboarded') onboarded?: string,
    @Query('saved') saved?: string,
  ): Promise<void> {
    const page = await this.web.staff(request, response);
    if (!page) return;
    await this.sendMember(response, page, asn, {
      notice:
        onboarded === '1'
          ? 'The member, its port, interface and route-server sessions were created. Its IRR data is being fetched: reload this page in a minute for the full readiness report.'
          : saved === '1'
            ? 'Saved.'
            : '',
    });
  }

  /** Staff change the member's own fields (status, name, AS-SETs, max-prefix). */
  @Post(':asn')
  async update(
    @Req() request: WebRequest,
    @Res() response: WebResponse,
    @Param('asn') asn: string,
  ): Promise<void> {
    const page = await this.web.staffForm(request, response);
    if (!page) return;
    try {
      const { member } = await this.members.update(page.actor, asn, {
        name: formField(request, 'name'),
        status: formField(request, 'status'),
        asSets: formField(request, 'asSets'),
        maxPrefixV4: formField(request, 'maxPrefixV4') || null,
        maxPrefixV6: formField(request, 'maxPrefixV6') || null,
      });
      response.redirect(303, `/admin/members/AS${member.asn}?saved=1`);
    } catch (error) {
      if (!isIxoraError(error)) throw error;
      if (error.code === 'not_found') return this.web.notFound(response, page.context);
      await this.sendMember(response, page, asn, {
        error: error.message,
        status: error.code === 'conflict' ? 409 : 400,
      });
    }
  }

  private async sendMember(
    response: WebResponse,
    page: SignedInPage,
    asnInput: string,
    options: { notice?: string; error?: string; status?: number },
  ): Promise<void> {
    let detail;
    try {
      detail = await this.members.get(page.actor, asnInput);
    } catch (error) {
      if (isIxoraError(error) && (error.code === 'not_found' || error.code === 'invalid_value'))
        return this.web.notFound(response, page.context);
      throw error;
    }
    const m = detail.member;
    const network = new NetworkRepository(this.dataSource.manager);
    const routeServers = new Map((await network.listRouteServers()).map((rs) => [rs.id, rs.name]));
    const lans = new Map((await network.listLans()).map((lan) => [lan.id, lan.name]));
    const lg = this.lookingGlass();
    const report = await this.readiness.report(
      page.actor,
      m.asn,
      lg ? { routeServers: lookingGlassViews(lg) } : {},
    );
    const users = (await this.users.list(page.actor)).filter((u) => u.memberId === m.id);
    this.web.send(
      response,
      page,
      'admin/member',
      `AS${m.asn} ${m.name}`,
      {
        asn: String(m.asn),
        name: m.name,
        notice: options.notice ?? '',
        error: options.error ?? '',
        fields: [
          ['ASN', `AS${m.asn}`],
          ['Status', m.status],
          ['Type', m.memberType],
          ['Website', text(m.url)],
          ['Peering policy', text(m.peeringPolicy)],
          ['AS-SETs', m.asSets.join(' ') || '-'],
          ['Max-prefix', `IPv4 ${text(m.maxPrefixV4)}, IPv6 ${text(m.maxPrefixV6)}`],
          ['Never via route servers', m.isNeverViaRouteServers ? 'yes' : 'no'],
          ['Hidden from the public', m.isHiddenFromPublic ? 'yes' : 'no'],
          ['Second factor required', m.isTwoFactorRequired ? 'yes' : 'no'],
          [
            'Bogon ASN allowed',
            m.bogonAsnReason
              ? `${m.bogonAsnReason} (${text(m.bogonAsnAllowedBy)}, ${at(m.bogonAsnAllowedAt)})`
              : 'no',
          ],
          ['Member since', text(m.memberSince)],
          ['Created', at(m.createdAt)],
        ].map(([term, value]) => ({ term, value })),
        edit: {
          name: m.name,
          asSets: m.asSets.join(' '),
          maxPrefixV4: m.maxPrefixV4 === null ? '' : String(m.maxPrefixV4),
          maxPrefixV6: m.maxPrefixV6 === null ? '' : String(m.maxPrefixV6),
          statuses: MEMBER_STATUSES.map((s) => ({ value: s, isSelected: s === m.status })),
        },
        ports: detail.ports.map((p) => ({
          id: String(p.id),
          name: text(p.portName),
          speed: p.speedMbps === null ? '-' : `${p.speedMbps} Mbit/s`,
          state: p.state,
        })),
        hasPorts: detail.ports.length > 0,
        interfaces: detail.interfaces.map((i) => ({
          id: String(i.id),
          lan: lans.get(i.peeringLanId) ?? String(i.peeringLanId),
          ipv4: text(i.ipv4Address),
          ipv6: text(i.ipv6Address),
          rs: i.isRouteServerClient ? 'yes' : 'no',
          port: text(i.portId),
        })),
        hasInterfaces: detail.interfaces.length > 0,
        sessions: detail.sessions.map((s) => ({
          id: String(s.id),
          routeServer: routeServers.get(s.routeServerId) ?? String(s.routeServerId),
          family: `IPv${s.family}`,
          enabled: s.isEnabled ? 'yes' : 'no',
          maxPrefix: text(s.maxPrefix),
        })),
        hasSessions: detail.sessions.length > 0,
        users: users.map((u) => ({
          email: u.email,
          role: u.role,
          state: u.isDisabled ? 'disabled' : u.totpEnabledAt ? 'two-factor on' : 'active',
        })),
        hasUsers: users.length > 0,
        readiness: readinessView(report),
        csrf: page.context.csrf,
      },
      options.status ?? 200,
    );
  }
}
