import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { isIxoraError } from '@ixora/errors';
import { MemberRoutingService, ROUTE_STATES, type MemberRoutesReport } from '@ixora/member-routing';
import { Public } from '../../auth/auth.decorators.js';
import { routesPageQuery, routesView } from '../../portal/routing/portal-routing.views.js';
import { WebPages } from '../web-pages.js';
import type { WebRequest, WebResponse } from '../web.types.js';

/**
 * `/admin/members/:asn/routes`: a member's routes on the route servers with why filtered ones were
 * filtered and what to do, for staff; the same report and page as the member's `/portal/routes`.
 */
@ApiExcludeController()
@Public()
@Controller('admin/members')
export class MemberRoutesPageController {
  constructor(
    private readonly web: WebPages,
    private readonly routing: MemberRoutingService,
  ) {}

  @Get(':asn/routes')
  async routes(
    @Req() request: WebRequest,
    @Res() response: WebResponse,
    @Param('asn') asn: string,
    @Query() query: Record<string, unknown>,
  ): Promise<void> {
    const page = await this.web.staff(request, response);
    if (!page) return;
    const { parsed, error } = routesPageQuery(query);
    let report: MemberRoutesReport;
    try {
      report = await this.routing.routes(page.actor, asn, parsed);
    } catch (caught) {
      if (isIxoraError(caught) && (caught.code === 'not_found' || caught.code === 'invalid_value'))
        return this.web.notFound(response, page.context);
      throw caught;
    }
    this.web.send(response, page, 'portal/routes', `Routes of AS${report.asn}`, {
      ...routesView(report, parsed, ROUTE_STATES, {
        path: `/admin/members/AS${report.asn}/routes`,
        whose: `AS${report.asn}’s`,
      }),
      error,
    });
  }
}
