import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { isIxoraError } from '@ixora/errors';
import {
  DEFAULT_ROUTES_PAGE_SIZE,
  MemberRoutingService,
  parseMemberRoutesQuery,
  ROUTE_STATES,
  type MemberRoutesQuery,
} from '@ixora/member-routing';
import { Public } from '../../auth/auth.decorators.js';
import { WebPages } from '../../web/web-pages.js';
import type { WebRequest, WebResponse } from '../../web/web.types.js';
import { hygieneView, routesView } from './portal-routing.views.js';

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
    let parsed: MemberRoutesQuery;
    let error = '';
    const pageNumber = Number(query['page'] ?? 1);
    try {
      const number = Number.isInteger(pageNumber) && pageNumber >= 1 ? pageNumber : 1;
      parsed = parseMemberRoutesQuery({
        session: query['session'],
        state: query['state'],
        offset: String((number - 1) * DEFAULT_ROUTES_PAGE_SIZE),
        limit: String(DEFAULT_ROUTES_PAGE_SIZE),
      });
    } catch (caught) {
      if (!isIxoraError(caught)) throw caught;
      error = caught.message;
      parsed = { state: 'all', offset: 0, limit: DEFAULT_ROUTES_PAGE_SIZE };
    }
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
