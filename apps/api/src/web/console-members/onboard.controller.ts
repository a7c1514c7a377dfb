import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { JobQueue, MEMBER_STATUSES, type MemberConnectInput } from '@ixora/domain';
import { isIxoraError } from '@ixora/errors';
import { PeeringDbSyncService, type PeeringDbSource } from '@ixora/peeringdb';
import { OnboardingWizardService, type OnboardingPreview } from '@ixora/readiness';
import { Public } from '../../auth/auth.decorators.js';
import { WebPages, type SignedInPage } from '../web-pages.js';
import { formField, type WebRequest, type WebResponse } from '../web.types.js';
import { readinessView } from './readiness.view.js';

/** The wizard's form fields, as posted (all text). */
const FIELDS = [
  'asn',
  'allowBogonAsn',
  'name',
  'asSets',
  'maxPrefixV4',
  'maxPrefixV6',
  'status',
  'peeringLanId',
  'ipv4Address',
  'ipv4Other',
  'ipv6Address',
  'ipv6Other',
  'isRouteServerClient',
  'switchId',
  'portName',
  'speedMbps',
  'macAddresses',
] as const;
type Field = (typeof FIELDS)[number];
type Fields = Record<Field, string>;

const STATUS_OF: Record<string, number> = {
  invalid_value: 400,
  validation_failed: 400,
  conflict: 409,
  forbidden: 403,
};

function fieldsOf(request: WebRequest): Fields {
  return Object.fromEntries(FIELDS.map((name) => [name, formField(request, name).trim()])) as Fields;
}

/** The chosen address: a suggestion, or the one typed under “another address”. */
function chosenAddress(choice: string, other: string): string {
  return choice === 'other' ? other : choice;
}

function connectInput(fields: Fields): MemberConnectInput {
  return {
    asn: fields.asn,
    allowBogonAsn: fields.allowBogonAsn === '' ? undefined : fields.allowBogonAsn,
    name: fields.name,
    asSets: fields.asSets,
    maxPrefixV4: fields.maxPrefixV4,
    maxPrefixV6: fields.maxPrefixV6,
    status: fields.status,
    peeringLanId: fields.peeringLanId,
    ipv4Address: chosenAddress(fields.ipv4Address, fields.ipv4Other),
    ipv6Address: chosenAddress(fields.ipv6Address, fields.ipv6Other),
    isRouteServerClient: fields.isRouteServerClient === 'on',
    switchId: fields.switchId,
    portName: fields.portName,
    speedMbps: fields.speedMbps,
    macAddresses: fields.macAddresses,
  };
}

const text = (value: number | string | null | undefined): string =>
  value === null || value === undefined || value === '' ? '-' : String(value);

/**
 * `/admin/onboard`: a new member in three server-rendered steps, each a form with its CSRF
 * token — the ASN (PeeringDB is asked), the choices (addresses of the LAN, port, fields PeeringDB
 * suggests), the review with the readiness report — then one transaction creates it all.
 */
@ApiExcludeController()
@Public()
@Controller('admin/onboard')
export class OnboardController {
  constructor(
    private readonly web: WebPages,
    private readonly wizard: OnboardingWizardService,
    private readonly peeringDb: PeeringDbSyncService,
    private readonly jobs: JobQueue,
  ) {}

  /** Through the PeeringDB client (PEERINGDB_URL): what the network says now, not the mirror's copy. */
  private source(): PeeringDbSource {
    return this.peeringDb.source('api');
  }

  @Get()
  async start(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    const page = await this.web.staff(request, response);
    if (!page) return;
    this.sendStart(response, page, { asn: '', allowBogonAsn: '' });
  }

  /** Step 2: PeeringDB's view and the choices (also where "change" and "other LAN" come back to). */
  @Post('preview')
  async preview(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    const page = await this.web.staffForm(request, response);
    if (!page) return;
    const fields = fieldsOf(request);
    let preview: OnboardingPreview;
    try {
      preview = await this.wizard.preview(page.actor, fields.asn, this.source());
    } catch (error) {
      if (!isIxoraError(error)) throw error;
      return this.sendStart(response, page, fields, error.message, STATUS_OF[error.code] ?? 400);
    }
    if (preview.existing) {
      return this.sendStart(
        response,
        page,
        fields,
        `AS${preview.existing.asn} is already a member (${preview.existing.name}).`,
        409,
        `/admin/members/AS${preview.existing.asn}`,
      );
    }
    const isReturning = formField(request, 'step') === 'choose';
    this.sendChoose(response, page, preview, fields.allowBogonAsn, isReturning ? fields : undefined);
  }

