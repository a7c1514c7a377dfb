import { Controller, Get, Header, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { isIxoraError } from '@ixora/errors';
import { LookingGlassService, parsePageRequest, type LgNeighbor } from '@ixora/looking-glass';
import { Public } from '../auth/auth.decorators.js';
import { toApiError } from '../common/api-error.js';
import { LgRateLimitGuard } from '../lg/lg-rate-limit.guard.js';
import { LgViewerResolver } from '../lg/lg-viewer.resolver.js';
import { PageRenderer } from './page.renderer.js';
import { neighborHref, neighborPageView, routeServerView, searchPageView } from './page.views.js';

type ViewerRequest = Parameters<LgViewerResolver['viewerOf']>[0];
interface StatusResponse {
  status(code: number): unknown;
}
type PageQuery = Record<string, string | string[] | undefined>;

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The public looking-glass pages: `/` (route servers and neighbors), a neighbor's routes, and search. */
@ApiExcludeController()
@Public()
@UseGuards(LgRateLimitGuard)
@Controller()
export class PagesController {
  constructor(
    private readonly lg: LookingGlassService,
    private readonly viewers: LgViewerResolver,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  async index(
    @Req() request: ViewerRequest,
    @Res({ passthrough: true }) response: StatusResponse,
  ): Promise<string> {
    return this.safely(response, async () => {
      const viewer = await this.viewers.viewerOf(request);
      const { routeservers, api } = await this.lg.routeServers();
      const views = await Promise.all(
        routeservers.map(async (rs) => {
          let neighbors: readonly LgNeighbor[] | undefined;
          let error: string | undefined;
          try {
            neighbors = rs.status === 'up' ? (await this.lg.neighbors(rs.id, viewer)).neighbors : undefined;
          } catch (failure) {
            error = failure instanceof Error ? failure.message : String(failure);
          }
          return routeServerView(rs, neighbors, error);
        }),
      );
      return this.pages.render('index', 'Looking glass', {
        routeServers: views,
        hasRouteServers: views.length > 0,
        readAt: api.read_at,
      });
    });
  }

  @Get('routeservers/:routeServerId/neighbors/:neighborId')
  @Header('content-type', 'text/html; charset=utf-8')
  async neighbor(
    @Param('routeServerId') routeServerId: string,
    @Param('neighborId') neighborId: string,
    @Query() query: PageQuery,
    @Req() request: ViewerRequest,
    @Res({ passthrough: true }) response: StatusResponse,
  ): Promise<string> {
    return this.safely(response, async () => {
      const viewer = await this.viewers.viewerOf(request);
      const size = one(query['page_size']);
      const receivedPage = parsePageRequest(one(query['page']), size);
      const filteredPage = parsePageRequest(one(query['filtered_page']), size);
      const q = one(query['q']) || undefined;
      const [received, filtered] = await Promise.all([
        this.lg.routes(routeServerId, neighborId, 'received', receivedPage, q, viewer),
        this.lg.routes(routeServerId, neighborId, 'filtered', filteredPage, q, viewer),
      ]);
      const base = neighborHref(received.neighbor.route_server_id, received.neighbor.id);
      const href = (name: string, other: string, otherPage: number) => (page: number) =>
        `${base}?${new URLSearchParams({ [name]: String(page), [other]: String(otherPage), ...(q ? { q } : {}) }).toString()}`;
      const view = neighborPageView(received, filtered, {
        received: href('page', 'filtered_page', filteredPage.page),
        filtered: href('filtered_page', 'page', receivedPage.page),
      });
      return this.pages.render(
        'neighbor',
        `AS${received.neighbor.asn} on ${received.neighbor.route_server_id}`,
        { ...view, q: q ?? '' },
      );
    });
  }

  @Get('search')
  @Header('content-type', 'text/html; charset=utf-8')
  async search(
    @Query() query: PageQuery,
    @Req() request: ViewerRequest,
    @Res({ passthrough: true }) response: StatusResponse,
  ): Promise<string> {
    return this.safely(response, async () => {
      const q = one(query['q']) ?? '';
      const page = parsePageRequest(one(query['page']), one(query['page_size']));
      const lookup =
        q === '' ? undefined : await this.lg.lookup(q, page, await this.viewers.viewerOf(request));
      const href = (p: number): string => `/search?${new URLSearchParams({ q, page: String(p) }).toString()}`;
      return this.pages.render('search', q ? `Search ${q}` : 'Search', searchPageView(q, lookup, href), q);
    });
  }

  /** Errors as a page with the API's status and message (never a stack trace). */
  private async safely(response: StatusResponse, render: () => Promise<string>): Promise<string> {
    try {
      return await render();
    } catch (error) {
      const { body } = toApiError(error);
      response.status(body.error.status);
      const message = isIxoraError(error) ? error.message : body.error.message;
      return this.pages.render('error', 'Error', { status: body.error.status, message });
    }
  }
}
