import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  IxpService,
  MemberInterfaceService,
  PortService,
  type MemberInterfaceView,
  type PortView,
} from '@ixora/domain';
import { Public } from '../../auth/auth.decorators.js';
import { WebPages, type SignedInPage } from '../web-pages.js';
import type { WebRequest, WebResponse } from '../web.types.js';
import { fieldsOf, given, listOf, noticeOf, options, refusalOf } from './admin-page.support.js';

const FIELDS = [
  'member',
  'peeringLanId',
  'portId',
  'ipv4Address',
  'ipv6Address',
  'macAddresses',
  'isRouteServerClient',
] as const;
type InterfaceForm = Record<(typeof FIELDS)[number], string>;
const EMPTY: InterfaceForm = {
  member: '',
  peeringLanId: '',
  portId: '',
  ipv4Address: '',
  ipv6Address: '',
  macAddresses: '',
  isRouteServerClient: 'on',
};

interface Outcome {
  readonly status: number;
  readonly error: string;
  readonly notice: string;
}

/**
 * `/admin/interfaces`: members' addresses (IPv4, IPv6, MACs) on the peering LANs, over their
 * ports, with their route-server sessions; forms to add, change and remove them.
 */
@ApiExcludeController()
@Public()
@Controller('admin/interfaces')
export class AdminInterfacesController {
  constructor(
    private readonly web: WebPages,
    private readonly interfaces: MemberInterfaceService,
    private readonly ports: PortService,
    private readonly ixps: IxpService,
  ) {}

  @Get()
  async list(
    @Req() request: WebRequest,
    @Res() response: WebResponse,
    @Query('member') member?: string,
    @Query('done') done?: string,
  ): Promise<void> {
    const page = await this.web.staff(request, response);
    if (!page) return;
    const filter = member ?? '';
    await this.sendList(
      response,
      page,
      filter,
      { status: 200, error: '', notice: noticeOf(done) },
      {
        ...EMPTY,
        member: filter,
      },
    );
  }

  @Post()
  async create(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    const page = await this.web.staffForm(request, response);
    if (!page) return;
    const form = fieldsOf(request, FIELDS);
    try {
      const saved = await this.interfaces.create(page.actor, form.member, {
        peeringLanId: form.peeringLanId,
        portId: given(form.portId),
        ipv4Address: given(form.ipv4Address),
        ipv6Address: given(form.ipv6Address),
        macAddresses: listOf(form.macAddresses),
        isRouteServerClient: form.isRouteServerClient === 'on',
      });
      response.redirect(303, `/admin/interfaces/${saved.id}?done=interface-added`);
    } catch (error) {
      const { status, message } = refusalOf(error);
      await this.sendList(response, page, form.member, { status, error: message, notice: '' }, form);
    }
  }

  @Get(':id')
  async show(
    @Req() request: WebRequest,
    @Res() response: WebResponse,
    @Param('id') id: string,
    @Query('done') done?: string,
  ): Promise<void> {
    const page = await this.web.staff(request, response);
    if (!page) return;
    await this.sendOne(response, page, id, { status: 200, error: '', notice: noticeOf(done) });
  }

  @Post(':id/edit')
  async edit(
    @Req() request: WebRequest,
    @Res() response: WebResponse,
    @Param('id') id: string,
  ): Promise<void> {
    const page = await this.web.staffForm(request, response);
    if (!page) return;
    const form = fieldsOf(request, FIELDS);
    try {
      await this.interfaces.update(page.actor, id, {
        portId: form.portId,
        ipv4Address: form.ipv4Address,
        ipv6Address: form.ipv6Address,
        macAddresses: listOf(form.macAddresses),
        isRouteServerClient: form.isRouteServerClient === 'on',
      });
      response.redirect(303, `/admin/interfaces/${id}?done=interface-changed`);
    } catch (error) {
      const { status, message } = refusalOf(error);
      await this.sendOne(response, page, id, { status, error: message, notice: '' });
    }
  }