  /** Step 3: the choices checked, and the readiness report of the member-to-be. */
  @Post('review')
  async review(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    const page = await this.web.staffForm(request, response);
    if (!page) return;
    const fields = fieldsOf(request);
    try {
      const { plan, readiness } = await this.wizard.review(page.actor, connectInput(fields), this.source());
      const hidden = FIELDS.map((name) => ({ name, value: fields[name] }));
      const lan = plan.lan;
      this.web.send(response, page, 'admin/onboard-review', `Onboard AS${plan.asn}: review`, {
        asn: String(plan.asn),
        name: plan.member.name,
        status: plan.member.status,
        asSets: plan.member.asSets.join(' ') || '-',
        maxPrefix: `IPv4 ${text(plan.member.maxPrefixV4)}, IPv6 ${text(plan.member.maxPrefixV6)}`,
        lan: `${lan.name} (${[lan.prefixV4, lan.prefixV6].filter(Boolean).join(', ')})`,
        addresses:
          [plan.memberInterface.ipv4Address, plan.memberInterface.ipv6Address].filter(Boolean).join(', ') +
          (plan.memberInterface.isRouteServerClient ? ', route-server client' : ''),
        port:
          [
            plan.port.switchName,
            plan.port.portName,
            plan.port.speedMbps ? `${plan.port.speedMbps} Mbit/s` : null,
          ]
            .filter(Boolean)
            .join(' · ') || 'no details yet',
        sessions:
          plan.sessions.map((s) => `${s.routeServer} IPv${s.family}`).join(', ') ||
          'none (not a route-server client, or no route server on this LAN)',
        readiness: readinessView(readiness),
        hidden,
        csrf: page.context.csrf,
      });
    } catch (error) {
      if (!isIxoraError(error)) throw error;
      await this.backToChoose(response, page, fields, error.message, STATUS_OF[error.code] ?? 400);
    }
  }

  /** Creates member, port, interface and sessions in one transaction, then asks for its IRR data. */
  @Post('create')
  async create(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    const page = await this.web.staffForm(request, response);
    if (!page) return;
    const fields = fieldsOf(request);
    try {
      const result = await this.wizard.create(page.actor, connectInput(fields), this.source());
      await this.jobs.enqueue(page.actor, 'irr.refresh', { asn: result.member.asn });
      response.redirect(303, `/admin/members/AS${result.member.asn}?onboarded=1`);
    } catch (error) {
      if (!isIxoraError(error)) throw error;
      await this.backToChoose(response, page, fields, error.message, STATUS_OF[error.code] ?? 400);
    }
  }

  private async backToChoose(
    response: WebResponse,
    page: SignedInPage,
    fields: Fields,
    error: string,
    status: number,
  ): Promise<void> {
    try {
      const preview = await this.wizard.preview(page.actor, fields.asn, this.source());
      this.sendChoose(response, page, preview, fields.allowBogonAsn, fields, error, status);
    } catch (again) {
      if (!isIxoraError(again)) throw again;
      this.sendStart(response, page, fields, again.message, STATUS_OF[again.code] ?? 400);
    }
  }

  private sendStart(
    response: WebResponse,
    page: SignedInPage,
    fields: Pick<Fields, 'asn' | 'allowBogonAsn'>,
    error = '',
    status = 200,
    existingHref = '',
  ): void {
    this.web.send(
      response,
      page,
      'admin/onboard',
      'Onboard a member',
      { asn: fields.asn, allowBogonAsn: fields.allowBogonAsn, error, existingHref, csrf: page.context.csrf },
      status,
    );
  }

