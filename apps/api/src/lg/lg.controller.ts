import { Controller, Get, Param, Query, Req, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import {
  LookingGlassService,
  parsePageRequest,
  type LgLookupResponse,
  type LgNeighborsResponse,
  type LgRouteKind,
  type LgRouteServersResponse,
  type LgRoutesResponse,
  type LgStatusResponse,
} from '@ixora/looking-glass';
import { Public } from '../auth/auth.decorators.js';
import { apiErrorSchema } from '../common/error.schema.js';
import { LgCacheHeaderInterceptor } from './lg-cache-header.interceptor.js';
import { LgRateLimitGuard } from './lg-rate-limit.guard.js';
import { LgViewerResolver } from './lg-viewer.resolver.js';
import {
  lookupQuery,
  lookupResponse,
  neighborParams,
  neighborsResponse,
  routeServerParams,
  routeServersResponse,
  routesQuery,
  routesResponse,
  statusResponse,
  type LookupQuery,
  type NeighborParams,
  type RouteServerParams,
  type RoutesQuery,
} from './lg.schemas.js';

type ViewerRequest = Parameters<LgViewerResolver['viewerOf']>[0];

/**
 * The public, read-only looking glass (Alice-LG's API shape). No token needed; a staff or member
 * token also shows members hidden from the public. Answers come from the background snapshots.
 */
@ApiTags('looking glass')
@Public()
@UseGuards(LgRateLimitGuard)
@UseInterceptors(LgCacheHeaderInterceptor)
@ApiTooManyRequestsResponse({
  description: 'rate limit per client; see Retry-After',
  standardSchema: apiErrorSchema,
})
@Controller('api/lg/v1')
export class LgController {
  constructor(
    private readonly lg: LookingGlassService,
    private readonly viewers: LgViewerResolver,
  ) {}

  @Get('routeservers')
  @ApiOperation({ summary: 'route servers with their status' })
  @ApiOkResponse({ standardSchema: routeServersResponse })
  routeServers(): Promise<LgRouteServersResponse> {
    return this.lg.routeServers();
  }

  @Get('routeservers/:routeServerId/status')
  @ApiOkResponse({ standardSchema: statusResponse })
  status(@Param({ schema: routeServerParams }) p: RouteServerParams): Promise<LgStatusResponse> {
    return this.lg.status(p.routeServerId);
  }

  @Get('routeservers/:routeServerId/neighbors')
  @ApiOperation({ summary: 'BGP sessions of a route server: state, uptime, last error, routes per family' })
  @ApiOkResponse({ standardSchema: neighborsResponse })
  async neighbors(
    @Param({ schema: routeServerParams }) p: RouteServerParams,
    @Req() request: ViewerRequest,
  ): Promise<LgNeighborsResponse> {
    return this.lg.neighbors(p.routeServerId, await this.viewers.viewerOf(request));
  }

  @Get('routeservers/:routeServerId/neighbors/:neighborId/routes/received')
  @ApiOperation({ summary: 'routes the route server accepted from the neighbor' })
  @ApiOkResponse({ standardSchema: routesResponse('imported') })
  received(
    @Param({ schema: neighborParams }) p: NeighborParams,
    @Query({ schema: routesQuery }) q: RoutesQuery,
    @Req() r: ViewerRequest,
  ) {
    return this.routes(p, q, r, 'received');
  }

  @Get('routeservers/:routeServerId/neighbors/:neighborId/routes/filtered')
  @ApiOperation({ summary: 'routes the route server filtered, each with its reason in words' })
  @ApiOkResponse({ standardSchema: routesResponse('filtered') })
  filtered(
    @Param({ schema: neighborParams }) p: NeighborParams,
    @Query({ schema: routesQuery }) q: RoutesQuery,
    @Req() r: ViewerRequest,
  ) {
    return this.routes(p, q, r, 'filtered');
  }

  @Get('routeservers/:routeServerId/neighbors/:neighborId/routes/not-exported')
  @ApiOperation({ summary: 'routes the route server does not export to the neighbor' })
  @ApiOkResponse({ standardSchema: routesResponse('not_exported') })
  notExported(
    @Param({ schema: neighborParams }) p: NeighborParams,
    @Query({ schema: routesQuery }) q: RoutesQuery,
    @Req() r: ViewerRequest,
  ) {
    return this.routes(p, q, r, 'not-exported');
  }

  @Get('routeservers/:routeServerId/neighbors/:neighborId/routes/exported')
  @ApiOperation({ summary: 'routes the route server exports to the neighbor' })
  @ApiOkResponse({ standardSchema: routesResponse('exported') })
  exported(
    @Param({ schema: neighborParams }) p: NeighborParams,
    @Query({ schema: routesQuery }) q: RoutesQuery,
    @Req() r: ViewerRequest,
  ) {
    return this.routes(p, q, r, 'exported');
  }

  @Get('lookup/prefix')
  @ApiOperation({
    summary: 'a prefix, an address (its covering prefixes) or an origin ASN across all route servers',
  })
  @ApiOkResponse({ standardSchema: lookupResponse })
  async lookup(
    @Query({ schema: lookupQuery }) q: LookupQuery,
    @Req() request: ViewerRequest,
  ): Promise<LgLookupResponse> {
    return this.lg.lookup(q.q, parsePageRequest(q.page, q.page_size), await this.viewers.viewerOf(request));
  }

  private async routes(
    p: NeighborParams,
    q: RoutesQuery,
    request: ViewerRequest,
    kind: LgRouteKind,
  ): Promise<LgRoutesResponse> {
    const page = parsePageRequest(q.page, q.page_size);
    return this.lg.routes(
      p.routeServerId,
      p.neighborId,
      kind,
      page,
      q.q,
      await this.viewers.viewerOf(request),
    );
  }
}