  @Post(':id/remove')
  async remove(
    @Req() request: WebRequest,
    @Res() response: WebResponse,
    @Param('id') id: string,
  ): Promise<void> {
    const page = await this.web.staffForm(request, response);
    if (!page) return;
    const removeSessions = fieldsOf(request, ['removeSessions']).removeSessions === 'on';
    try {
      const view = await this.interfaces.get(page.actor, id);
      await this.interfaces.remove(page.actor, id, { removeSessions });
      response.redirect(303, `/admin/interfaces?member=${view.memberAsn}&done=interface-removed`);
    } catch (error) {
      const { status, message } = refusalOf(error);
      await this.sendOne(response, page, id, { status, error: message, notice: '' });
    }
  }

  private async portOptions(page: SignedInPage, member: string, selected: string) {
    let ports: PortView[] = [];
    try {
      ports = await this.ports.list(page.actor, { member: given(member) });
    } catch {
      ports = [];
    }
    return [
      { value: '', label: 'no port', isSelected: selected === '' },
      ...options(
        ports.map((p) => ({
          value: String(p.port.id),
          label: `Port ${p.port.id}: AS${p.memberAsn} ${p.switchName ?? '-'} ${p.port.portName ?? '-'}`,
        })),
        selected,
      ),
    ];
  }

  private async sendList(
    response: WebResponse,
    page: SignedInPage,
    member: string,
    outcome: Outcome,
    form: InterfaceForm,
  ): Promise<void> {
    let rows: MemberInterfaceView[] = [];
    let { status, error } = outcome;
    try {
      rows = await this.interfaces.list(page.actor, { member: given(member) });
    } catch (e) {
      ({ status, message: error } = refusalOf(e));
    }
    const lans = await this.ixps.listLans();
    this.web.send(
      response,
      page,
      'admin/interfaces',
      'Member interfaces',
      {
        csrf: page.context.csrf,
        error,
        notice: outcome.notice,
        member,
        interfaces: rows.map(interfaceRow),
        hasInterfaces: rows.length > 0,
        add: {
          ...form,
          isRouteServerClient: form.isRouteServerClient === 'on',
          lanOptions: options(
            lans.map((l) => ({
              value: String(l.id),
              label: `${l.name} (${[l.prefixV4, l.prefixV6].filter(Boolean).join(', ')})`,
            })),
            form.peeringLanId,
          ),
          portOptions: await this.portOptions(page, member, form.portId),
        },
      },
      status,
    );
  }

  private async sendOne(
    response: WebResponse,
    page: SignedInPage,
    id: string,
    outcome: Outcome,
  ): Promise<void> {
    let view: MemberInterfaceView;
    try {
      view = await this.interfaces.get(page.actor, id);
    } catch (error) {
      refusalOf(error);
      return this.web.notFound(response, page.context);
    }
    const i = view.memberInterface;
    this.web.send(
      response,
      page,
      'admin/interface',
      `Member interface ${i.id}`,
      {
        csrf: page.context.csrf,
        error: outcome.error,
        notice: outcome.notice,
        ...interfaceRow(view),
        listHref: `/admin/interfaces?member=${view.memberAsn}`,
        edit: {
          ipv4Address: i.ipv4Address ?? '',
          ipv6Address: i.ipv6Address ?? '',
          macAddresses: i.macAddresses.join(', '),
          isRouteServerClient: i.isRouteServerClient,
          portOptions: await this.portOptions(
            page,
            String(view.memberAsn),
            i.portId === null ? '' : String(i.portId),
          ),
        },
      },
      outcome.status,
    );
  }
}

function interfaceRow(v: MemberInterfaceView) {
  const i = v.memberInterface;
  return {
    id: i.id,
    href: `/admin/interfaces/${i.id}`,
    memberAsn: `AS${v.memberAsn}`,
    peeringLan: v.peeringLanName,
    port: i.portId === null ? '-' : `${v.switchName ?? '-'} ${v.portName ?? '-'}`,
    portHref: i.portId === null ? '' : `/admin/ports/${i.portId}`,
    ipv4Address: i.ipv4Address ?? '-',
    ipv6Address: i.ipv6Address ?? '-',
    macAddresses: i.macAddresses.join(', ') || '-',
    isRouteServerClient: i.isRouteServerClient ? 'yes' : 'no',
    sessions: v.sessions.map((s) => ({
      text: `${s.routeServerName} IPv${s.family} ${s.isEnabled ? 'enabled' : 'disabled'} (session ${s.id})`,
    })),
    hasSessions: v.sessions.length > 0,
  };
}