  /** The choices page: PeeringDB's suggestions, or what staff entered when they come back. */
  private sendChoose(
    response: WebResponse,
    page: SignedInPage,
    preview: OnboardingPreview,
    allowBogonAsn: string,
    entered?: Fields,
    error = '',
    status = 200,
  ): void {
    const suggested = preview.suggested;
    const lanId = entered?.peeringLanId ? Number(entered.peeringLanId) : suggested.peeringLanId;
    const lan = preview.lans.find((l) => l.id === lanId) ?? preview.lans[0];
    const isSameLan = lan?.id === suggested.peeringLanId;
    const pick = (family: 4 | 6) => {
      const choices = (family === 4 ? lan?.ipv4Choices : lan?.ipv6Choices) ?? [];
      const fromSuggestion = isSameLan
        ? family === 4
          ? suggested.ipv4Address
          : suggested.ipv6Address
        : (choices[0]?.address ?? null);
      const chosen = entered ? entered[family === 4 ? 'ipv4Address' : 'ipv6Address'] : (fromSuggestion ?? '');
      const isKnown = choices.some((c) => c.address === chosen);
      return {
        choices: choices.map((c) => ({
          address: c.address,
          note: c.source === 'peeringdb' ? 'in PeeringDB for this network' : 'free',
          isSelected: c.address === chosen,
        })),
        isOther: chosen === 'other' || (chosen !== '' && !isKnown),
        isNone: chosen === '',
        other: entered ? entered[family === 4 ? 'ipv4Other' : 'ipv6Other'] : '',
      };
    };
    const v4 = pick(4);
    const v6 = pick(6);
    const fields = preview.fields;
    const values = entered
      ? {
          ...entered,
          isRouteServerClient: entered.isRouteServerClient === 'on',
          ipv4Other: v4.other,
          ipv6Other: v6.other,
        }
      : {
          name: fields?.name ?? '',
          asSets: fields?.asSets.join(' ') ?? '',
          maxPrefixV4: fields?.maxPrefixV4 === null || fields === null ? '' : String(fields.maxPrefixV4),
          maxPrefixV6: fields?.maxPrefixV6 === null || fields === null ? '' : String(fields.maxPrefixV6),
          status: 'onboarding',
          isRouteServerClient: suggested.isRouteServerClient,
          switchId: '',
          portName: '',
          speedMbps: suggested.speedMbps === null ? '' : String(suggested.speedMbps),
          macAddresses: '',
          ipv4Other: '',
          ipv6Other: '',
        };
    const net = preview.net;
    this.web.send(
      response,
      page,
      'admin/onboard-choose',
      `Onboard AS${preview.asn}`,
      {
        asn: String(preview.asn),
        allowBogonAsn,
        error,
        peeringDbError: preview.peeringDbError ?? '',
        net: net
          ? {
              name: net.name,
              irrAsSet: text(net.irrAsSet),
              infoPrefixes4: text(net.infoPrefixes4),
              infoPrefixes6: text(net.infoPrefixes6),
              isNeverViaRouteServers: net.isNeverViaRouteServers,
            }
          : null,
        hasNetixlans: preview.netixlans.length > 0,
        netixlans: preview.netixlans.map((n) => ({
          id: String(n.id),
          ipv4Address: text(n.ipv4Address),
          ipv6Address: text(n.ipv6Address),
          speed: n.speedMbps === null ? '-' : `${n.speedMbps} Mbit/s`,
          rsPeer: n.isRsPeer ? 'yes' : 'no',
          lanName: n.lanName ?? 'not on this exchange’s LANs',
        })),
        hasWarnings: preview.warnings.length > 0,
        warnings: [...preview.warnings],
        values,
        statuses: MEMBER_STATUSES.filter((s) => s !== 'left').map((s) => ({
          value: s,
          label: s,
          isSelected: s === (values.status || 'onboarding'),
        })),
        lans: preview.lans.map((l) => ({
          id: String(l.id),
          label: `${l.name} (${[l.prefixV4, l.prefixV6].filter(Boolean).join(', ')})`,
          isSelected: l.id === lan?.id,
        })),
        ipv4Choices: v4.choices,
        ipv4IsOther: v4.isOther,
        ipv4IsNone: v4.isNone,
        ipv6Choices: v6.choices,
        ipv6IsOther: v6.isOther,
        ipv6IsNone: v6.isNone,
        switches: preview.switches.map((s) => ({
          id: String(s.id),
          name: s.name,
          isSelected: String(s.id) === values.switchId,
        })),
        csrf: page.context.csrf,
      },
      status,
    );
  }
}
