import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  PORT_STATES,
  PortService,
  SwitchService,
  type Actor,
  type PortView,
  type SwitchView,
} from '@ixora/domain';
import { Public } from '../../auth/auth.decorators.js';
import { WebPages, type SignedInPage } from '../web-pages.js';
import type { WebRequest, WebResponse } from '../web.types.js';
import { fieldsOf, given, listOf, noticeOf, options, refusalOf, speedText } from './admin-page.support.js';

const PORT_FIELDS = [
  'member',
  'switch',
  'portName',
  'isLag',
  'lagMembers',
  'linkSpeedMbps',
  'linkType',
  'state',
] as const;
const SWITCH_FIELDS = ['name', 'colo', 'peeringdbFacilityId', 'managementAddress'] as const;
type PortForm = Record<(typeof PORT_FIELDS)[number], string>;
type SwitchForm = Record<(typeof SWITCH_FIELDS)[number], string>;

const EMPTY_PORT: PortForm = {
  member: '',
  switch: '',
  portName: '',
  isLag: '',
  lagMembers: '',
  linkSpeedMbps: '',
  linkType: '',
  state: 'active',
};
const EMPTY_SWITCH: SwitchForm = { name: '', colo: '', peeringdbFacilityId: '', managementAddress: '' };

/** What the ports page may show above its content: a refusal (with its status) or a notice. */
interface Outcome {
  readonly status: number;
  readonly error: string;
  readonly notice: string;
}

const OK = (done?: unknown): Outcome => ({ status: 200, error: '', notice: noticeOf(done) });

/**
 * `/admin/ports`: members' ports (physical and LAG) with filters by member and switch, the
 * switches, and forms to add, change, move and remove them. Every change goes through the port
 * and switch services (the same checks and audit records as the API and the CLI).
 */
@ApiExcludeController()
@Public()
@Controller('admin')
export class AdminPortsController {
  constructor(
    private readonly web: WebPages,
    private readonly ports: PortService,
    private readonly switches: SwitchService,
  ) {}

  @Get('ports')
  async list(
    @Req() request: WebRequest,
    @Res() response: WebResponse,
    @Query('member') member?: string,
    @Query('switch') sw?: string,
    @Query('done') done?: string,
  ): Promise<void> {
    const page = await this.web.staff(request, response);
    if (!page) return;
    await this.sendList(response, page, { member: member ?? '', switch: sw ?? '' }, OK(done));
  }

  @Post('ports')
  async create(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    const page = await this.web.staffForm(request, response);
    if (!page) return;
    const form = fieldsOf(request, PORT_FIELDS);
    try {
      const view = await this.ports.create(page.actor, {
        member: form.member,
        switch: form.switch,
        portName: form.portName,
        isLag: form.isLag === 'on',
        lagMembers: form.isLag === 'on' ? listOf(form.lagMembers) : undefined,
        linkSpeedMbps: given(form.linkSpeedMbps),
        linkType: given(form.linkType),
        state: form.state,
      });
      response.redirect(303, `/admin/ports/${view.port.id}?done=port-added`);
    } catch (error) {
      const { status, message } = refusalOf(error);
      await this.sendList(
        response,
        page,
        { member: '', switch: '' },
        { status, error: message, notice: '' },
        form,
      );
    }
  }

  @Post('switches')
  async createSwitch(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    const page = await this.web.staffForm(request, response);
    if (!page) return;
    const form = fieldsOf(request, SWITCH_FIELDS);
    try {
      await this.switches.create(page.actor, {
        name: form.name,
        colo: given(form.colo),
        peeringdbFacilityId: given(form.peeringdbFacilityId),
        managementAddress: given(form.managementAddress),
      });
      response.redirect(303, '/admin/ports?done=switch-added');
    } catch (error) {
      const { status, message } = refusalOf(error);
      const outcome = { status, error: message, notice: '' };
      await this.sendList(response, page, { member: '', switch: '' }, outcome, undefined, form);
    }
  }

  @Post('switches/:id/remove')
  async removeSwitch(
    @Req() request: WebRequest,
    @Res() response: WebResponse,
    @Param('id') id: string,
  ): Promise<void> {
    const page = await this.web.staffForm(request, response);
    if (!page) return;
    try {
      await this.switches.remove(page.actor, id);
      response.redirect(303, '/admin/ports?done=switch-removed');
    } catch (error) {
      const { status, message } = refusalOf(error);
      await this.sendList(response, page, { member: '', switch: '' }, { status, error: message, notice: '' });
    }
  }

  @Get('switches/:id')
  async showSwitch(
    @Req() request: WebRequest,
    @Res() response: WebResponse,
    @Param('id') id: string,
    @Query('done') done?: string,
  ): Promise<void> {
    const page = await this.web.staff(request, response);
    if (!page) return;
    await this.sendSwitch(response, page, id, OK(done));
  }

