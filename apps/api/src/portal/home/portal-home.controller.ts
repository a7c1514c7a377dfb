import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  MemberInterfaceService,
  MemberPortalService,
  PortService,
  TwoFactorService,
  type PortView,
} from '@ixora/domain';
import { LookingGlassService } from '@ixora/looking-glass';
import { Public } from '../../auth/auth.decorators.js';
import { WebPages, type MemberPage } from '../../web/web-pages.js';
import type { WebRequest, WebResponse } from '../../web/web.types.js';
import { sessionStates, type RouteServerReading } from './session-states.js';

const ROLE_NAMES = {
  admin: 'staff (admin)',
  member_admin: 'member admin',
  member_user: 'member user',
} as const;

function portLabel(view: PortView | undefined): string {
  if (!view) return 'no port recorded';
  const name = [view.switchName, view.port.portName].filter((part) => part !== null).join(' ');
  return name || `port ${view.port.id}`;
}

/** `/portal`: the member's ports, addresses and route-server sessions with their live state. */
@ApiExcludeController()
@Public()
@Controller()
export class PortalHomeController {
  constructor(
    private readonly web: WebPages,
    private readonly portal: MemberPortalService,
    private readonly ports: PortService,
    private readonly memberInterfaces: MemberInterfaceService,
    private readonly twoFactor: TwoFactorService,
    private readonly lg: LookingGlassService,
  ) {}

  @Get('portal')
  async home(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    const page = await this.web.member(request, response);
    if (!page) return;
    const [ports, interfaces, sessions] = await Promise.all([
      this.ports.list(page.actor),
      this.memberInterfaces.list(page.actor),
      this.portal.sessions(page.actor),
    ]);
    const readings = await this.readRouteServers(page, [...new Set(sessions.map((s) => s.routeServer))]);
    const portsById = new Map(ports.map((view) => [view.port.id, view]));
    const { signedIn } = page;
    this.web.send(response, page, 'portal', 'Member portal', {
      email: signedIn.user.email,
      role: ROLE_NAMES[signedIn.actor.role],
      member: `AS${page.member.asn} ${page.member.name}`,
      hasTwoFactor: signedIn.user.totpEnabledAt !== null,
      recoveryCodesLeft: await this.twoFactor.unusedRecoveryCodes(signedIn.user.id),
      isTwoFactorRequired: page.member.isTwoFactorRequired,
      isMemberAdmin: page.isMemberAdmin,
      csrf: page.context.csrf,
      ports: ports.map((view) => ({
        name: portLabel(view),
        speed: view.port.speedMbps === null ? 'unknown' : `${view.port.speedMbps} Mbit/s`,
        state: view.port.state,
      })),
      hasPorts: ports.length > 0,
      interfaces: interfaces.map(({ memberInterface: mi, peeringLanName }) => ({
        peeringLan: peeringLanName,
        port: portLabel(mi.portId === null ? undefined : portsById.get(mi.portId)),
        ipv4: mi.ipv4Address ?? '–',
        ipv6: mi.ipv6Address ?? '–',
        macs: mi.macAddresses.length > 0 ? mi.macAddresses.join(', ') : '–',
      })),
      hasInterfaces: interfaces.length > 0,
      routeServers: sessionStates(sessions, page.member.asn, readings),
      hasSessions: sessions.length > 0,
    });
  }

  /** Each route server's neighbors from the looking glass's snapshot; an unreadable one is said so. */
  private async readRouteServers(
    page: MemberPage,
    names: readonly string[],
  ): Promise<Map<string, RouteServerReading>> {
    const viewer = { kind: 'member', asn: page.member.asn } as const;
    const entries = await Promise.all(
      names.map(async (name): Promise<[string, RouteServerReading]> => {
        try {
          const { neighbors } = await this.lg.neighbors(name, viewer);
          return [name, { isReadable: true, neighbors }];
        } catch {
          return [name, { isReadable: false }];
        }
      }),
    );
    return new Map(entries);
  }
}
