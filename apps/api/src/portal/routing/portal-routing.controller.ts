import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { MemberRoutingService, ROUTE_STATES } from '@ixora/member-routing';
import { Public } from '../../auth/auth.decorators.js';
import { WebPages } from '../../web/web-pages.js';
import type { WebRequest, WebResponse } from '../../web/web.types.js';
import { hygieneView, routesPageQuery, routesView } from './portal-routing.views.js';

/** `/portal/routes` and `/portal/hygiene`: the signed-in member's own routes and routing hygiene. */
@ApiExcludeController()
@Public()
@Controller()
export class PortalRoutingController {
  constructor(
    private readonly web: WebPages,
    private readonly routing: MemberRoutingService,
  ) {}

  @Get('portal/routes')
  async routes(
    @Req() request: WebRequest,
    @Res() response: WebResponse,
    @Query() query: Record<string, unknown>,
  ): Promise<void> {
    const page = await this.web.member(request, response);
    if (!page) return;
    const { parsed, error } = routesPageQuery(query);
    const report = await this.routing.routes(page.actor, page.member.asn, parsed);
    this.web.send(response, page, 'portal/routes', 'Routes', {
      ...routesView(report, parsed, ROUTE_STATES),
      error,
    });
  }

  @Get('portal/hygiene')
  async hygiene(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    const page = await this.web.member(request, response);
    if (!page) return;
    const report = await this.routing.hygiene(page.actor, page.member.asn);
    this.web.send(
      response,
      page,
      'portal/hygiene',
      'Routing hygiene',
      hygieneView(report, page.member.asSets),
    );
  }
}