  @Post('switches/:id/edit')
  async editSwitch(
    @Req() request: WebRequest,
    @Res() response: WebResponse,
    @Param('id') id: string,
  ): Promise<void> {
    const page = await this.web.staffForm(request, response);
    if (!page) return;
    const form = fieldsOf(request, [...SWITCH_FIELDS, 'city', 'country', 'manufacturer', 'model'] as const);
    try {
      const saved = await this.switches.update(page.actor, id, form);
      response.redirect(303, `/admin/switches/${saved.id}?done=switch-changed`);
    } catch (error) {
      const { status, message } = refusalOf(error);
      await this.sendSwitch(response, page, id, { status, error: message, notice: '' });
    }
  }

  @Get('ports/:id')
  async show(
    @Req() request: WebRequest,
    @Res() response: WebResponse,
    @Param('id') id: string,
    @Query('done') done?: string,
  ): Promise<void> {
    const page = await this.web.staff(request, response);
    if (!page) return;
    await this.sendPort(response, page, id, OK(done));
  }

  @Post('ports/:id/edit')
  async edit(
    @Req() request: WebRequest,
    @Res() response: WebResponse,
    @Param('id') id: string,
  ): Promise<void> {
    const page = await this.web.staffForm(request, response);
    if (!page) return;
    const form = fieldsOf(request, PORT_FIELDS);
    await this.change(response, page, id, 'port-changed', () =>
      this.ports.update(page.actor, id, {
        isLag: form.isLag === 'on',
        lagMembers: form.isLag === 'on' ? listOf(form.lagMembers) : undefined,
        linkSpeedMbps: form.linkSpeedMbps,
        linkType: form.linkType,
        state: form.state,
      }),
    );
  }

  @Post('ports/:id/move')
  async move(
    @Req() request: WebRequest,
    @Res() response: WebResponse,
    @Param('id') id: string,
  ): Promise<void> {
    const page = await this.web.staffForm(request, response);
    if (!page) return;
    const form = fieldsOf(request, PORT_FIELDS);
    await this.change(response, page, id, 'port-moved', () =>
      this.ports.move(page.actor, id, {
        switch: given(form.switch),
        portName: given(form.portName),
        lagMembers: form.lagMembers === '' ? undefined : listOf(form.lagMembers),
      }),
    );
  }

  @Post('ports/:id/remove')
  async remove(
    @Req() request: WebRequest,
    @Res() response: WebResponse,
    @Param('id') id: string,
  ): Promise<void> {
    const page = await this.web.staffForm(request, response);
    if (!page) return;
    const removeSessions = fieldsOf(request, ['removeSessions']).removeSessions === 'on';
    try {
      await this.ports.remove(page.actor, id, { removeSessions });
      response.redirect(303, '/admin/ports?done=port-removed');
    } catch (error) {
      const { status, message } = refusalOf(error);
      await this.sendPort(response, page, id, { status, error: message, notice: '' });
    }
  }

  private async change(
    response: WebResponse,
    page: SignedInPage,
    id: string,
    done: string,
    apply: () => Promise<PortView>,
  ): Promise<void> {
    try {
      const view = await apply();
      response.redirect(303, `/admin/ports/${view.port.id}?done=${done}`);
    } catch (error) {
      const { status, message } = refusalOf(error);
      await this.sendPort(response, page, id, { status, error: message, notice: '' });
    }
  }

  private async switchOptions(actor: Actor, selected: string) {
    const all = await this.switches.list(actor);
    return {
      all,
      options: options(
        all.map((s) => ({
          value: s.switch.name,
          label: `${s.switch.name}${s.switch.colo ? ` (${s.switch.colo})` : ''}`,
        })),
        selected,
      ),
    };
  }

  private async sendList(
    response: WebResponse,
    page: SignedInPage,
    filter: { member: string; switch: string },
    outcome: Outcome,
    portForm: PortForm = EMPTY_PORT,
    switchForm: SwitchForm = EMPTY_SWITCH,
  ): Promise<void> {
    let ports: PortView[] = [];
    let error = outcome.error;
    let status = outcome.status;
    try {
      ports = await this.ports.list(page.actor, {
        member: given(filter.member),
        switch: given(filter.switch),
      });
    } catch (e) {
      ({ status, message: error } = refusalOf(e));
    }
    const { all, options: switchFilter } = await this.switchOptions(page.actor, filter.switch);
    const memberFilter = filter.member.replace(/^AS/i, '');
    this.web.send(
      response,
      page,
      'admin/ports',
      'Ports',
      {
        csrf: page.context.csrf,
        error,
        notice: outcome.notice,
        filter: { member: filter.member, switchOptions: switchFilter },
        interfacesHref: memberFilter
          ? `/admin/interfaces?member=${encodeURIComponent(memberFilter)}`
          : '/admin/interfaces',
        ports: ports.map(portRow),
        hasPorts: ports.length > 0,
        switches: all.map(switchRow),
        hasSwitches: all.length > 0,
        add: {
          ...portForm,
          isLag: portForm.isLag === 'on',
          switchOptions: options(
            all.map((s) => s.switch.name),
            portForm.switch,
          ),
          stateOptions: options(PORT_STATES, portForm.state || 'active'),
        },
        addSwitch: switchForm,
      },
      status,
    );
  }

  private async sendSwitch(
    response: WebResponse,
    page: SignedInPage,
    id: string,
    outcome: Outcome,
  ): Promise<void> {
    let view: SwitchView;
    try {
      view = await this.switches.get(page.actor, id);
    } catch (error) {
      refusalOf(error);
      return this.web.notFound(response, page.context);
    }
    const s = view.switch;
    const text = (value: string | number | null) => (value === null ? '' : String(value));
    this.web.send(
      response,
      page,
      'admin/switch',
      `Switch ${s.name}`,
      {
        csrf: page.context.csrf,
        error: outcome.error,
        notice: outcome.notice,
        id: s.id,
        name: s.name,
        portCount: view.portCount,
        portsHref: `/admin/ports?switch=${encodeURIComponent(s.name)}`,
        fields: [
          { key: 'name', label: 'Name (e.g. sw1.fra1)', value: s.name },
          { key: 'colo', label: 'Facility where it stands', value: text(s.colo) },
          { key: 'peeringdbFacilityId', label: 'PeeringDB facility id', value: text(s.peeringdbFacilityId) },
          {
            key: 'managementAddress',
            label: 'Management address (IPv4 or IPv6)',
            value: text(s.managementAddress),
          },
          { key: 'city', label: 'City', value: text(s.city) },
          { key: 'country', label: 'Country (ISO 3166 two-letter code)', value: text(s.country) },
          { key: 'manufacturer', label: 'Manufacturer', value: text(s.manufacturer) },
          { key: 'model', label: 'Model', value: text(s.model) },
        ],
      },
      outcome.status,
    );
  }

  private async sendPort(
    response: WebResponse,
    page: SignedInPage,
    id: string,
    outcome: Outcome,
  ): Promise<void> {
    let view: PortView;
    try {
      view = await this.ports.get(page.actor, id);
    } catch (error) {
      refusalOf(error);
      return this.web.notFound(response, page.context);
    }
    const p = view.port;
    const lagMembers = p.isLag
      ? p.interfaces
          .map((i) => i.name ?? '')
          .filter(Boolean)
          .join(', ')
      : '';
    const { options: switchOptions } = await this.switchOptions(page.actor, view.switchName ?? '');
    this.web.send(
      response,
      page,
      'admin/port',
      `Port ${p.id}`,
      {
        csrf: page.context.csrf,
        error: outcome.error,
        notice: outcome.notice,
        ...portRow(view),
        isLag: p.isLag,
        edit: {
          lagMembers,
          linkSpeedMbps:
            p.interfaces[0]?.speedMbps === null || p.interfaces[0] === undefined
              ? ''
              : String(p.interfaces[0].speedMbps),
          linkType: p.interfaces[0]?.type ?? '',
          stateOptions: options(PORT_STATES, p.state),
        },
        move: { portName: p.portName ?? '', switchOptions },
        interfacesHref: `/admin/interfaces?member=${view.memberAsn}`,
        interfaces: view.memberInterfaceIds.map((i) => ({ id: i, href: `/admin/interfaces/${i}` })),
        hasInterfaces: view.memberInterfaceIds.length > 0,
      },
      outcome.status,
    );
  }
}

function portRow(v: PortView) {
  const p = v.port;
  return {
    id: p.id,
    href: `/admin/ports/${p.id}`,
    member: `AS${v.memberAsn} ${v.memberName}`,
    memberAsn: `AS${v.memberAsn}`,
    switchName: v.switchName ?? '-',
    portName: p.portName ?? '-',
    lagMembers: p.isLag ? p.interfaces.map((i) => i.name ?? '?').join(', ') : '-',
    speed: speedText(p.speedMbps),
    state: p.state,
    interfaceCount: v.memberInterfaceIds.length,
  };
}

function switchRow(v: SwitchView) {
  const s = v.switch;
  return {
    id: s.id,
    name: s.name,
    colo: s.colo ?? '-',
    facility: s.peeringdbFacilityId === null ? '-' : String(s.peeringdbFacilityId),
    managementAddress: s.managementAddress ?? '-',
    portCount: v.portCount,
    href: `/admin/switches/${s.id}`,
    filterHref: `/admin/ports?switch=${encodeURIComponent(s.name)}`,
    canRemove: v.portCount === 0,
  };
}
